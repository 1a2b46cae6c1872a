package io.switchboard.api.interaction;

import java.util.Comparator;
import java.util.Map;

/**
 * One interaction as a node stores it. {@code submitted} (epoch ms) and {@code priority} give the
 * queue order; {@code agent} is set once accepted, {@code workbin}/{@code owner} while in a workbin.
 */
public record Interaction(String id, String node, String tenant, String media, String queue, int priority,
        long submitted, State state, String agent, String workbin, String owner, Map<String, String> data,
        String reason) {

    public enum State { QUEUED, OFFERED, ACCEPTED, WORKBIN, STOPPED }

    /** Highest priority first, then oldest first; the id breaks ties so that merges are stable. */
    public static final Comparator<Interaction> QUEUE_ORDER = Comparator
            .comparingInt(Interaction::priority).reversed()
            .thenComparingLong(Interaction::submitted)
            .thenComparing(Interaction::id);

    /** Oldest first whatever the priority (a view ordered by age only). */
    public static final Comparator<Interaction> AGE_ORDER = Comparator
            .comparingLong(Interaction::submitted)
            .thenComparing(Interaction::id);

    /** How a view (queue + order) sorts its interactions for pulls. */
    public enum ViewOrder {
        /** Highest priority first, then oldest first (the default). */
        PRIORITY,
        /** Oldest first. */
        AGE;

        public Comparator<Interaction> comparator() {
            return this == AGE ? AGE_ORDER : QUEUE_ORDER;
        }
    }

    public Interaction {
        data = data == null ? Map.of() : Map.copyOf(data);
    }
}
