package io.switchboard.engine.internal.grid;

import com.hazelcast.map.EntryProcessor;
import io.switchboard.api.event.CanonicalEvent;
import io.switchboard.api.model.ObjectType;
import io.switchboard.engine.internal.core.AgentState;
import io.switchboard.engine.internal.core.DnState;
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

    final CanonicalEvent event;
    /** Null means the default table; a tenant's own table travels with its events. */
    final List<String> priority;

    ApplyEventProcessor(CanonicalEvent event, List<String> priority) {
        this.event = event;
        this.priority = priority;
    }

    @Override
    public Object process(Map.Entry<String, Object> entry) {
        StatusPriority table = priority == null ? StatusPriority.DEFAULT : new StatusPriority(priority);
        String key = entry.getKey();
        ObjectType type = Keys.typeOf(key);
        Object result = null;
        switch (type) {
            case Agent: {
                AgentState agent = (AgentState) entry.getValue();
                if (agent == null) {
                    agent = new AgentState(Keys.tenantOf(key), Keys.idOf(key));
                }
                String placeBefore = agent.place();
                agent.apply(event, table);
                if (agent.place() != null) {
                    result = new PlaceUpdate(agent.tenant(), agent.id(),
                            placeBefore != null && !placeBefore.equals(agent.place()) ? placeBefore : null,
                            agent.place(), PlaceState.Contribution.of(agent), event.ts());
                }
                entry.setValue(agent);
                break;
            }
            case DN: {
                DnState dn = (DnState) entry.getValue();
                if (dn == null) {
                    dn = new DnState(Keys.tenantOf(key), Keys.idOf(key));
                }
                dn.apply(event, table);
                entry.setValue(dn);
                break;
            }
            case Queue: {
                QueueState queue = (QueueState) entry.getValue();
                if (queue == null) {
                    queue = new QueueState(Keys.tenantOf(key), Keys.idOf(key));
                }
                queue.apply(event);
                entry.setValue(queue);
                break;
            }
            default:
                throw new IllegalStateException("events are not applied to " + type + " objects");
        }
        return result;
    }
}
