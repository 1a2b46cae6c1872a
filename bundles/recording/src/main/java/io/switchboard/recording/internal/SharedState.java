package io.switchboard.recording.internal;

import io.switchboard.api.recording.Recording;
import io.switchboard.api.recording.RecordingRules;
import java.util.concurrent.ConcurrentMap;

/**
 * What the resource managers share, so that either knows every session: in Karaf Hazelcast
 * maps of the grid (with explicit codecs), in tests plain concurrent maps that two managers
 * share the way two grid members would.
 */
interface SharedState {

    /** Every recording by id, in progress or done: the catalog that searches read. */
    ConcurrentMap<String, Recording> recordings();

    /** The call's affinity: {@code tenant|call} to the id of its recording in progress. */
    ConcurrentMap<String, String> active();

    /** {@code tenant|call} to the queue it was last queued or distributed from. */
    ConcurrentMap<String, String> callQueues();

    ConcurrentMap<String, RecordingRules> rules();

    /**
     * Calls {@code changed} with the new value of every recording added or changed from now on,
     * wherever it changed (on a quick thread: it must not block); the returned action stops it.
     */
    Runnable listenRecordings(java.util.function.Consumer<Recording> changed);

    /** Manager name to its last heartbeat (epoch ms). */
    ConcurrentMap<String, Long> managers();

    /** Per event source, the last seq applied: the bus delivers at least once, in seq order per source. */
    ConcurrentMap<String, Long> positions();

    /** A lock on one call (held while a manager changes its recording) across all managers. */
    void lock(String key);

    void unlock(String key);
}
