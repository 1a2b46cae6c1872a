package io.switchboard.engine.internal.grid;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.hazelcast.core.HazelcastInstance;
import io.switchboard.api.event.CanonicalEvent;
import io.switchboard.api.event.EventType;
import io.switchboard.api.grid.GridCodec;
import io.switchboard.api.model.ObjectRef;
import io.switchboard.api.model.ObjectType;
import io.switchboard.api.model.StatType;
import io.switchboard.api.model.StatValue;
import io.switchboard.api.stats.Notification;
import io.switchboard.api.stats.StatRequest;
import io.switchboard.engine.internal.config.ConfigStore;
import io.switchboard.engine.internal.notify.Notifier;
import io.switchboard.engine.internal.stats.TimeProfile;
import io.switchboard.grid.internal.CodecRegistry;
import io.switchboard.grid.internal.GridConfigFactory;
import io.switchboard.grid.internal.GridSettings;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.After;
import org.junit.Test;

/**
 * Notification from what changed misses nothing: on a random contact-center stream applied to a
 * real grid, a notifier told only which objects were touched (so it evaluates every statistic
 * of them) and one told what changed in each (so it skips the statistics no change can move)
 * send the same values, in the same order, for every event-driven statistic (counts, averages,
 * maxima, service factors, ranges, selections, status subjects, data and media filters). The
 * time-driven ones (CurrentTime, TotalTime, CurrentMaxTime) grow with the clock alone: the first
 * also re-sends them on unrelated touches, so they are opened (the work is the same) but not
 * compared; nor are sliding windows, which lose items with time alone (see {@code open}).
 */
public class ChangeDrivenNotificationTest {

    private static final long HISTORY = 86_400_000L;
    private static final long START = Instant.parse("2026-03-02T08:00:00Z").toEpochMilli();
    private static final Map<String, Map<String, Object>> PROFILES = Map.of(
            "Default", Map.of("type", "growing", "reset", List.of("00:00")),
            "LastHour", Map.of("type", "sliding", "window", 600, "step", 60),
            "Last5", Map.of("type", "selection", "size", 5));
    private static final String[] AGENTS = {"a1", "a2", "a3"};
    private static final String[] QUEUES = {"q1", "q2"};

    private HazelcastInstance hz;

    @After
    public void shutdown() {
        if (hz != null) {
            hz.getLifecycleService().terminate();
        }
    }

    private static StatType type(String category, StatType.Subject subject, List<String> mask, List<String> rel,
            double[] range) {
        return new StatType(category + "-" + mask + "-" + rel, List.of(), category, subject, mask, rel, range, null);
    }

    private record Def(StatType type, String profile, StatRequest.Filter filter, boolean timeDriven) {
    }

    private static List<Def> definitions() {
        StatType.Subject act = StatType.Subject.Action;
        StatRequest.Filter none = StatRequest.Filter.NONE;
        StatRequest.Filter vip = new StatRequest.Filter(List.of(), Map.of("vip", "yes"));
        StatRequest.Filter chat = new StatRequest.Filter(List.of("chat"), Map.of());
        List<Def> defs = new ArrayList<>();
        for (String p : List.of("Default", "LastHour")) {
            defs.add(new Def(type("TotalNumber", act, List.of("CallInbound"), List.of(), null), p, none, false));
            defs.add(new Def(type("TotalNumber", act, List.of("CallInbound"), List.of(), null), p, vip, false));
            defs.add(new Def(type("TotalNumber", act, List.of("CallRinging"), List.of(), null), p, chat, false));
            defs.add(new Def(type("AverageTime", act, List.of("CallRinging"), List.of(), null), p, none, false));
            defs.add(new Def(type("MaxTime", act, List.of("CallInbound"), List.of(), null), p, none, false));
            defs.add(new Def(type("TotalNumber", act, List.of("CallEntered"), List.of(), null), p, none, false));
            defs.add(new Def(type("TotalNumberInTimeRange", act, List.of("CallDistributed"), List.of(),
                    new double[] {0, 20}), p, none, false));
            defs.add(new Def(type("ServiceFactor", act, List.of("CallAnswered"), List.of("CallAnswered",
                    "CallAbandoned"), new double[] {0, 15}), p, none, false));
            defs.add(new Def(type("TotalNumber", StatType.Subject.Status, List.of("NotReadyForNextCall"), List.of(),
                    null), p, none, false));
            defs.add(new Def(type("TotalTime", act, List.of("CallInbound"), List.of(), null), p, none, true));
        }
        defs.add(new Def(type("MaxTime", act, List.of("CallWait"), List.of(), null), "Last5", none, false));
        defs.add(new Def(type("ServiceFactor", act, List.of("CallAnswered"), List.of("CallAnswered"),
                new double[] {0, 10}), "Last5", none, false));
        defs.add(new Def(type("CurrentNumber", act, List.of("CallWait"), List.of(), null), "Default", none, false));
        defs.add(new Def(type("CurrentNumber", act, List.of("CallInbound"), List.of(), null), "Default", vip, false));
        defs.add(new Def(type("CurrentNumber", StatType.Subject.Status, List.of("WaitForNextCall"), List.of(), null),
                "Default", none, false));
        defs.add(new Def(type("CurrentTime", act, List.of("WaitForNextCall", "CallInbound"), List.of(), null),
                "Default", none, true));
        defs.add(new Def(type("CurrentMaxTime", act, List.of("CallWait"), List.of(), null), "Default", none, true));
        return defs;
    }

    @Test
    public void aNotifierToldWhatChangedSendsWhatANotifierToldOnlyWhichObjectsSends() {
        int port = 16791;
        CodecRegistry codecs = new CodecRegistry();
        for (GridCodec<?> c : GridEngine.codecs()) {
            codecs.add(c);
        }
        GridSettings s = new GridSettings("changes-" + port, null, "127.0.0.1", port, 1,
                List.of("127.0.0.1:" + port), 1, 31);
        hz = GridConfigFactory.start(GridConfigFactory.config(s, getClass().getClassLoader(), codecs));
        GridEngine engine = new GridEngine(hz, new ConfigStore(hz), HISTORY);

        AtomicLong now = new AtomicLong(START);
        Notifier.Evaluation evaluation = (r, t) -> new StatValue(engine.evaluate(r.object(), r.statType(),
                PROFILES.get(r.timeProfile()), r.filter(), t, n -> null).value(), t, false);
        Notifier everything = new Notifier(evaluation, now::get, g -> List.of());
        Notifier changed = new Notifier(evaluation, now::get, g -> List.of());
        Map<String, List<Object>> sentByAll = new HashMap<>();
        Map<String, List<Object>> sentByChanges = new HashMap<>();
        List<String> timeDriven = new ArrayList<>();
        List<Def> defs = definitions();
        for (int d = 0; d < defs.size(); d++) {
            Def def = defs.get(d);
            for (String id : AGENTS) {
                open(everything, changed, sentByAll, sentByChanges, def, d, ObjectType.Agent, id, timeDriven);
            }
            for (String id : QUEUES) {
                open(everything, changed, sentByAll, sentByChanges, def, d, ObjectType.Queue, id, timeDriven);
            }
        }

        Random rnd = new Random(5);
        Stream stream = new Stream(rnd, now);
        int skippedSome = 0;
        for (int batch = 0; batch < 900; batch++) {
            List<CanonicalEvent> events = stream.next(1 + rnd.nextInt(3));
            Touched touched = engine.applyChanges(events);
            everything.touched(touched.keys());
            changed.touched(touched.changes());
            everything.tick();
            changed.tick();
            for (List<String> c : touched.changes().values()) {
                skippedSome += c != null && !c.contains("*") ? 1 : 0;
            }
        }
        assertTrue("the stream said what changed", skippedSome > 100);
        int compared = 0;
        for (Map.Entry<String, List<Object>> e : sentByAll.entrySet()) {
            if (timeDriven.contains(e.getKey())) {
                continue;
            }
            assertEquals(e.getKey(), e.getValue(), sentByChanges.get(e.getKey()));
            compared += e.getValue().size();
        }
        assertTrue("enough notifications compared: " + compared, compared > 1_000);
    }

    private static void open(Notifier a, Notifier b, Map<String, List<Object>> sentA, Map<String, List<Object>> sentB,
            Def def, int d, ObjectType type, String id, List<String> timeDriven) {
        String key = d + "/" + type + "/" + id;
        StatRequest r = new StatRequest(def.type(), new ObjectRef("acme", type, id), def.profile(), null,
                def.filter());
        TimeProfile p = TimeProfile.parse(PROFILES.get(def.profile()));
        sentA.put(key, new ArrayList<>());
        sentB.put(key, new ArrayList<>());
        // A sliding window also loses items with time alone: between its steps the second notifier
        // sends such a drop at the next step (the lag of one step STATISTICS.md allows), the
        // first one at any touch of the object. Its names are those of a growing profile.
        if (def.timeDriven() || def.profile().equals("LastHour")) {
            timeDriven.add(key);
        }
        a.subscribe(r, Notification.CHANGES, p, (ref, v) -> sentA.get(key).add(v.value()));
        b.subscribe(r, Notification.CHANGES, p, (ref, v) -> sentB.get(key).add(v.value()));
    }

    /** A small contact center: logins, readiness, calls queued, distributed, answered, abandoned, with data and media. */
    private static final class Stream {
        final Random rnd;
        final AtomicLong now;
        long seq;
        int calls;
        final Map<String, String> talking = new HashMap<>();
        final Map<String, String> queued = new HashMap<>();

        Stream(Random rnd, AtomicLong now) {
            this.rnd = rnd;
            this.now = now;
        }

        CanonicalEvent.Builder at(EventType type) {
            return CanonicalEvent.builder(type).ts(now.get()).source("s").seq(++seq).tenant("acme");
        }

        List<CanonicalEvent> next(int n) {
            List<CanonicalEvent> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                now.addAndGet(rnd.nextInt(20_000));
                String agent = AGENTS[rnd.nextInt(AGENTS.length)];
                String dn = "d-" + agent;
                String queue = QUEUES[rnd.nextInt(QUEUES.length)];
                String media = rnd.nextInt(4) == 0 ? "chat" : "voice";
                Map<String, String> data = rnd.nextBoolean() ? Map.of("vip", rnd.nextBoolean() ? "yes" : "no")
                        : Map.of();
                switch (rnd.nextInt(9)) {
                    case 0 -> out.add(at(EventType.AgentLogin).agent(agent).dn(dn).build());
                    case 1 -> out.add(at(EventType.AgentReady).agent(agent).dn(dn).build());
                    case 2 -> out.add(at(EventType.AgentNotReady).agent(agent).dn(dn).build());
                    case 3, 4 -> {
                        String call = "c" + (++calls);
                        queued.put(call, queue);
                        out.add(at(EventType.CallQueued).queue(queue).call(call).media(media).data(data).build());
                    }
                    case 5 -> {
                        if (!queued.isEmpty() && !talking.containsKey(agent)) {
                            String call = queued.keySet().iterator().next();
                            String q = queued.remove(call);
                            talking.put(agent, call);
                            out.add(at(EventType.CallDiverted).queue(q).call(call).dn(dn).build());
                            out.add(at(EventType.CallRinging).agent(agent).dn(dn).call(call).media(media).build());
                        }
                    }
                    case 6 -> {
                        String call = talking.get(agent);
                        if (call != null) {
                            out.add(at(EventType.CallEstablished).agent(agent).dn(dn).call(call).data(data).build());
                        }
                    }
                    case 7 -> {
                        String call = talking.remove(agent);
                        if (call != null) {
                            out.add(at(EventType.CallReleased).agent(agent).dn(dn).call(call).build());
                        }
                    }
                    default -> {
                        if (!queued.isEmpty()) {
                            String call = queued.keySet().iterator().next();
                            out.add(at(EventType.CallAbandoned).queue(queued.remove(call)).call(call).build());
                        }
                    }
                }
            }
            return out;
        }
    }
}
