package io.switchboard.recording.internal;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.switchboard.api.recording.Recording;
import io.switchboard.api.recording.RecordingRules;
import java.util.concurrent.ConcurrentMap;

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
