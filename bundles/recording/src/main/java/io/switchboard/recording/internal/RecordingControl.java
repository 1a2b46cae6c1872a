package io.switchboard.recording.internal;

import io.switchboard.api.SwitchboardException;
import io.switchboard.api.event.CanonicalEvent;
import io.switchboard.api.recording.ManagerInfo;
import io.switchboard.api.recording.MediaServerInfo;
import io.switchboard.api.recording.Recording;
import io.switchboard.api.recording.RecordingQuery;
import io.switchboard.api.recording.RecordingRules;
import io.switchboard.api.recording.RecordingService;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recording control plane of one node without OSGi: its resource managers, the media-server
 * pool, the store and the crypto service for playback. Each call event goes to the manager that
 * owns the call's recording, or (for a new call) to an alive manager chosen by the call id; a
 * health round of every alive manager runs every {@code healthMillis}.
 */
final class RecordingControl implements RecordingService, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RecordingControl.class);

    private final SharedState state;
    private final MediaServerPool pool;
    private final SegmentFiles files;
    private final Clock clock;
    private final List<ResourceManager> managers = new ArrayList<>();
    private ScheduledExecutorService health;

    RecordingControl(SharedState state, MediaServerPool pool, SegmentFiles files, List<String> managerNames,
            long managerTimeoutMillis, Clock clock) {
        this.state = state;
        this.pool = pool;
        this.files = files;
        this.clock = clock;
        for (String n : managerNames) {
            managers.add(new ResourceManager(n, state, pool, files, clock, managerTimeoutMillis));
        }
    }

    /** Starts the health rounds (tests may call {@link #healthRound()} themselves instead). */
    void start(long healthMillis) {
        health = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "recording-health");
            t.setDaemon(true);
            return t;
        });
        health.scheduleWithFixedDelay(() -> {
            try {
                healthRound();
            } catch (RuntimeException e) {
                LOG.error("Recording health round failed", e);
            }
        }, healthMillis, healthMillis, TimeUnit.MILLISECONDS);
    }

    int healthRound() {
        int moved = 0;
        for (ResourceManager m : managers) {
            moved += m.healthRound();
        }
        return moved;
    }

    List<ResourceManager> resourceManagers() {
        return managers;
    }

    ResourceManager manager(String name) {
        return managers.stream().filter(m -> m.name().equals(name)).findFirst().orElse(null);
    }

    MediaServerPool pool() {
        return pool;
    }

    SharedState state() {
        return state;
    }

    /** Events in journal order per source; a repeated one changes nothing (the life cycle is idempotent). */
    void accept(List<CanonicalEvent> events) {
        java.util.Map<String, Long> seen = new java.util.HashMap<>();
        for (CanonicalEvent e : events) {
            long last = seen.computeIfAbsent(e.source(), s -> state.positions().getOrDefault(s, 0L));
            if (e.seq() <= last) {
                continue;
            }
            seen.put(e.source(), e.seq());
            if (!e.type().isCallEvent() || e.call() == null) {
                continue;
            }
            ResourceManager m = route(e);
            if (m == null) {
                LOG.warn("No alive resource manager: event {} of call {} not handled", e.type(), e.call());
                continue;
            }
            m.handle(e);
        }
        seen.forEach((source, seq) -> state.positions().merge(source, seq, Math::max));
    }

    private ResourceManager route(CanonicalEvent e) {
        String id = state.active().get(ResourceManager.key(e.tenant(), e.call()));
        Recording r = id == null ? null : state.recordings().get(id);
        List<ResourceManager> alive = managers.stream().filter(ResourceManager::alive).toList();
        if (alive.isEmpty()) {
            return null;
        }
        if (r != null) {
            for (ResourceManager m : alive) {
                if (m.name().equals(r.manager())) {
                    return m;
                }
            }
        }
        return alive.get(Math.floorMod((e.tenant() + "|" + e.call()).hashCode(), alive.size()));
    }

    @Override
    public List<Recording> find(RecordingQuery query) {
        return state.recordings().values().stream().filter(query::matches)
                .sorted(Comparator.comparingLong(Recording::start).thenComparing(Recording::id)).toList();
    }

    @Override
    public Recording get(String id) {
        return state.recordings().get(id);
    }

    @Override
    public byte[] audio(String id) {
        Recording r = get(id);
        if (r == null) {
            throw SwitchboardException.notFound("no recording " + id, "id");
        }
        return audio(r);
    }

    byte[] audio(Recording r) {
        return Playback.wav(r, files.store(), files.crypto(), clock.millis());
    }

    @Override
    public RecordingRules rules(String tenant) {
        return state.rules().get(tenant);
    }

    @Override
    public void putRules(String tenant, RecordingRules rules) {
        if (tenant == null || tenant.isBlank()) {
            throw SwitchboardException.badRequest("tenant missing", "tenant");
        }
        state.rules().put(tenant, rules);
        LOG.info("Recording rules of tenant {}: {}", tenant, rules);
    }

    @Override
    public List<MediaServerInfo> mediaServers() {
        return pool.all().stream().map(MediaServer::info).toList();
    }

    @Override
    public List<ManagerInfo> managers() {
        List<ManagerInfo> out = new ArrayList<>();
        for (ResourceManager m : managers) {
            int owned = (int) state.active().values().stream().map(state.recordings()::get)
                    .filter(r -> r != null && m.name().equals(r.manager())).count();
            Long hb = state.managers().get(m.name());
            out.add(new ManagerInfo(m.name(), m.alive() && m.isAlive(m.name()), owned, hb == null ? 0 : hb));
        }
        return out;
    }

    long started() {
        return managers.stream().mapToLong(m -> m.started.get()).sum();
    }

    long failovers() {
        return managers.stream().mapToLong(m -> m.failovers.get()).sum();
    }

    long unrecorded() {
        return managers.stream().mapToLong(m -> m.unrecorded.get()).sum();
    }

    @Override
    public void close() {
        if (health != null) {
            health.shutdownNow();
            health = null;
        }
    }
}
