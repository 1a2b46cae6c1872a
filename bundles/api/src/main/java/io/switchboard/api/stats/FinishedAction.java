package io.switchboard.api.stats;

import java.util.Map;

/**
 * A finished action as category plug-ins see it: its name, start and end (epoch ms; an instant
 * action's start is when what it measures began), its media and its call's attached data.
 */
public record FinishedAction(String name, long start, long end, boolean instant, String media,
        Map<String, String> data) {

    public long durationMillis() {
        return end - start;
    }
}
