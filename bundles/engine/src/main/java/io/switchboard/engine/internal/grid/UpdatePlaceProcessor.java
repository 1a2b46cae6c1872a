package io.switchboard.engine.internal.grid;

import com.hazelcast.map.EntryProcessor;
import io.switchboard.engine.internal.core.PlaceState;
import io.switchboard.engine.internal.core.StatusPriority;
import java.util.List;
import java.util.Map;

/** Records one agent's contribution (null: the agent left) at a place, on the place's partition. */
final class UpdatePlaceProcessor implements EntryProcessor<String, Object, Object> {

    private static final long serialVersionUID = 1L;

    final String agent;
    final PlaceState.Contribution contribution;
    final long ts;
    final List<String> priority;

    UpdatePlaceProcessor(String agent, PlaceState.Contribution contribution, long ts, List<String> priority) {
        this.agent = agent;
        this.contribution = contribution;
        this.ts = ts;
        this.priority = priority;
    }

    @Override
    public Object process(Map.Entry<String, Object> entry) {
        PlaceState place = (PlaceState) entry.getValue();
        if (place == null) {
            place = new PlaceState(Keys.tenantOf(entry.getKey()), Keys.idOf(entry.getKey()));
        }
        place.update(agent, contribution, ts, priority == null ? StatusPriority.DEFAULT : new StatusPriority(priority));
        entry.setValue(place);
        return null;
    }
}
