package io.switchboard.recording.internal;

import io.switchboard.api.recording.Recording;
import io.switchboard.api.recording.RecordingRules;
import java.util.concurrent.ConcurrentHashMap;
import java.util.List;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.concurrent.locks.ReentrantLock;

/** Shared state of one JVM: what the managers of one process (and the tests) share. */
final class LocalState implements SharedState {

    private final List<Consumer<Recording>> listeners = new CopyOnWriteArrayList<>();
    private final ConcurrentMap<String, Recording> recordings = new Notifying();
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
    public Runnable listenRecordings(Consumer<Recording> changed) {
        listeners.add(changed);
        return () -> listeners.remove(changed);
    }

    /** The recordings map telling the listeners of each new value, as the grid's entry listeners do. */
    private final class Notifying extends ConcurrentHashMap<String, Recording> {
        private static final long serialVersionUID = 1L;

        private Recording told(Recording r) {
            if (r != null) {
                listeners.forEach(l -> l.accept(r));
            }
            return r;
        }

        @Override
        public Recording put(String key, Recording value) {
            Recording old = super.put(key, value);
            told(value);
            return old;
        }

        @Override
        public Recording putIfAbsent(String key, Recording value) {
            Recording old = super.putIfAbsent(key, value);
            if (old == null) {
                told(value);
            }
            return old;
        }

        @Override
        public Recording computeIfPresent(String key,
                BiFunction<? super String, ? super Recording, ? extends Recording> f) {
            return told(super.computeIfPresent(key, f));
        }

        @Override
        public Recording compute(String key, BiFunction<? super String, ? super Recording, ? extends Recording> f) {
            return told(super.compute(key, f));
        }

        @Override
        public boolean replace(String key, Recording oldValue, Recording newValue) {
            boolean done = super.replace(key, oldValue, newValue);
            if (done) {
                told(newValue);
            }
            return done;
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
