package io.switchboard.recording.internal;

import io.switchboard.api.event.CanonicalEvent;
import io.switchboard.api.recording.Recording;
import io.switchboard.api.recording.RecordingProfile;
import io.switchboard.api.recording.RecordingRules;
import io.switchboard.api.recording.Segment;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One resource manager of the active-active pair. It turns call events into recordings (start on
 * CallEstablished when the tenant's rules select the call, pause on hold when the profile says
 * so, stop when the call's last DN releases), picks the media server, and keeps everything it
 * decides in the {@link SharedState}: the other manager can carry on with any call. Its health
 * round moves each call off a failed media server onto another (a new segment from that moment,
 * the gap stated) and adopts the recordings of a manager whose heartbeat stopped.
 */
final class ResourceManager {

    private static final Logger LOG = LoggerFactory.getLogger(ResourceManager.class);

    private final String name;
    private final SharedState state;
    private final MediaServerPool pool;
    private final SegmentFiles files;
    private final Clock clock;
    private final long managerTimeoutMillis;
    private volatile boolean alive = true;

    final AtomicLong started = new AtomicLong();
    final AtomicLong stopped = new AtomicLong();
    final AtomicLong failovers = new AtomicLong();
    final AtomicLong unrecorded = new AtomicLong();
    final AtomicLong adopted = new AtomicLong();

    ResourceManager(String name, SharedState state, MediaServerPool pool, SegmentFiles files, Clock clock,
            long managerTimeoutMillis) {
        this.name = name;
        this.state = state;
        this.pool = pool;
        this.files = files;
        this.clock = clock;
        this.managerTimeoutMillis = managerTimeoutMillis;
        heartbeat();
    }

    String name() {
        return name;
    }

    boolean alive() {
        return alive;
    }

    /** Stops heartbeating and handling anything, as a crashed process would. */
    void kill() {
        alive = false;
        LOG.warn("Resource manager {} killed", name);
    }

    void heartbeat() {
        if (alive) {
            state.managers().put(name, clock.millis());
        }
    }

    boolean isAlive(String manager) {
        Long hb = state.managers().get(manager);
        return hb != null && clock.millis() - hb < managerTimeoutMillis;
    }

    static String key(String tenant, String call) {
        return tenant + "|" + call;
    }

    void handle(CanonicalEvent e) {
        if (!alive || e.call() == null || e.tenant() == null) {
            return;
        }
        String key = key(e.tenant(), e.call());
        switch (e.type()) {
            case CallQueued, CallDiverted -> {
                if (e.queue() != null) {
                    state.callQueues().put(key, e.queue());
                }
            }
            case CallEstablished -> established(key, e);
            case CallHeld -> hold(key, true);
            case CallRetrieved -> hold(key, false);
            case CallReleased -> released(key, e);
            case CallAbandoned, CallCleared -> {
                if (!state.active().containsKey(key)) {
                    state.callQueues().remove(key);
                }
            }
            default -> {
            }
        }
    }

    private void established(String key, CanonicalEvent e) {
        state.lock(key);
        try {
            String id = state.active().get(key);
            if (id != null) {
                Recording r = state.recordings().get(id);
                if (r != null && e.dn() != null && !r.dns().contains(e.dn())) {
                    List<String> dns = new ArrayList<>(r.dns());
                    dns.add(e.dn());
                    state.recordings().put(id, r.withDns(dns));
                }
                return;
            }
            RecordingRules rules = state.rules().get(e.tenant());
            String queue = e.queue() != null ? e.queue() : state.callQueues().get(key);
            if (rules == null || !rules.selects(e.tenant(), e.call(), queue, e.agent())) {
                return;
            }
            long now = clock.millis();
            id = "rec-" + UUID.randomUUID();
            Recording r = new Recording(id, e.tenant(), e.call(), e.agent(), e.dn(), queue, now, null,
                    Recording.RECORDING, List.of(), true, name, e.dn() == null ? List.of() : List.of(e.dn()));
            Segment seg = startSegment(r, 0, now, 0, rules.profile(), null);
            if (seg == null) {
                // kept without a segment: the health rounds start one when a media server can take it
                unrecorded.incrementAndGet();
                LOG.warn("Call {} of tenant {} waits for a media server: none healthy with room in pool {}",
                        e.call(), e.tenant(), rules.profile().pool() == null ? "(any)" : rules.profile().pool());
            }
            state.recordings().put(id, seg == null ? r : r.withSegment(seg));
            state.active().put(key, id);
            started.incrementAndGet();
        } finally {
            state.unlock(key);
        }
    }

    /** Starts segment {@code index} on the best media server; null when none takes it. */
    private Segment startSegment(Recording r, int index, long now, long gap, RecordingProfile profile, String avoid) {
        for (int attempt = 0; attempt < 3; attempt++) {
            MediaServer m = pool.pick(profile.pool(), avoid);
            if (m == null) {
                return null;
            }
            String file = SegmentFiles.name(r.tenant(), r.id(), index, now);
            SegmentWriter w;
            try {
                w = files.open(file, r.tenant());
            } catch (java.io.IOException ex) {
                LOG.error("Recording {}: segment file {} not created: {}", r.id(), file, ex.getMessage());
                return null;
            }
            long from = m.record(r.id(), index, r.call(), r.start(), w, this::progress);
            if (from >= 0) {
                // the gap runs to the first frame the new server records, not to when it was chosen
                return new Segment(index, m.name(), from, null, gap + Math.max(0, from - now), file, w.bytes(), 0,
                        false);
            }
            w.abort();
            avoid = m.name();
        }
        return null;
    }

    /** A chunk reached the store: the segment's durable end moves on (never back). */
    void progress(String id, int segment, int chunks, long until, long bytes) {
        state.recordings().computeIfPresent(id, (k, r) -> {
            if (segment >= r.segments().size()) {
                return r;
            }
            Segment s = r.segments().get(segment);
            if (s.complete() || chunks <= s.chunks()) {
                return r;
            }
            return r.withSegment(s.withProgress(until, bytes, chunks));
        });
    }

    private RecordingProfile profile(String tenant) {
        RecordingRules rules = state.rules().get(tenant);
        return rules == null ? RecordingProfile.DEFAULT : rules.profile();
    }

    private void hold(String key, boolean held) {
        state.lock(key);
        try {
            String id = state.active().get(key);
            Recording r = id == null ? null : state.recordings().get(id);
            if (r == null) {
                return;
            }
            boolean pause = profile(r.tenant()).pauseOnHold();
            MediaServer m = r.mediaServer() == null ? null : pool.get(r.mediaServer());
            if (m != null) {
                m.hold(id, held, pause);
            }
            String s = held && pause ? Recording.PAUSED : Recording.RECORDING;
            if (!s.equals(r.state())) {
                state.recordings().computeIfPresent(id, (k, cur) -> cur.withState(s));
            }
        } finally {
            state.unlock(key);
        }
    }

    private void released(String key, CanonicalEvent e) {
        state.lock(key);
        try {
            String id = state.active().get(key);
            Recording r = id == null ? null : state.recordings().get(id);
            if (r == null) {
                state.callQueues().remove(key);
                return;
            }
            if (e.dn() != null && r.dns().contains(e.dn()) && r.dns().size() > 1) {
                List<String> dns = new ArrayList<>(r.dns());
                dns.remove(e.dn());
                state.recordings().put(id, r.withDns(dns));
                return;
            }
            Segment last = r.lastSegment();
            MediaServer m = last == null ? null : pool.get(last.mediaServer());
            MediaServer.Stopped st = m == null ? null : m.stop(id);
            long now = clock.millis();
            state.recordings().computeIfPresent(id, (k, cur) -> {
                Segment s = cur.lastSegment();
                if (s == null) {
                    // no media server took it during the whole call
                    return cur.withDns(List.of()).withEnd(now);
                }
                Segment closed = st != null
                        ? new Segment(s.index(), s.mediaServer(), s.start(), st.until(), s.gapMillis(), s.file(),
                                st.bytes(), st.chunks(), true)
                        : s.closed(false);
                return cur.withSegment(closed).withDns(List.of()).withEnd(now);
            });
            state.active().remove(key, id);
            state.callQueues().remove(key);
            stopped.incrementAndGet();
        } finally {
            state.unlock(key);
        }
    }

    /**
     * The health round: heartbeat, adopt the recordings of dead managers, move the recordings of
     * failed media servers. Returns how many recordings moved to another media server.
     */
    int healthRound() {
        if (!alive) {
            return 0;
        }
        heartbeat();
        int moved = 0;
        for (Map.Entry<String, String> a : state.active().entrySet()) {
            Recording r = state.recordings().get(a.getValue());
            if (r == null || Recording.DONE.equals(r.state())) {
                continue;
            }
            if (!name.equals(r.manager())) {
                if (isAlive(r.manager())) {
                    continue;
                }
                if (!adopt(a.getKey(), a.getValue())) {
                    continue;
                }
            }
            Segment last = r.lastSegment();
            MediaServer m = last == null ? null : pool.get(last.mediaServer());
            if (m != null && m.healthy() && m.has(r.id())) {
                continue;
            }
            if (failover(a.getKey(), a.getValue())) {
                moved++;
            }
        }
        return moved;
    }

    private boolean adopt(String key, String id) {
        state.lock(key);
        try {
            Recording r = state.recordings().get(id);
            if (r == null || name.equals(r.manager()) || isAlive(r.manager())) {
                return r != null && name.equals(r.manager());
            }
            state.recordings().put(id, r.withManager(name));
            adopted.incrementAndGet();
            LOG.warn("Resource manager {} took over recording {} of call {} from {} (no heartbeat)", name, id,
                    r.call(), r.manager());
            return true;
        } finally {
            state.unlock(key);
        }
    }

    private boolean failover(String key, String id) {
        state.lock(key);
        try {
            Recording r = state.recordings().get(id);
            if (r == null || Recording.DONE.equals(r.state()) || !id.equals(state.active().get(key))) {
                return false;
            }
            Segment last = r.lastSegment();
            MediaServer old = last == null ? null : pool.get(last.mediaServer());
            if (old != null && old.healthy() && old.has(id)) {
                return false;
            }
            long now = clock.millis();
            // a recording that no media server took yet starts its first segment, the gap from the call's start
            long gap = last == null ? Math.max(0, now - r.start()) : Math.max(0, now - last.closed(false).end());
            RecordingProfile profile = profile(r.tenant());
            Segment next = startSegment(r, last == null ? 0 : last.index() + 1, now, gap, profile,
                    last == null ? null : last.mediaServer());
            if (next == null) {
                // no server now: the next round tries again, and the gap grows by the wait
                return false;
            }
            state.recordings().computeIfPresent(id, (k, cur) -> {
                if (last == null) {
                    return cur.withSegment(next);
                }
                Segment s = cur.segments().get(last.index());
                return cur.withSegment(s.closed(false)).withSegment(next);
            });
            MediaServer m = pool.get(next.mediaServer());
            if (Recording.PAUSED.equals(r.state()) && m != null) {
                m.hold(id, true, true);
            }
            if (last != null) {
                failovers.incrementAndGet();
            }
            LOG.warn("Recording {} of call {}: media server {} failed, segment {} goes on {} after a gap of {} ms",
                    id, r.call(), last == null ? "(none yet)" : last.mediaServer(), next.index(),
                    next.mediaServer(), gap);
            return true;
        } finally {
            state.unlock(key);
        }
    }
}
