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
