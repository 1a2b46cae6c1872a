package io.switchboard.engine.internal.stats;

import io.switchboard.api.model.StatType;
import io.switchboard.engine.internal.core.IdentityMemo;
import java.util.ArrayList;
import java.util.List;

/**
 * Fine point 11: CallAnswered and CallAbandoned exist on the agent and on the queue side, and a
 * tenant counts them from the queue side. Its agents are evaluated with this stat type instead.
 */
public final class TenantSides {

    /**
     * The agent-side mask of a definition's mask, by the mask's identity: the same instance each
     * time, so the parsed masks and tally keys remembered by identity are found again.
     */
    private static final IdentityMemo<List<String>, List<String>> WITHOUT = new IdentityMemo<>(TenantSides::without);

    private TenantSides() {
    }

    /** The stat type as a tenant's agent side counts it: without the queue-side names. */
    public static StatType agentSide(StatType t) {
        return new StatType(t.name(), t.objects(), t.category(), t.subject(), WITHOUT.get(t.mask()), WITHOUT.get(t.relMask()),
                t.range(), t.formula());
    }

    private static List<String> without(List<String> mask) {
        if (mask.isEmpty()) {
            return mask;
        }
        List<String> m = new ArrayList<>(mask);
        m.add("~CallAnswered");
        m.add("~CallAbandoned");
        return List.copyOf(m);
    }
}
