package io.switchboard.engine.internal.grid;

import com.hazelcast.map.EntryProcessor;
import io.switchboard.api.event.CanonicalEvent;
import io.switchboard.api.model.ObjectType;
import io.switchboard.engine.internal.core.ActionRecord;
import io.switchboard.engine.internal.core.AgentState;
import io.switchboard.engine.internal.core.DnState;
import io.switchboard.engine.internal.core.EndpointState;
import io.switchboard.engine.internal.core.PlaceState;
import io.switchboard.engine.internal.core.QueueState;
import io.switchboard.engine.internal.core.StatusPriority;
import java.util.List;
import java.util.Map;

/**
 * Applies one event to one object's state on the partition that owns it (and again on its
 * backups: the state machines are deterministic in the event). Returns a {@link PlaceUpdate}
 * for agents at a place, else null.
 */
final class ApplyEventProcessor implements EntryProcessor<String, Object, Object> {

    private static final long serialVersionUID = 1L;

    /** Histories are pruned at most this often (event time): pruning scans a whole history. */
    static final long PRUNE_EVERY_MS = 60_000;

    final CanonicalEvent event;
    /** Null means the default table; a tenant's own table travels with its events. */
    final List<String> priority;
    /** How long finished actions are kept. */
    final long historyMillis;

    ApplyEventProcessor(CanonicalEvent event, List<String> priority, long historyMillis) {
        this.event = event;
        this.priority = priority;
        this.historyMillis = historyMillis;
    }

    @Override
    public Object process(Map.Entry<String, Object> entry) {
        StatusPriority table = priority == null ? StatusPriority.DEFAULT : new StatusPriority(priority);
        String key = entry.getKey();
        ObjectType type = Keys.typeOf(key);
        Object result = null;
        switch (type) {
            case Agent: {
                AgentState agent = (AgentState) Detached.attach(entry.getValue());
                if (agent == null) {
                    agent = new AgentState(Keys.tenantOf(key), Keys.idOf(key));
                }
                String placeBefore = agent.place();
                List<ActionRecord> changes = agent.apply(event, table);
                agent.history().pruneEvery(horizon(), PRUNE_EVERY_MS);
                for (EndpointState ep : agent.endpoints().values()) {
                    ep.history().pruneEvery(horizon(), PRUNE_EVERY_MS);
                }
                if (agent.place() != null) {
                    result = new PlaceUpdate(agent.tenant(), agent.id(),
                            placeBefore != null && !placeBefore.equals(agent.place()) ? placeBefore : null,
                            agent.place(), PlaceState.Contribution.of(agent), changes, event.ts());
                }
                entry.setValue(agent);
                break;
            }
            case DN: {
                DnState dn = (DnState) Detached.attach(entry.getValue());
                if (dn == null) {
                    dn = new DnState(Keys.tenantOf(key), Keys.idOf(key));
                }
                dn.apply(event, table);
                dn.endpoint().history().pruneEvery(horizon(), PRUNE_EVERY_MS);
                entry.setValue(dn);
                break;
            }
            case Queue: {
                QueueState queue = (QueueState) Detached.attach(entry.getValue());
                if (queue == null) {
                    queue = new QueueState(Keys.tenantOf(key), Keys.idOf(key));
                }
                queue.apply(event);
                queue.history().pruneEvery(horizon(), PRUNE_EVERY_MS);
                entry.setValue(queue);
                break;
            }
            default:
                throw new IllegalStateException("events are not applied to " + type + " objects");
        }
        return result;
    }

    private long horizon() {
        return event.ts() - historyMillis;
    }
}
