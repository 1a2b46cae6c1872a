package io.switchboard.recording.internal;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import io.switchboard.api.recording.Recording;
import io.switchboard.api.recording.RecordingRules;
import java.util.UUID;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;

/** The shared state in the grid: every member's managers see every session and its affinity. */
final class GridState implements SharedState {

    private final IMap<String, Recording> recordings;
    private final IMap<String, String> active;
    private final IMap<String, String> callQueues;
    private final IMap<String, RecordingRules> rules;
    private final IMap<String, Long> managers;
    private final IMap<String, Long> positions;
    private final IMap<String, Boolean> locks;

    GridState(HazelcastInstance grid) {
        recordings = grid.getMap("sb.recording.recordings");
        active = grid.getMap("sb.recording.active");
        callQueues = grid.getMap("sb.recording.callqueues");
        rules = grid.getMap("sb.recording.rules");
        managers = grid.getMap("sb.recording.managers");
        positions = grid.getMap("sb.recording.positions");
        locks = grid.getMap("sb.recording.locks");
    }

    @Override
    public ConcurrentMap<String, Recording> recordings() {
        return recordings;
    }

    /** A listener of the whole map (not only local keys): every node's catalog gets every recording. */
    @Override
    public Runnable listenRecordings(Consumer<Recording> changed) {
        UUID id = recordings.addEntryListener(new Changes(changed), true);
        return () -> recordings.removeEntryListener(id);
    }

    private static final class Changes implements EntryAddedListener<String, Recording>,
            EntryUpdatedListener<String, Recording> {
        private final Consumer<Recording> changed;

        Changes(Consumer<Recording> changed) {
            this.changed = changed;
        }

        @Override
        public void entryAdded(EntryEvent<String, Recording> e) {
            changed.accept(e.getValue());
        }

        @Override
        public void entryUpdated(EntryEvent<String, Recording> e) {
            changed.accept(e.getValue());
        }
    }

    @Override
    public ConcurrentMap<String, String> active() {
        return active;
    }

    @Override
    public ConcurrentMap<String, String> callQueues() {
        return callQueues;
    }

    @Override
    public ConcurrentMap<String, RecordingRules> rules() {
        return rules;
    }

    @Override
    public ConcurrentMap<String, Long> managers() {
        return managers;
    }

    @Override
    public ConcurrentMap<String, Long> positions() {
        return positions;
    }

    @Override
    public void lock(String key) {
        locks.lock(key);
    }

    @Override
    public void unlock(String key) {
        if (locks.isLocked(key)) {
            try {
                locks.unlock(key);
            } catch (IllegalMonitorStateException notOurs) {
                // held by another thread or member: not ours to release
            }
        }
    }
}
