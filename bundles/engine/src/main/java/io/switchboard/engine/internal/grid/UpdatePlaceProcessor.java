package io.switchboard.engine.internal.grid;

import com.hazelcast.map.EntryProcessor;
import io.switchboard.engine.internal.core.ActionRecord;
import io.switchboard.engine.internal.core.PlaceState;
import io.switchboard.engine.internal.core.StatusPriority;
import java.util.List;
import java.util.Map;

/** Records one agent's contribution (null: the agent left) at a place, on the place's partition. */
final class UpdatePlaceProcessor implements EntryProcessor<String, Object, Object> {

    private static final long serialVersionUID = 1L;

    final String agent;
    final PlaceState.Contribution contribution;
    final List<ActionRecord> changes;
    final long ts;
    final List<String> priority;
    final long historyMillis;

    UpdatePlaceProcessor(String agent, PlaceState.Contribution contribution, List<ActionRecord> changes, long ts,
            List<String> priority, long historyMillis) {
        this.agent = agent;
        this.contribution = contribution;
        this.changes = changes;
        this.ts = ts;
        this.priority = priority;
        this.historyMillis = historyMillis;
    }

    @Override
    public Object process(Map.Entry<String, Object> entry) {
        PlaceState place = (PlaceState) Detached.attach(entry.getValue());
        if (place == null) {
            place = new PlaceState(Keys.tenantOf(entry.getKey()), Keys.idOf(entry.getKey()));
        }
        place.update(agent, contribution, changes, ts,
                priority == null ? StatusPriority.DEFAULT : new StatusPriority(priority));
        place.history().pruneEvery(ts - historyMillis, ApplyEventProcessor.PRUNE_EVERY_MS);
        entry.setValue(place);
        return null;
    }
}
