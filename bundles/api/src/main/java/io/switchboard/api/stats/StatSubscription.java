package io.switchboard.api.stats;

import io.switchboard.api.model.StatValue;

/** An open statistic delivering notifications to one listener until closed. */
public interface StatSubscription extends AutoCloseable {

    String ref();

    /** The value now (a peek), whatever the mode. */
    StatValue current();

    /** Stops notifications; never throws. */
    @Override
    void close();
}
