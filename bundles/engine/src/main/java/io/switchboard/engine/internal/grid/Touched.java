package io.switchboard.engine.internal.grid;

import io.switchboard.engine.internal.stats.Changes;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The objects an applied batch touched, each with what changed in it ({@link Changes}; null:
 * anything may have), and the latest event time of the batch, as every node's notifier learns it.
 */
public record Touched(Map<String, List<String>> changes, long latest) {

    /** The touched keys. */
    public Collection<String> keys() {
        return changes.keySet();
    }
}
