package io.switchboard.engine.internal.core;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A status priority table (highest first); names not in the table rank below all others. */
public final class StatusPriority {

    public static final StatusPriority DEFAULT = new StatusPriority(Actions.DEFAULT_PRIORITY);

    private final List<String> order;
    private final Map<String, Integer> rank = new HashMap<>();

    public StatusPriority(List<String> order) {
        this.order = List.copyOf(order);
        for (int i = 0; i < this.order.size(); i++) {
            rank.putIfAbsent(this.order.get(i), i);
        }
    }

    public List<String> order() {
        return order;
    }

    public boolean isDefault() {
        return order.equals(Actions.DEFAULT_PRIORITY);
    }

    /** Lower is higher priority. */
    public int rank(String status) {
        Integer r = rank.get(status);
        return r == null ? Integer.MAX_VALUE - 1 : r;
    }

    /** The highest-priority running action (the first one wins a tie), or null if none. */
    public RunningAction top(Collection<RunningAction> running) {
        RunningAction best = null;
        int bestRank = Integer.MAX_VALUE;
        for (RunningAction r : running) {
            int k = rank(r.name());
            if (k < bestRank) {
                best = r;
                bestRank = k;
            }
        }
        return best;
    }

    /** The higher of two statuses; LoggedOut is below everything. */
    public String higher(String a, String b) {
        if (a == null || Actions.LOGGED_OUT.equals(a)) {
            return b;
        }
        if (b == null || Actions.LOGGED_OUT.equals(b)) {
            return a;
        }
        return rank(b) < rank(a) ? b : a;
    }
}
