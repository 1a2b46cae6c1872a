package io.switchboard.engine.internal.grid;

import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.MapConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.switchboard.api.event.CanonicalEvent;
import io.switchboard.api.grid.GridCodec;
import io.switchboard.api.model.ObjectRef;
import io.switchboard.api.model.ObjectState;
import io.switchboard.api.model.StatType;
import io.switchboard.api.stats.StatRequest.Filter;
import io.switchboard.engine.internal.config.ConfigStore;
import io.switchboard.engine.internal.stats.Value;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Places the core's state machines on the grid: one map entry per object, updated by entry
 * processors on the owning partition and evaluated there too. This class owns the grid's maps and
 * their settings; what changes them is the {@link GridApplier}, what reads them the
 * {@link GridReader}, and the methods here hand each call to its side.
 */
public final class GridEngine {

    public static final String OBJECTS = "sb.objects";
    public static final String CALLS = "sb.calls";
    public static final String DN_INDEX = "sb.dn-index";

    /** A call not heard of for this long is forgotten (its queue answer can no longer count). */
    private static final int CALL_IDLE_SECONDS = 2 * 24 * 3600;

    private final IMap<String, Object> objects;
    private final IMap<String, Object> calls;
    /** Tenants with their own status priority table; others use the default. */
    private final Map<String, List<String>> priorities = new ConcurrentHashMap<>();
    private final GridApplier applier;
    private final GridReader reader;

    public GridEngine(HazelcastInstance hz, ConfigStore config, long historyMillis) {
        MapConfig defaults = hz.getConfig().getMapConfig("default");
        int backups = defaults.getBackupCount();
        // the grid's split-brain protection (a solution's majority for writes) holds for these too
        String protection = defaults.getSplitBrainProtectionName();
        // Object format: entry processors work on the live state instead of decoding and encoding
        // a whole history for every event; backups re-run the same processors.
        // No per-map statistics: nothing reads them, and each operation would pay for their upkeep.
        hz.getConfig().addMapConfig(new MapConfig(OBJECTS).setInMemoryFormat(InMemoryFormat.OBJECT)
                .setBackupCount(backups).setStatisticsEnabled(false).setSplitBrainProtectionName(protection));
        hz.getConfig().addMapConfig(new MapConfig(CALLS).setInMemoryFormat(InMemoryFormat.OBJECT)
                .setBackupCount(backups).setMaxIdleSeconds(CALL_IDLE_SECONDS).setStatisticsEnabled(false)
                .setSplitBrainProtectionName(protection));
        this.objects = hz.getMap(OBJECTS);
        this.calls = hz.getMap(CALLS);
        IMap<String, String> dnIndex = hz.getMap(DN_INDEX);
        this.applier = new GridApplier(objects, calls, dnIndex, historyMillis, priorities);
        this.reader = new GridReader(objects, dnIndex, config);
    }

    /** The codecs this engine needs registered with the grid. */
    public static List<GridCodec<?>> codecs() {
        return GridCodecs.all();
    }

    public void setPriority(String tenant, List<String> order) {
        if (order == null) {
            priorities.remove(tenant);
        } else {
            priorities.put(tenant, List.copyOf(order));
        }
    }

    /** As {@link #applyChanges}, the keys only. */
    public Set<String> apply(List<CanonicalEvent> events) {
        return applier.apply(events);
    }

    /** See {@link GridApplier#applyChanges}. */
    public Touched applyChanges(List<CanonicalEvent> events) {
        return applier.applyChanges(events);
    }

    /** See {@link GridReader#state}. */
    public ObjectState state(ObjectRef ref) {
        return reader.state(ref);
    }

    /** See {@link GridReader#evaluate}. */
    public Value evaluate(ObjectRef ref, StatType type, Map<String, Object> profile, Filter filter, long t,
            Function<String, StatType> types) {
        return reader.evaluate(ref, type, profile, filter, t, types);
    }

    /** See {@link GridReader#evaluateAll}. */
    public Object[] evaluateAll(List<GridReader.Request> requests, Function<String, StatType> types) {
        return reader.evaluateAll(requests, types);
    }

    /**
     * Turns all state into bytes, so that an engine with other classes (after a bundle update)
     * can take it over; called when the engine stops while the grid goes on.
     */
    public void detach() {
        objects.executeOnEntries(new Detached.Detach());
        calls.executeOnEntries(new Detached.Detach());
    }

    public long objectCount() {
        return objects.size();
    }
}
