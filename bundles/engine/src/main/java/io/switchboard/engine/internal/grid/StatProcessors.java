package io.switchboard.engine.internal.grid;

import com.hazelcast.core.ReadOnly;
import com.hazelcast.map.EntryProcessor;
import io.switchboard.api.event.CanonicalEvent;
import io.switchboard.api.model.ObjectType;
import io.switchboard.api.model.StatType;
import io.switchboard.engine.internal.core.AgentState;
import io.switchboard.engine.internal.core.CallTrack;
import io.switchboard.engine.internal.core.DnState;
import io.switchboard.engine.internal.core.Evaluator;
import io.switchboard.engine.internal.core.PlaceState;
import io.switchboard.engine.internal.core.QueueState;
import io.switchboard.engine.internal.stats.Partial;
import io.switchboard.engine.internal.stats.TenantSides;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The small entry processors and aggregators of the engine. */
final class StatProcessors {

    private StatProcessors() {
    }

    /**
     * Statistics of one object, computed on its partition in one grid operation (a peek's one, or
     * all of a notifier pass's): a value per query, in order, or the message of the error that
     * query raised.
     */
    static final class EvaluateMany extends HandOff implements ReadOnly {
        private static final long serialVersionUID = 1L;
        final List<StatQuery> queries;

        EvaluateMany(List<StatQuery> queries) {
            this.queries = queries;
        }

        @Override
        protected Object run(Map.Entry<String, Object> entry) {
            Object state = Detached.attach(entry.getValue());
            ArrayList<Object> out = new ArrayList<>(queries.size());
            for (StatQuery q : queries) {
                ObjectType type = q.endpoint() != null ? ObjectType.DN : Keys.typeOf(entry.getKey());
                try {
                    out.add(q.evaluate(type, state));
                } catch (IllegalArgumentException e) {
                    out.add(String.valueOf(e.getMessage()));
                }
            }
            return out;
        }

        @Override
        public EntryProcessor<String, Object, Object> getBackupProcessor() {
            return null;
        }
    }

    /** The CurrentState of an Agent, Place or DN (with {@code endpoint}: that DN of the agent). */
    static final class StateOf extends HandOff implements ReadOnly {
        private static final long serialVersionUID = 1L;
        final String endpoint;

        StateOf(String endpoint) {
            this.endpoint = endpoint;
        }

        @Override
        protected Object run(Map.Entry<String, Object> entry) {
            Object state = Detached.attach(entry.getValue());
            if (endpoint != null) {
                state = state instanceof AgentState a ? a.endpoints().get(endpoint) : null;
            }
            return Evaluator.currentState(state);
        }

        @Override
        public EntryProcessor<String, Object, Object> getBackupProcessor() {
            return null;
        }
    }

    /** A member's finished actions in its interval, for a plug-in category of a group. */
    static final class FinishedOf extends HandOff implements ReadOnly {
        private static final long serialVersionUID = 1L;
        final StatQuery query;

        FinishedOf(StatQuery query) {
            this.query = query;
        }

        @Override
        protected Object run(Map.Entry<String, Object> entry) {
            return new ArrayList<>(query.finished(Detached.attach(entry.getValue())));
        }

        @Override
        public EntryProcessor<String, Object, Object> getBackupProcessor() {
            return null;
        }
    }

    /**
     * A member's partials for several group or tenant values in one grid operation (a notifier
     * pass's groups that share the member, or a tenant's values on each of its objects): a
     * Partial per query, in order, or the message of the error that query raised.
     *
     * <p>With a {@code tenant} it runs on every entry of the map, one operation per partition on
     * the partition threads (so the objects' tallies may be used, where an aggregation would run
     * on query threads and scan), and answers only for that tenant's agents, agent-less DNs and
     * queues: places are their agents', CallAnswered and CallAbandoned exist on both sides and
     * count from the queue side (fine point 11), and with subject Status the members are the
     * agents (other queries give null).
     */
    static final class PartialsMany extends HandOff implements ReadOnly {
        private static final long serialVersionUID = 1L;
        final List<StatQuery> queries;
        /** Null for a group's member. */
        final String tenant;
        /**
         * For a tenant: the queries as its agents and DNs count them (fine point 11), made once
         * here rather than for every object of the scan (a new stat type per object missed every
         * cache of parsed masks and tally keys, a fifth of the scan).
         */
        private final List<StatQuery> agentSide;

        PartialsMany(List<StatQuery> queries) {
            this(queries, null);
        }

        PartialsMany(List<StatQuery> queries, String tenant) {
            this.queries = queries;
            this.tenant = tenant;
            if (tenant == null) {
                this.agentSide = null;
            } else {
                List<StatQuery> a = new ArrayList<>(queries.size());
                for (StatQuery q : queries) {
                    a.add(q.withType(TenantSides.agentSide(q.type())));
                }
                this.agentSide = a;
            }
        }

        @Override
        protected Object run(Map.Entry<String, Object> entry) {
            Object state = Detached.attach(entry.getValue());
            ObjectType type;
            if (tenant == null) {
                type = Keys.typeOf(entry.getKey());
            } else {
                // a tenant's scan visits every entry: the state says whose it is without
                // deserializing the key (a fifth of the scan's time)
                type = tenantTypeOf(state);
                if (type == null) {
                    String key = entry.getKey();
                    if (!ofTenant(key)) {
                        return null;
                    }
                    type = Keys.typeOf(key);
                } else if (type == ObjectType.Place) {
                    return null;
                }
            }
            ArrayList<Object> out = new ArrayList<>(queries.size());
            boolean agentSided = tenant != null && (type == ObjectType.Agent || type == ObjectType.DN);
            boolean any = false;
            for (int i = 0; i < queries.size(); i++) {
                Object p;
                try {
                    p = tenant != null ? tenantPartial(queries.get(i), agentSided ? agentSide.get(i) : null, type,
                            state) : queries.get(i).partial(type, state);
                    if (p != null && ((Partial) p).neutralIn(queries.get(i).timeProfile().type())) {
                        // adds nothing to the aggregate: not shipped (null), and an object whose
                        // partials all add nothing answers null (the map of a tenant's scan leaves it out)
                        p = null;
                    }
                } catch (IllegalArgumentException e) {
                    p = String.valueOf(e.getMessage());
                }
                any |= p != null;
                out.add(p);
            }
            return any ? out : null;
        }

        /**
         * The type of a state of this tenant; Place for one the scan skips (places answer through
         * their agents, and another tenant's objects not at all); null for a state it cannot tell.
         */
        private ObjectType tenantTypeOf(Object state) {
            if (state instanceof AgentState a) {
                return tenant.equals(a.tenant()) ? ObjectType.Agent : ObjectType.Place;
            }
            if (state instanceof DnState d) {
                return tenant.equals(d.tenant()) ? ObjectType.DN : ObjectType.Place;
            }
            if (state instanceof QueueState q) {
                return tenant.equals(q.tenant()) ? ObjectType.Queue : ObjectType.Place;
            }
            return state instanceof PlaceState ? ObjectType.Place : null;
        }

        /** Whether the key is one of the tenant's objects ({@code Type|tenant|id}), without parsing it. */
        private boolean ofTenant(String key) {
            int a = key.indexOf('|');
            return a > 0 && key.startsWith(tenant, a + 1) && key.length() > a + 1 + tenant.length()
                    && key.charAt(a + 1 + tenant.length()) == '|';
        }

        /** {@code agentSided}: the query as an agent or DN counts it, null for a queue. */
        private static Partial tenantPartial(StatQuery query, StatQuery agentSided, ObjectType type, Object state) {
            if (state == null || type == ObjectType.Place
                    || query.type().subject() == StatType.Subject.Status && type != ObjectType.Agent) {
                return null;
            }
            return (agentSided != null ? agentSided : query).partial(type, state);
        }

        @Override
        public EntryProcessor<String, Object, Object> getBackupProcessor() {
            return null;
        }
    }

    /** A member's partial for a group value, computed on its partition. */
    static final class PartialOf extends HandOff implements ReadOnly {
        private static final long serialVersionUID = 1L;
        final StatQuery query;

        PartialOf(StatQuery query) {
            this.query = query;
        }

        @Override
        protected Object run(Map.Entry<String, Object> entry) {
            return query.partial(Keys.typeOf(entry.getKey()), Detached.attach(entry.getValue()));
        }

        @Override
        public EntryProcessor<String, Object, Object> getBackupProcessor() {
            return null;
        }
    }

    /** Tracks a call across objects, for a batch's events of that call in order; returns their infos. */
    static final class TrackCall extends HandOff {
        private static final long serialVersionUID = 1L;
        final List<CanonicalEvent> events;

        TrackCall(List<CanonicalEvent> events) {
            this.events = events;
        }

        @Override
        protected Object run(Map.Entry<String, Object> entry) {
            CallTrack track = Detached.attach(entry.getValue()) instanceof CallTrack c ? c : new CallTrack();
            ArrayList<Object> infos = new ArrayList<>(events.size());
            for (CanonicalEvent event : events) {
                if (!track.applied.mark(event.source(), event.seq())) {
                    infos.add(track.applied.lastResult(event.source(), event.seq()));
                    continue;
                }
                CallTrack.Info info = track.apply(event);
                track.applied.remember(event.source(), event.seq(), info);
                infos.add(info);
            }
            entry.setValue(track);
            return infos;
        }
    }

    /** Counts CallAnswered on the queue calls were last distributed from, a batch's in one operation. */
    static final class QueueAnswered extends HandOff {
        private static final long serialVersionUID = 1L;

        /** One answer: the call, when it was queued and established, and the CallEstablished event. */
        record Answer(String call, long queuedAt, long establishedAt, String media, Map<String, String> data,
                String source, long seq) {
        }

        final List<Answer> answers;

        QueueAnswered(List<Answer> answers) {
            this.answers = answers;
        }

        @Override
        protected Object run(Map.Entry<String, Object> entry) {
            QueueState q = Detached.attach(entry.getValue()) instanceof QueueState s ? s
                    : new QueueState(Keys.tenantOf(entry.getKey()), Keys.idOf(entry.getKey()));
            for (Answer a : answers) {
                // answers come after the objects' phase: a channel of their own keeps them in order
                if (q.applied.mark(a.source() + "/answer", a.seq())) {
                    q.answered(a.call(), a.queuedAt(), a.establishedAt(), a.media(), a.data());
                }
            }
            entry.setValue(q);
            return new Changed(ApplyEventProcessor.drainChanges(q));
        }
    }
}
