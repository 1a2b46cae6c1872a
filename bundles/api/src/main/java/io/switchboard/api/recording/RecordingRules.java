package io.switchboard.api.recording;

import java.util.List;

/**
 * Which calls of a tenant are recorded. A call qualifies when its queue is one of
 * {@code queues} or its agent one of {@code agents}; with both lists empty every call
 * qualifies. Of the qualifying calls, {@code percentage} (0–100) are recorded, chosen by a hash
 * of the call id so that every node and every retry makes the same choice.
 */
public record RecordingRules(List<String> queues, List<String> agents, double percentage, RecordingProfile profile) {

    public RecordingRules {
        queues = queues == null ? List.of() : List.copyOf(queues);
        agents = agents == null ? List.of() : List.copyOf(agents);
        profile = profile == null ? RecordingProfile.DEFAULT : profile;
        if (!(percentage >= 0 && percentage <= 100)) {
            throw new IllegalArgumentException("percentage must be between 0 and 100");
        }
    }

    /** True when a call at {@code queue} (may be null) answered by {@code agent} (may be null) is recorded. */
    public boolean selects(String tenant, String call, String queue, String agent) {
        boolean qualifies = (queues.isEmpty() && agents.isEmpty())
                || (queue != null && queues.contains(queue))
                || (agent != null && agents.contains(agent));
        if (!qualifies) {
            return false;
        }
        if (percentage >= 100) {
            return true;
        }
        // 0..9999, stable for a call id
        int bucket = Math.floorMod((tenant + "|" + call).hashCode() * 0x9E3779B1, 10000);
        return bucket < percentage * 100;
    }
}
