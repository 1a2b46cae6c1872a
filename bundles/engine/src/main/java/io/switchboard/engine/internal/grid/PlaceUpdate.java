package io.switchboard.engine.internal.grid;

import io.switchboard.engine.internal.core.ActionRecord;
import io.switchboard.engine.internal.core.PlaceState;
import java.util.List;

/**
 * What an agent event means for places: the agent's contribution to its current place, and the
 * place it left (if its login moved it).
 */
record PlaceUpdate(String tenant, String agent, String leftPlace, String place, PlaceState.Contribution contribution,
        List<ActionRecord> changes, long ts, String source, long seq) {
}
