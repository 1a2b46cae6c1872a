package io.switchboard.engine.internal.core;

import io.switchboard.api.event.CanonicalEvent;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the engine knows of one call across objects: its attached data merged over all its
 * events (fine point 12), when it entered each queue it waits in, and the queue it was last
 * distributed from, so that its establishment counts CallAnswered once on that queue (fine
 * point 14).
 */
public final class CallTrack {

    /** Events already applied here, by source (retries after a member died change nothing). */
    public final Applied applied = new Applied();

    /** What one event of the call needs to know: the merged data and, on answer, the queue. */
    public record Info(Map<String, String> data, String answeredQueue, long queuedAt, String media) {
    }

    final LinkedHashMap<String, String> data = new LinkedHashMap<>();
    final LinkedHashMap<String, Long> queuedAt = new LinkedHashMap<>();
    String distributedFrom;
    long distributedQueuedAt;
    boolean answered;

    public Info apply(CanonicalEvent e) {
        data.putAll(e.data());
        String answeredQueue = null;
        long answeredQueuedAt = 0;
        switch (e.type()) {
            case CallQueued:
                queuedAt.putIfAbsent(e.queue(), e.ts());
                break;
            case CallDiverted: {
                Long at = queuedAt.remove(e.queue());
                if (at != null) {
                    distributedFrom = e.queue();
                    distributedQueuedAt = at;
                }
                break;
            }
            case CallAbandoned:
            case CallCleared:
                if (e.queue() != null) {
                    queuedAt.remove(e.queue());
                }
                break;
            case CallEstablished:
                if (distributedFrom != null && !answered) {
                    answered = true;
                    answeredQueue = distributedFrom;
                    answeredQueuedAt = distributedQueuedAt;
                }
                break;
            default:
                break;
        }
        return new Info(Map.copyOf(data), answeredQueue, answeredQueuedAt, e.media());
    }
}
