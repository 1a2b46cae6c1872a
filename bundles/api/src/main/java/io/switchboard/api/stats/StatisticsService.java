package io.switchboard.api.stats;

import io.switchboard.api.model.ObjectRef;
import io.switchboard.api.model.ObjectState;
import io.switchboard.api.model.StatType;
import io.switchboard.api.model.StatValue;
import io.switchboard.api.model.TimeProfileDefinition;
import java.util.Collection;

/** Statistics for clients; failures are {@link io.switchboard.api.SwitchboardException}s. */
public interface StatisticsService {

    /** The value now, without opening anything. */
    StatValue peek(StatRequest request);

    /**
     * Opens a statistic for an in-process subscriber: the listener gets notifications by the
     * mode (nothing for {@code none}) until the subscription is closed. Invalid requests fail
     * as {@link #peek} does.
     */
    StatSubscription subscribe(StatRequest request, Notification notification, StatListener listener);

    /**
     * Opens a statistic in the persistent pool (STATISTICS.md "Persistence"): the same definition
     * always has the same ref, so re-opening finds the running one. Returns the ref and the value.
     */
    Opened open(StatRequest request, Notification notification);

    /** The value of a pooled statistic now; a 404 for an unknown ref. */
    StatValue peek(String ref);

    /** The client is done with it; the statistic stays in the pool. False for an unknown ref. */
    boolean close(String ref);

    /**
     * The current value of a pooled statistic (delivered before this returns), then its
     * notifications by its mode, each once, for one in-process listener.
     */
    StatSubscription subscribe(String ref, StatListener listener);

    /** A statistic opened in the pool. */
    record Opened(String ref, StatValue value) {
    }

    /** CurrentState of an Agent, Place or DN. */
    ObjectState state(ObjectRef object);

    /** A named stat type, or null. */
    StatType statType(String name);

    Collection<StatType> statTypes();

    /** Creates or replaces a stat type; an invalid one is a 400 naming the field. */
    StatType putStatType(StatType type);

    /** A named time profile, or null. */
    TimeProfileDefinition timeProfile(String name);

    Collection<TimeProfileDefinition> timeProfiles();

    /** Creates or replaces a named time profile; an invalid one is a 400 naming the field. */
    TimeProfileDefinition putTimeProfile(TimeProfileDefinition profile);

    /** Number of objects that have state in the engine. */
    long objectCount();
}
