package io.switchboard.engine.internal.stats;

import io.switchboard.api.model.StatType;
import java.util.ArrayList;
import java.util.List;

/**
 * Fine point 11: CallAnswered and CallAbandoned exist on the agent and on the queue side, and a
 * tenant counts them from the queue side. Its agents are evaluated with this stat type instead.
 */
public final class TenantSides {

    private TenantSides() {
    }

    /** The stat type as a tenant's agent side counts it: without the queue-side names. */
    public static StatType agentSide(StatType t) {
        return new StatType(t.name(), t.objects(), t.category(), t.subject(), without(t.mask()), without(t.relMask()),
                t.range(), t.formula());
    }

    private static List<String> without(List<String> mask) {
        if (mask.isEmpty()) {
            return mask;
        }
        List<String> m = new ArrayList<>(mask);
        m.add("~CallAnswered");
        m.add("~CallAbandoned");
        return m;
    }
}
