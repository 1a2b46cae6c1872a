package io.switchboard.api.recording;

import java.util.ArrayList;
import java.util.List;

/**
 * One recording of one call. {@code state} is {@code recording}, {@code paused} or
 * {@code done}; {@code manager} is the resource manager that owns it now, {@code dns} the DNs
 * at which the call is established (the recording stops when the last one releases).
 */
public record Recording(String id, String tenant, String call, String agent, String dn, String queue,
        long start, Long end, String state, List<Segment> segments, boolean encrypted, String manager,
        List<String> dns) {

    public static final String RECORDING = "recording";
    public static final String PAUSED = "paused";
    public static final String DONE = "done";

    public Recording {
        segments = List.copyOf(segments);
        dns = List.copyOf(dns);
    }

    /** The media server of the newest segment. */
    public String mediaServer() {
        return segments.isEmpty() ? null : segments.get(segments.size() - 1).mediaServer();
    }

    public Segment lastSegment() {
        return segments.isEmpty() ? null : segments.get(segments.size() - 1);
    }

    /** Total time no media server recorded, over all failovers. */
    public long gapMillis() {
        return segments.stream().mapToLong(Segment::gapMillis).sum();
    }

    public Recording withState(String s) {
        return new Recording(id, tenant, call, agent, dn, queue, start, end, s, segments, encrypted, manager, dns);
    }

    public Recording withManager(String m) {
        return new Recording(id, tenant, call, agent, dn, queue, start, end, state, segments, encrypted, m, dns);
    }

    public Recording withDns(List<String> d) {
        return new Recording(id, tenant, call, agent, dn, queue, start, end, state, segments, encrypted, manager, d);
    }

    public Recording withEnd(long e) {
        return new Recording(id, tenant, call, agent, dn, queue, start, e, DONE, segments, encrypted, manager, dns);
    }

    /** This recording with its segment {@code index} replaced (or appended when it is the next one). */
    public Recording withSegment(Segment s) {
        List<Segment> all = new ArrayList<>(segments);
        if (s.index() < all.size()) {
            all.set(s.index(), s);
        } else {
            all.add(s);
        }
        return new Recording(id, tenant, call, agent, dn, queue, start, end, state, all, encrypted, manager, dns);
    }
}
