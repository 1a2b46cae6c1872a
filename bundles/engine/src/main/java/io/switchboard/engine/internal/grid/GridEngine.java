package io.switchboard.engine.internal.grid;

import com.hazelcast.config.MapConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.switchboard.api.SwitchboardException;
import io.switchboard.api.event.CanonicalEvent;
import io.switchboard.api.event.EventType;
import io.switchboard.api.model.Category;
import io.switchboard.api.model.ObjectRef;
import io.switchboard.api.model.ObjectState;
import io.switchboard.api.model.ObjectType;
import io.switchboard.api.model.StatType;
import io.switchboard.engine.internal.config.ConfigStore;
import io.switchboard.engine.internal.core.EndpointState;
import io.switchboard.engine.internal.core.Query;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Places the core's state machines on the grid: one map entry per object, updated by entry
 * processors on the owning partition, evaluated there too. Events of one batch are submitted
 * in order from one thread, which keeps their order per object (per partition).
 */
public final class GridEngine {

    public static final String OBJECTS = "sb.objects";
    public static final String DN_INDEX = "sb.dn-index";

    private static final long TIMEOUT_SECONDS = 60;

    private final IMap<String, Object> objects;
    private final IMap<String, String> dnIndex;
    private final ConfigStore config;
    /** Tenants with their own status priority table; others use the default. */
    private final Map<String, List<String>> priorities = new ConcurrentHashMap<>();

    public GridEngine(HazelcastInstance hz, ConfigStore config) {
        // Binary format: values are always read through the current codecs, so a bundle update
        // (new classes) finds the state it left.
        hz.getConfig().addMapConfig(new MapConfig(OBJECTS)
                .setBackupCount(hz.getConfig().getMapConfig("default").getBackupCount()));
        this.objects = hz.getMap(OBJECTS);
        this.dnIndex = hz.getMap(DN_INDEX);
        this.config = config;
    }

    /** The codecs this engine needs registered with the grid. */
    public static List<io.switchboard.api.grid.GridCodec<?>> codecs() {
        return GridCodecs.all();
    }

    public void setPriority(String tenant, List<String> order) {
        if (order == null) {
            priorities.remove(tenant);
        } else {
            priorities.put(tenant, List.copyOf(order));
        }
    }

    /** Applies a batch in order; returns once every object it touched is updated. */
    public void apply(List<CanonicalEvent> events) {
        List<CompletableFuture<Object>> pending = new ArrayList<>(events.size() + 4);
        List<CompletableFuture<Object>> agentResults = new ArrayList<>();
        for (CanonicalEvent e : events) {
            List<String> priority = priorities.get(e.tenant());
            ApplyEventProcessor processor = new ApplyEventProcessor(e, priority);
            if (e.type().isAgentEvent()) {
                CompletableFuture<Object> f = submit(Keys.of(ObjectType.Agent, e.tenant(), e.agent()), processor);
                pending.add(f);
                agentResults.add(f);
                if (e.type() == EventType.AgentLogin && e.isVoice()) {
                    pending.add(dnIndex.setAsync(Keys.dnIndexKey(e.tenant(), e.dn()), e.agent())
                            .toCompletableFuture().thenApply(v -> null));
                }
                continue;
            }
            boolean atQueue = e.queue() != null && !e.queue().isEmpty()
                    && e.type().kind() != EventType.Kind.DN;
            if (atQueue) {
                pending.add(submit(Keys.of(ObjectType.Queue, e.tenant(), e.queue()), processor));
            }
            boolean atEndpoint = e.type().kind() == EventType.Kind.DN
                    || e.type().kind() == EventType.Kind.QUEUE_OR_DN && (e.dn() != null || !atQueue && e.agent() != null);
            if (atEndpoint) {
                if (e.agent() != null && !e.agent().isEmpty()) {
                    CompletableFuture<Object> f = submit(Keys.of(ObjectType.Agent, e.tenant(), e.agent()), processor);
                    pending.add(f);
                    agentResults.add(f);
                } else {
                    pending.add(submit(Keys.of(ObjectType.DN, e.tenant(), EndpointState.key(e)), processor));
                }
            }
        }
        await(pending);
        List<CompletableFuture<Object>> places = new ArrayList<>();
        for (CompletableFuture<Object> f : agentResults) {
            Object r = f.join();
            if (r instanceof PlaceUpdate u) {
                List<String> priority = priorities.get(u.tenant());
                if (u.leftPlace() != null) {
                    places.add(submit(Keys.of(ObjectType.Place, u.tenant(), u.leftPlace()),
                            new UpdatePlaceProcessor(u.agent(), null, u.ts(), priority)));
                }
                places.add(submit(Keys.of(ObjectType.Place, u.tenant(), u.place()),
                        new UpdatePlaceProcessor(u.agent(), u.contribution(), u.ts(), priority)));
            }
        }
        await(places);
    }

    private CompletableFuture<Object> submit(String key, com.hazelcast.map.EntryProcessor<String, Object, Object> p) {
        return objects.submitToKey(key, p).toCompletableFuture();
    }

    private static void await(List<CompletableFuture<Object>> futures) {
        if (futures.isEmpty()) {
            return;
        }
        try {
            CompletableFuture.allOf(futures.toArray(new CompletableFuture[0])).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while applying events", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("applying events failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("applying events timed out after " + TIMEOUT_SECONDS + " s", e);
        }
    }

    /** Evaluates a current-value query for any object type. */
    public Object evaluate(ObjectRef ref, Query query) {
        switch (ref.type()) {
            case Tenant:
                if (query.category() != Category.CurrentNumber) {
                    throw SwitchboardException.badRequest("category " + query.category() + " does not apply to Tenant",
                            "statType.category");
                }
                return objects.aggregate(new TenantNumberAggregator(ref.tenant(), query));
            case AgentGroup:
            case PlaceGroup:
            case QueueGroup:
                return groupNumber(ref, query);
            case DN: {
                String agent = dnIndex.get(Keys.dnIndexKey(ref.tenant(), ref.id()));
                if (agent != null) {
                    Object v = objects.executeOnKey(Keys.of(ObjectType.Agent, ref.tenant(), agent),
                            new EvaluateProcessor(query, ref.id()));
                    if (!isEmpty(v)) {
                        return v;
                    }
                }
                return objects.executeOnKey(ref.key(), new EvaluateProcessor(query, null));
            }
            default:
                return objects.executeOnKey(ref.key(), new EvaluateProcessor(query, null));
        }
    }

    private static boolean isEmpty(Object v) {
        return v instanceof ObjectState s && s.since() == null;
    }

    private Object groupNumber(ObjectRef ref, Query query) {
        if (query.category() != Category.CurrentNumber) {
            throw SwitchboardException.badRequest("category " + query.category() + " does not apply to " + ref.type(),
                    "statType.category");
        }
        List<String> members = config.members(ref.tenant(), ref.type().name(), ref.id());
        ObjectType memberType = ref.type() == ObjectType.AgentGroup ? ObjectType.Agent
                : ref.type() == ObjectType.PlaceGroup ? ObjectType.Place : ObjectType.Queue;
        List<CompletableFuture<Object>> parts = new ArrayList<>(members.size());
        for (String m : members) {
            parts.add(submit(Keys.of(memberType, ref.tenant(), m), new EvaluateProcessor(query, null)));
        }
        await(parts);
        long sum = 0;
        for (CompletableFuture<Object> p : parts) {
            sum += ((Number) p.join()).longValue();
        }
        return sum;
    }

    public ObjectState state(ObjectRef ref) {
        if (!ref.type().hasStatus()) {
            throw SwitchboardException.badRequest("CurrentState is for Agent, Place and DN, not " + ref.type(), "type");
        }
        return (ObjectState) evaluate(ref, new Query(Category.CurrentState, StatType.Subject.Status, List.of(), null));
    }

    public long objectCount() {
        return objects.size();
    }
}
