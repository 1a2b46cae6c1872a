package io.switchboard.rest.internal;

import java.util.List;

/**
 * One Server-Sent Events client as management sees it: its peer, when it connected (epoch ms),
 * the refs it streams, the values waiting for it, and since when it takes nothing (0 if it keeps up).
 */
public record StreamInfo(String peer, long since, List<String> refs, int pending, long stalledSince) {
    public StreamInfo {
        refs = List.copyOf(refs);
    }
}
