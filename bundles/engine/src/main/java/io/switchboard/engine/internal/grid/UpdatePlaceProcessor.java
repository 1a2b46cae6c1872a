package io.switchboard.engine.internal.grid;

import com.hazelcast.map.EntryProcessor;
import io.switchboard.engine.internal.core.ActionRecord;
import io.switchboard.engine.internal.core.PlaceState;
import io.switchboard.engine.internal.core.StatusPriority;
import java.util.List;
import java.util.Map;

/**
 * Records agents' contributions (a null contribution: the agent left) at a place, on the place's
 * partition, all of a batch's in one operation and in order.
 */
final class UpdatePlaceProcessor extends HandOff {

    private static final long serialVersionUID = 1L;

    /** One agent event's effect on this place. */
    record Update(String agent, PlaceState.Contribution contribution, List<ActionRecord> changes, long ts,
            String source, long seq) {
    }

    final List<Update> updates;
    final List<String> priority;
    final long historyMillis;

    UpdatePlaceProcessor(List<Update> updates, List<String> priority, long historyMillis) {
        this.updates = updates;
        this.priority = priority;
        this.historyMillis = historyMillis;
    }

    @Override
    protected Object run(Map.Entry<String, Object> entry) {
        PlaceState place = (PlaceState) Detached.attach(entry.getValue());
        if (place == null) {
            place = new PlaceState(Keys.tenantOf(entry.getKey()), Keys.idOf(entry.getKey()));
        }
        StatusPriority table = priority == null ? StatusPriority.DEFAULT : new StatusPriority(priority);
        for (Update u : updates) {
            // place updates come after the objects' phase: a channel of their own keeps them in order
            if (place.applied.mark(u.source() + "/place", u.seq())) {
                place.update(u.agent(), u.contribution(), u.changes(), u.ts(), table);
                place.history().pruneEvery(u.ts() - historyMillis, ApplyEventProcessor.PRUNE_EVERY_MS);
            }
        }
        entry.setValue(place);
        return new Changed(ApplyEventProcessor.drainChanges(place));
    }
}
