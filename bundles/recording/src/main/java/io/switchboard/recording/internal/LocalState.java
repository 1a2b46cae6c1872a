package io.switchboard.recording.internal;

import io.switchboard.api.recording.Recording;
import io.switchboard.api.recording.RecordingRules;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;

/** Shared state of one JVM: what the managers of one process (and the tests) share. */
final class LocalState implements SharedState {

    private final ConcurrentMap<String, Recording> recordings = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, String> active = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, String> callQueues = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, RecordingRules> rules = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Long> managers = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Long> positions = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();

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
        locks.computeIfAbsent(key, k -> new ReentrantLock()).lock();
    }

    @Override
    public void unlock(String key) {
        ReentrantLock l = locks.get(key);
        if (l != null && l.isHeldByCurrentThread()) {
            l.unlock();
        }
    }
}
