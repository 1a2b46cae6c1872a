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

    /**
     * Opens many statistics at once, as {@link #open} would one by one: the outcome of each, in
     * the order asked. One request's failure fails only that request.
     */
    default java.util.List<OpenOutcome> openAll(java.util.List<StatRequest> requests,
            java.util.List<Notification> notifications) {
        if (requests.size() != notifications.size()) {
            throw new IllegalArgumentException("one notification per request");
        }
        java.util.List<OpenOutcome> out = new java.util.ArrayList<>(requests.size());
        for (int i = 0; i < requests.size(); i++) {
            try {
                out.add(OpenOutcome.of(open(requests.get(i), notifications.get(i))));
            } catch (io.switchboard.api.SwitchboardException e) {
                out.add(OpenOutcome.failed(e));
            }
        }
        return out;
    }

    /** One request of {@link #openAll}: opened, or failed as {@link #open} would have thrown. */
    record OpenOutcome(Opened opened, io.switchboard.api.SwitchboardException failure) {
        public static OpenOutcome of(Opened opened) {
            return new OpenOutcome(opened, null);
        }

        public static OpenOutcome failed(io.switchboard.api.SwitchboardException failure) {
            return new OpenOutcome(null, failure);
        }
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
