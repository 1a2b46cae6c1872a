package io.switchboard.engine.internal.grid;

import com.hazelcast.aggregation.Aggregator;
import com.hazelcast.core.ReadOnly;
import com.hazelcast.map.EntryProcessor;
import io.switchboard.api.event.CanonicalEvent;
import io.switchboard.api.model.ObjectType;
import io.switchboard.api.model.StatType;
import io.switchboard.engine.internal.core.AgentState;
import io.switchboard.engine.internal.core.CallTrack;
import io.switchboard.engine.internal.core.Evaluator;
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
    static final class EvaluateMany implements EntryProcessor<String, Object, Object>, ReadOnly {
        private static final long serialVersionUID = 1L;
        final List<StatQuery> queries;

        EvaluateMany(List<StatQuery> queries) {
            this.queries = queries;
        }

        @Override
        public Object process(Map.Entry<String, Object> entry) {
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
    static final class StateOf implements EntryProcessor<String, Object, Object>, ReadOnly {
        private static final long serialVersionUID = 1L;
        final String endpoint;

        StateOf(String endpoint) {
            this.endpoint = endpoint;
        }

        @Override
        public Object process(Map.Entry<String, Object> entry) {
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
    static final class FinishedOf implements EntryProcessor<String, Object, Object>, ReadOnly {
        private static final long serialVersionUID = 1L;
        final StatQuery query;

        FinishedOf(StatQuery query) {
            this.query = query;
        }

        @Override
        public Object process(Map.Entry<String, Object> entry) {
            return new ArrayList<>(query.finished(Detached.attach(entry.getValue())));
        }

        @Override
        public EntryProcessor<String, Object, Object> getBackupProcessor() {
            return null;
        }
    }

    /**
     * A member's partials for several group values in one grid operation (a notifier pass's
     * groups that share the member): a Partial per query, in order, or the message of the error
     * that query raised.
     */
    static final class PartialsMany implements EntryProcessor<String, Object, Object>, ReadOnly {
        private static final long serialVersionUID = 1L;
        final List<StatQuery> queries;

        PartialsMany(List<StatQuery> queries) {
            this.queries = queries;
        }

        @Override
        public Object process(Map.Entry<String, Object> entry) {
            Object state = Detached.attach(entry.getValue());
            ObjectType type = Keys.typeOf(entry.getKey());
            ArrayList<Object> out = new ArrayList<>(queries.size());
            for (StatQuery q : queries) {
                try {
                    out.add(q.partial(type, state));
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

    /** A member's partial for a group value, computed on its partition. */
    static final class PartialOf implements EntryProcessor<String, Object, Object>, ReadOnly {
        private static final long serialVersionUID = 1L;
        final StatQuery query;

        PartialOf(StatQuery query) {
            this.query = query;
        }

        @Override
        public Object process(Map.Entry<String, Object> entry) {
            return query.partial(Keys.typeOf(entry.getKey()), Detached.attach(entry.getValue()));
        }

        @Override
        public EntryProcessor<String, Object, Object> getBackupProcessor() {
            return null;
        }
    }

    /**
     * A tenant's partial: its agents, agent-less DNs and queues (places are their agents'), each
     * partition combining its own. CallAnswered and CallAbandoned exist on both sides and count
     * from the queue side (fine point 11); with subject Status the members are the agents.
     */
    static final class TenantPartial implements Aggregator<Map.Entry<String, Object>, Partial> {
        private static final long serialVersionUID = 1L;
        final String tenant;
        final StatQuery query;
        Partial sum;

        TenantPartial(String tenant, StatQuery query, Partial sum) {
            this.tenant = tenant;
            this.query = query;
            this.sum = sum;
        }

        @Override
        public void accumulate(Map.Entry<String, Object> entry) {
            String key = entry.getKey();
            ObjectType type = Keys.typeOf(key);
            if (!tenant.equals(Keys.tenantOf(key)) || type == ObjectType.Place) {
                return;
            }
            boolean byStatus = query.type().subject() == StatType.Subject.Status;
            if (byStatus && type != ObjectType.Agent) {
                return;
            }
            StatQuery q = query;
            if (type == ObjectType.Agent || type == ObjectType.DN) {
                q = query.withType(TenantSides.agentSide(query.type()));
            }
            Partial p = q.scannedPartial(type, Detached.attach(entry.getValue()));
            sum = sum == null ? p : sum.combine(p);
        }

        @Override
        public void combine(Aggregator aggregator) {
            Partial other = ((TenantPartial) aggregator).sum;
            if (other != null) {
                sum = sum == null ? other : sum.combine(other);
            }
        }

        @Override
        public Partial aggregate() {
            return sum == null ? Partial.empty(query.timeProfile()) : sum;
        }
    }

    /**
     * Several statistics of one tenant in one pass over the grid's objects (the notifier's batch:
     * a wallboard's tenant values cost one scan, not one each): the partial of each query, in
     * order, exactly as {@link TenantPartial} sums it alone.
     */
    static final class TenantPartials implements Aggregator<Map.Entry<String, Object>, ArrayList<Partial>> {
        private static final long serialVersionUID = 1L;
        final List<TenantPartial> each;

        TenantPartials(List<TenantPartial> each) {
            this.each = each;
        }

        @Override
        public void accumulate(Map.Entry<String, Object> entry) {
            for (TenantPartial one : each) {
                one.accumulate(entry);
            }
        }

        @Override
        public void combine(Aggregator aggregator) {
            List<TenantPartial> other = ((TenantPartials) aggregator).each;
            for (int i = 0; i < each.size(); i++) {
                each.get(i).combine(other.get(i));
            }
        }

        @Override
        public ArrayList<Partial> aggregate() {
            ArrayList<Partial> out = new ArrayList<>(each.size());
            for (TenantPartial one : each) {
                out.add(one.aggregate());
            }
            return out;
        }
    }

    /** Tracks a call across objects, for a batch's events of that call in order; returns their infos. */
    static final class TrackCall implements EntryProcessor<String, Object, Object> {
        private static final long serialVersionUID = 1L;
        final List<CanonicalEvent> events;

        TrackCall(List<CanonicalEvent> events) {
            this.events = events;
        }

        @Override
        public Object process(Map.Entry<String, Object> entry) {
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
    static final class QueueAnswered implements EntryProcessor<String, Object, Object> {
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
        public Object process(Map.Entry<String, Object> entry) {
            QueueState q = Detached.attach(entry.getValue()) instanceof QueueState s ? s
                    : new QueueState(Keys.tenantOf(entry.getKey()), Keys.idOf(entry.getKey()));
            for (Answer a : answers) {
                // answers come after the objects' phase: a channel of their own keeps them in order
                if (q.applied.mark(a.source() + "/answer", a.seq())) {
                    q.answered(a.call(), a.queuedAt(), a.establishedAt(), a.media(), a.data());
                }
            }
            entry.setValue(q);
            return null;
        }
    }
}
