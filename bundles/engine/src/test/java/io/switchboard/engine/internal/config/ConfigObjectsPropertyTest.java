package io.switchboard.engine.internal.config;

import com.hazelcast.core.HazelcastInstance;
import io.switchboard.api.Limits;
import io.switchboard.api.SwitchboardException;
import io.switchboard.api.config.ConfigObject;
import io.switchboard.api.grid.GridCodec;
import io.switchboard.engine.internal.grid.GridEngine;
import io.switchboard.grid.internal.CodecRegistry;
import io.switchboard.grid.internal.GridConfigFactory;
import io.switchboard.grid.internal.GridSettings;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Fuzzes configuration bodies (a PUT's object, an import's document) as Jackson hands them over:
 * maps, lists, strings of any length and characters, numbers, booleans and nulls. Each is stored
 * or refused with a 400 naming a field; no other exception escapes (the servlet would answer
 * it with a 500), and a refused body leaves the grid's configuration as it was.
 */
public class ConfigObjectsPropertyTest {

    private static HazelcastInstance hz;
    private static ConfigStore store;

    @BeforeContainer
    static void grid() {
        CodecRegistry codecs = new CodecRegistry();
        for (GridCodec<?> c : GridEngine.codecs()) {
            codecs.add(c);
        }
        hz = GridConfigFactory.start(GridConfigFactory.config(
                new GridSettings("config-fuzz-16861", null, "127.0.0.1", 16861, 1, List.of("127.0.0.1:16861"), 1, 71),
                ConfigObjectsPropertyTest.class.getClassLoader(), codecs));
        store = new ConfigStore(hz);
    }

    @AfterContainer
    static void shutdown() {
        if (hz != null) {
            hz.getLifecycleService().terminate();
        }
    }

    private static Map<String, ConfigObject> seeded() {
        hz.<String, ConfigObject>getMap(ConfigStore.MAP).clear();
        store.put("acme", "Agent", "a1", Map.of("name", "Ann Lee"));
        return new HashMap<>(hz.<String, ConfigObject>getMap(ConfigStore.MAP));
    }

    private static void check(Object input, SwitchboardException e, Map<String, ConfigObject> before) {
        if (e.code() != 400 || e.detail() == null || e.detail().isEmpty()) {
            throw new AssertionError(input + " gave " + e.code() + " " + e.error() + " / " + e.detail());
        }
        Map<String, ConfigObject> after = new HashMap<>(hz.<String, ConfigObject>getMap(ConfigStore.MAP));
        if (!before.equals(after)) {
            throw new AssertionError(input + " was refused (" + e.error() + ") but changed the configuration");
        }
    }

    @Property
    void anImportIsStoredOrRefusedWithA400AndNothingChanged(@ForAll("documents") Map<String, Object> document) {
        Map<String, ConfigObject> before = seeded();
        try {
            store.importDocument(document);
        } catch (SwitchboardException e) {
            check(document, e, before);
        }
    }

    @Property
    void aPutIsStoredOrRefusedWithA400AndNothingChanged(@ForAll("names") String tenant, @ForAll("types") String type,
            @ForAll("names") String id, @ForAll("objects") Map<String, Object> body) {
        Map<String, ConfigObject> before = seeded();
        try {
            ConfigObject o = store.put(tenant, type, id, body);
            if (o.tenant().length() > Limits.NAME || o.id().length() > Limits.NAME) {
                throw new AssertionError("stored an over-long name: " + o.key());
            }
        } catch (SwitchboardException e) {
            check(List.of(tenant, type, id, body), e, before);
        }
    }

    @Provide
    Arbitrary<String> names() {
        return Arbitraries.oneOf(Arbitraries.of("acme", "a1", "sales", "", " "),
                Arbitraries.strings().ofMaxLength(8),
                Arbitraries.strings().withCharRange('\u0000', '\u001f').ofMinLength(1).ofMaxLength(3),
                Arbitraries.strings().withChars('n').ofLength(Limits.NAME),
                Arbitraries.strings().withChars('n').ofMinLength(Limits.NAME + 1).ofMaxLength(400));
    }

    @Provide
    Arbitrary<String> types() {
        return Arbitraries.oneOf(Arbitraries.of("Tenant", "Agent", "Place", "DN", "AgentGroup", "PlaceGroup", "Queue",
                "QueueGroup", "MediaType", "Queen", ""), Arbitraries.strings().ofMaxLength(6));
    }

    private Arbitrary<Object> scalars() {
        return Arbitraries.oneOf(Arbitraries.just(null), Arbitraries.strings().ofMaxLength(10).map(s -> (Object) s),
                Arbitraries.strings().withChars('v').ofMinLength(Limits.DATA_VALUE - 1)
                        .ofMaxLength(Limits.DATA_VALUE + 2).map(s -> (Object) s),
                Arbitraries.integers().map(i -> (Object) i), Arbitraries.longs().map(l -> (Object) l),
                Arbitraries.doubles().map(d -> (Object) d), Arbitraries.of(true, false).map(b -> (Object) b),
                Arbitraries.of("CallRinging", "LoggedIn", "acme", "Agent", "a1").map(s -> (Object) s));
    }

    private Arbitrary<Object> values() {
        Arbitrary<Object> scalar = scalars();
        Arbitrary<Object> list = scalar.list().ofMaxSize(4).map(l -> (Object) new ArrayList<>(l));
        Arbitrary<Object> map = Arbitraries.maps(Arbitraries.strings().ofMaxLength(5), scalar).ofMaxSize(3)
                .map(m -> (Object) new LinkedHashMap<>(m));
        Arbitrary<Object> manyMembers = Arbitraries.integers().between(Limits.CONFIG_MEMBERS_MAX - 1,
                Limits.CONFIG_MEMBERS_MAX + 1).map(n -> {
                    List<Object> l = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        l.add("m" + i);
                    }
                    return (Object) l;
                });
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(6, scalar), net.jqwik.api.Tuple.of(3, list),
                net.jqwik.api.Tuple.of(1, map), net.jqwik.api.Tuple.of(1, manyMembers));
    }

    @Provide
    Arbitrary<Map<String, Object>> objects() {
        Arbitrary<String> key = Arbitraries.oneOf(Arbitraries.of("tenant", "type", "id", "members", "strict",
                "statusPriority", "name", ""), Arbitraries.strings().ofMaxLength(6),
                Arbitraries.strings().withChars('k').ofLength(Limits.DATA_KEY + 1));
        Arbitrary<Map<String, Object>> small = Arbitraries.maps(key, values()).ofMaxSize(6)
                .map(m -> new LinkedHashMap<>(m));
        Arbitrary<Map<String, Object>> wide = Arbitraries.integers().between(Limits.CONFIG_ATTRIBUTES_MAX - 1,
                Limits.CONFIG_ATTRIBUTES_MAX + 2).map(n -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    for (int i = 0; i < n; i++) {
                        m.put("attr" + i, (long) i);
                    }
                    return m;
                });
        Arbitrary<Map<String, Object>> identified = Arbitraries.oneOf(small, wide).flatMap(m -> Arbitraries.of(
                "acme", "t").flatMap(t -> Arbitraries.of("Agent", "AgentGroup", "Tenant", "Queue").map(type -> {
                    Map<String, Object> o = new LinkedHashMap<>(m);
                    o.putIfAbsent("tenant", t);
                    o.putIfAbsent("type", type);
                    o.putIfAbsent("id", "Tenant".equals(type) ? t : "x1");
                    return o;
                })));
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(1, small), net.jqwik.api.Tuple.of(3, identified));
    }

    @Provide
    Arbitrary<Map<String, Object>> documents() {
        Arbitrary<Object> entry = Arbitraries.oneOf(objects().map(m -> (Object) m), scalars());
        Arbitrary<Map<String, Object>> doc = entry.list().ofMaxSize(4).map(l -> {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("objects", new ArrayList<>(l));
            return d;
        });
        Arbitrary<Map<String, Object>> odd = Arbitraries.maps(Arbitraries.of("objects", "object", ""), values())
                .ofMaxSize(2).map(m -> new LinkedHashMap<>(m));
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(4, doc), net.jqwik.api.Tuple.of(1, odd));
    }
}
