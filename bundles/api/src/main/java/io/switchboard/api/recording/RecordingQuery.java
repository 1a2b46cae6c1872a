package io.switchboard.api.recording;

/**
 * A search: every field may be null (no condition). {@code from}/{@code to} are epoch
 * milliseconds; a recording matches when it overlaps [from, to].
 */
public record RecordingQuery(String tenant, String call, String agent, Long from, Long to) {

    public boolean matches(Recording r) {
        if (tenant != null && !tenant.equals(r.tenant())) {
            return false;
        }
        if (call != null && !call.equals(r.call())) {
            return false;
        }
        if (agent != null && !agent.equals(r.agent())) {
            return false;
        }
        if (to != null && r.start() > to) {
            return false;
        }
        return from == null || r.end() == null || r.end() >= from;
    }
}
