package io.switchboard.engine.internal.pool;

import io.switchboard.api.stats.Notification;
import io.switchboard.api.stats.StatRequest;

/** A statistic of the persistent pool: its definition, how it notifies, and when it was last asked for. */
public record PooledStat(String ref, StatRequest request, Notification notification, long openedAt,
        long lastRequest) {

    PooledStat touched(long now, Notification latest) {
        return new PooledStat(ref, request, latest == null ? notification : latest, openedAt, now);
    }
}
