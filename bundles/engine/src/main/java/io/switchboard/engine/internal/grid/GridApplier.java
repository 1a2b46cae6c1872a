package io.switchboard.engine.internal.grid;

import com.hazelcast.map.IMap;
import io.switchboard.api.event.CanonicalEvent;
import io.switchboard.api.event.EventType;
import io.switchboard.api.model.ObjectType;
import io.switchboard.engine.internal.grid.StatProcessors.QueueAnswered;
import io.switchboard.engine.internal.core.CallTrack;
import io.switchboard.engine.internal.core.EndpointState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import static io.switchboard.engine.internal.grid.GridOps.awaitAll;
import static io.switchboard.engine.internal.grid.GridOps.submit;

/**
 * The apply side of the grid: a batch is applied in phases, each submitted in event order from
 * one thread (which keeps the order per key): calls first (their data merged over all objects,
 * and which queue an answer counts on), then the objects, then what follows from them (places,
 * queue-side answers). What it returns is what changed, for the notifier.
 */
final class GridApplier {

    private final IMap<String, Object> objects;
    private final IMap<String, Object> calls;
    private final IMap<String, String> dnIndex;
    private final long historyMillis;
    /** Tenants with their own status priority table; others use the default. */
    private final Map<String, List<String>> priorities;

    GridApplier(IMap<String, Object> objects, IMap<String, Object> calls, IMap<String, String> dnIndex,
            long historyMillis, Map<String, List<String>> priorities) {
        this.objects = objects;
        this.calls = calls;
        this.dnIndex = dnIndex;
        this.historyMillis = historyMillis;
        this.priorities = priorities;
    }

    /** As {@link #applyChanges}, the keys only. */
    public Set<String> apply(List<CanonicalEvent> events) {
        return new HashSet<>(applyChanges(events).keys());
    }

    /**
     * Applies a batch in order; returns once every object it touched is updated, with the keys of
     * those objects and what changed in each. Each phase sends one operation per key with that
     * key's events in order.
     */
    public Touched applyChanges(List<CanonicalEvent> events) {
        // Phase 1: calls.
        Map<String, List<Integer>> byCall = new LinkedHashMap<>();
        for (int i = 0; i < events.size(); i++) {
            CanonicalEvent e = events.get(i);
            if (e.call() != null) {
                byCall.computeIfAbsent(e.tenant() + '|' + e.call(), k -> new ArrayList<>()).add(i);
            }
        }
        CallTrack.Info[] infos = new CallTrack.Info[events.size()];
        Map<String, CompletableFuture<Object>> callOps = new LinkedHashMap<>();
        for (Map.Entry<String, List<Integer>> c : byCall.entrySet()) {
            callOps.put(c.getKey(), submit(calls, c.getKey(), new StatProcessors.TrackCall(pick(events, c.getValue()))));
        }
        awaitAll(callOps.values());
        for (Map.Entry<String, List<Integer>> c : byCall.entrySet()) {
            List<?> results = (List<?>) callOps.get(c.getKey()).join();
            for (int k = 0; k < results.size(); k++) {
                infos[c.getValue().get(k)] = (CallTrack.Info) results.get(k);
            }
        }

        // Phase 2: objects, each event with its call's merged data.
        Map<String, List<CanonicalEvent>> byObject = new LinkedHashMap<>();
        Map<String, List<QueueAnswered.Answer>> answers = new LinkedHashMap<>();
        List<CompletableFuture<Object>> pending = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            CanonicalEvent e = events.get(i);
            CallTrack.Info info = infos[i];
            if (info != null && !info.data().equals(e.data())) {
                e = e.withData(info.data());
            }
            for (String key : keysOf(e)) {
                byObject.computeIfAbsent(key, k -> new ArrayList<>()).add(e);
            }
            if (e.type() == EventType.AgentLogin && e.isVoice()) {
                pending.add(dnIndex.setAsync(Keys.dnIndexKey(e.tenant(), e.dn()), e.agent())
                        .toCompletableFuture().thenApply(v -> null));
            }
            if (info != null && info.answeredQueue() != null) {
                answers.computeIfAbsent(Keys.of(ObjectType.Queue, e.tenant(), info.answeredQueue()),
                        k -> new ArrayList<>()).add(new QueueAnswered.Answer(e.call(), info.queuedAt(), e.ts(),
                                e.media(), e.data(), e.source(), e.seq()));
            }
        }
        Map<String, CompletableFuture<Object>> objectOps = new LinkedHashMap<>();
        for (Map.Entry<String, List<CanonicalEvent>> o : byObject.entrySet()) {
            String tenant = Keys.tenantOf(o.getKey());
            objectOps.put(o.getKey(), submit(objects, o.getKey(),
                    new ApplyEventProcessor(o.getValue(), priorities.get(tenant), historyMillis)));
        }
        pending.addAll(objectOps.values());
        awaitAll(pending);

        // Phase 3: places and queue-side answers.
        pending.clear();
        List<String> answerKeys = new ArrayList<>(answers.size());
        List<CompletableFuture<Object>> answerOps = new ArrayList<>(answers.size());
        for (Map.Entry<String, List<QueueAnswered.Answer>> a : answers.entrySet()) {
            answerKeys.add(a.getKey());
            answerOps.add(submit(objects, a.getKey(), new QueueAnswered(a.getValue())));
        }
        pending.addAll(answerOps);
        Map<String, List<UpdatePlaceProcessor.Update>> byPlace = new LinkedHashMap<>();
        List<String> placeKeys = new ArrayList<>();
        List<CompletableFuture<Object>> placeOps = new ArrayList<>();
        for (Map.Entry<String, CompletableFuture<Object>> o : objectOps.entrySet()) {
            if (Keys.typeOf(o.getKey()) != ObjectType.Agent) {
                continue;
            }
            for (Object r : (List<?>) o.getValue().join()) {
                if (r instanceof PlaceUpdate u) {
                    if (u.leftPlace() != null) {
                        byPlace.computeIfAbsent(Keys.of(ObjectType.Place, u.tenant(), u.leftPlace()),
                                k -> new ArrayList<>()).add(new UpdatePlaceProcessor.Update(u.agent(), null, List.of(),
                                        u.ts(), u.source(), u.seq()));
                    }
                    byPlace.computeIfAbsent(Keys.of(ObjectType.Place, u.tenant(), u.place()), k -> new ArrayList<>())
                            .add(new UpdatePlaceProcessor.Update(u.agent(), u.contribution(), u.changes(), u.ts(),
                                    u.source(), u.seq()));
                }
            }
        }
        for (Map.Entry<String, List<UpdatePlaceProcessor.Update>> p : byPlace.entrySet()) {
            // in seq order: the place keeps the last seq per source, and each update is a
            // snapshot of its agent, so the order across agents does not matter
            p.getValue().sort((a, b) -> Long.compare(a.seq(), b.seq()));
            placeKeys.add(p.getKey());
            placeOps.add(submit(objects, p.getKey(), new UpdatePlaceProcessor(p.getValue(),
                    priorities.get(Keys.tenantOf(p.getKey())), historyMillis)));
        }
        pending.addAll(placeOps);
        awaitAll(pending);

        Map<String, List<String>> touched = new HashMap<>(Math.max(16, byObject.size() * 3));
        for (Map.Entry<String, CompletableFuture<Object>> o : objectOps.entrySet()) {
            touched.put(o.getKey(), changedOf(o.getValue().join()));
        }
        for (int i = 0; i < answerOps.size(); i++) {
            String key = answerKeys.get(i);
            List<String> changed = changedOf(answerOps.get(i).join());
            // (no Map.merge: null stands for "anything" here, and merge treats it as "remove")
            touched.put(key, touched.containsKey(key) ? union(touched.get(key), changed) : changed);
        }
        for (int i = 0; i < placeOps.size(); i++) {
            touched.put(placeKeys.get(i), changedOf(placeOps.get(i).join()));
        }
        for (CanonicalEvent e : events) {
            if (e.dn() != null && e.isVoice()) {
                // a DN's statistics read its agent's endpoint or its own history: not told apart here
                touched.put(Keys.of(ObjectType.DN, e.tenant(), e.dn()), null);
            }
        }
        long latest = Long.MIN_VALUE;
        for (CanonicalEvent e : events) {
            latest = Math.max(latest, e.ts());
        }
        return new Touched(touched, latest);
    }

    /** What an operation reported it changed (its last result), or null (anything) when it did not say. */
    private static List<String> changedOf(Object result) {
        if (result instanceof Changed c) {
            return c.names();
        }
        if (result instanceof List<?> l && !l.isEmpty() && l.get(l.size() - 1) instanceof Changed c) {
            return c.names();
        }
        return null;
    }

    private static List<String> union(List<String> a, List<String> b) {
        if (a == null || b == null) {
            return null;
        }
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }

    private static List<CanonicalEvent> pick(List<CanonicalEvent> events, List<Integer> indexes) {
        List<CanonicalEvent> picked = new ArrayList<>(indexes.size());
        for (int i : indexes) {
            picked.add(events.get(i));
        }
        return picked;
    }

    /** The objects an event is applied to (agent, agent-less DN, queue). */
    private static List<String> keysOf(CanonicalEvent e) {
        if (e.type().isAgentEvent()) {
            return List.of(Keys.of(ObjectType.Agent, e.tenant(), e.agent()));
        }
        List<String> keys = new ArrayList<>(2);
        boolean atQueue = e.queue() != null && !e.queue().isEmpty() && e.type().kind() != EventType.Kind.DN;
        if (atQueue) {
            keys.add(Keys.of(ObjectType.Queue, e.tenant(), e.queue()));
        }
        boolean atEndpoint = e.type().kind() == EventType.Kind.DN
                || e.type().kind() == EventType.Kind.QUEUE_OR_DN && (e.dn() != null || !atQueue && e.agent() != null);
        if (atEndpoint) {
            keys.add(e.agent() != null && !e.agent().isEmpty() ? Keys.of(ObjectType.Agent, e.tenant(), e.agent())
                    : Keys.of(ObjectType.DN, e.tenant(), EndpointState.key(e)));
        }
        return keys;
    }
}
