package io.switchboard.engine.internal.grid;

import com.hazelcast.map.EntryProcessor;
import io.switchboard.api.event.CanonicalEvent;
import io.switchboard.api.model.ObjectType;
import io.switchboard.engine.internal.core.ActionRecord;
import io.switchboard.engine.internal.core.AgentState;
import io.switchboard.engine.internal.core.Applied;
import io.switchboard.engine.internal.core.DnState;
import io.switchboard.engine.internal.core.EndpointState;
import io.switchboard.engine.internal.core.PlaceState;
import io.switchboard.engine.internal.core.QueueState;
import io.switchboard.engine.internal.core.StatusPriority;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Applies a batch's events for one object, in order, on the partition that owns it (and again on
 * its backups: the state machines are deterministic in the events). One operation per object
 * and batch: separate operations could be retried out of order when a member dies. Returns, per
 * event, a {@link PlaceUpdate} for agents at a place, else null; then what changed in the
 * object's histories ({@link Changed}).
 */
final class ApplyEventProcessor extends HandOff {

    private static final long serialVersionUID = 1L;

    /** Histories are pruned at most this often (event time): pruning scans a whole history. */
    static final long PRUNE_EVERY_MS = 60_000;

    final List<CanonicalEvent> events;
    /** Null means the default table; a tenant's own table travels with its events. */
    final List<String> priority;
    /** How long finished actions are kept. */
    final long historyMillis;

    ApplyEventProcessor(List<CanonicalEvent> events, List<String> priority, long historyMillis) {
        this.events = events;
        this.priority = priority;
        this.historyMillis = historyMillis;
    }

    @Override
    protected Object run(Map.Entry<String, Object> entry) {
        StatusPriority table = priority == null ? StatusPriority.DEFAULT : new StatusPriority(priority);
        String key = entry.getKey();
        ObjectType type = Keys.typeOf(key);
        Object state = Detached.attach(entry.getValue());
        if (state == null) {
            state = switch (type) {
                case Agent -> new AgentState(Keys.tenantOf(key), Keys.idOf(key));
                case DN -> new DnState(Keys.tenantOf(key), Keys.idOf(key));
                case Queue -> new QueueState(Keys.tenantOf(key), Keys.idOf(key));
                default -> throw new IllegalStateException("events are not applied to " + type + " objects");
            };
        }
        ArrayList<Object> results = new ArrayList<>(events.size());
        for (CanonicalEvent event : events) {
            results.add(apply(state, event, table));
        }
        entry.setValue(state);
        results.add(new Changed(drainChanges(state)));
        return results;
    }

    /** What changed in an object's histories since the last operation (its DNs' too, for an agent). */
    static List<String> drainChanges(Object state) {
        java.util.Set<String> changed = new java.util.HashSet<>(8);
        if (state instanceof AgentState agent) {
            agent.history().drainChanges(changed);
            for (EndpointState ep : agent.endpoints().values()) {
                ep.history().drainChanges(changed);
            }
        } else if (state instanceof DnState dn) {
            dn.endpoint().history().drainChanges(changed);
        } else if (state instanceof QueueState queue) {
            queue.history().drainChanges(changed);
        } else if (state instanceof PlaceState place) {
            place.history().drainChanges(changed);
        }
        return List.copyOf(changed);
    }

    private Object apply(Object state, CanonicalEvent event, StatusPriority table) {
        long horizon = event.ts() - historyMillis;
        if (state instanceof AgentState agent) {
            Applied applied = agent.applied;
            if (!applied.mark(event.source(), event.seq())) {
                return applied.lastResult(event.source(), event.seq());
            }
            String placeBefore = agent.place();
            List<ActionRecord> changes = agent.apply(event, table);
            agent.history().pruneEvery(horizon, PRUNE_EVERY_MS);
            for (EndpointState ep : agent.endpoints().values()) {
                ep.history().pruneEvery(horizon, PRUNE_EVERY_MS);
            }
            PlaceUpdate result = null;
            if (agent.place() != null) {
                result = new PlaceUpdate(agent.tenant(), agent.id(),
                        placeBefore != null && !placeBefore.equals(agent.place()) ? placeBefore : null,
                        agent.place(), PlaceState.Contribution.of(agent, event.ts()), changes, event.ts(), event.source(),
                        event.seq());
            }
            applied.remember(event.source(), event.seq(), result);
            return result;
        }
        if (state instanceof DnState dn) {
            if (dn.applied.mark(event.source(), event.seq())) {
                dn.apply(event, table);
                dn.endpoint().history().pruneEvery(horizon, PRUNE_EVERY_MS);
            }
            return null;
        }
        QueueState queue = (QueueState) state;
        if (queue.applied.mark(event.source(), event.seq())) {
            queue.apply(event);
            queue.history().pruneEvery(horizon, PRUNE_EVERY_MS);
        }
        return null;
    }
}
