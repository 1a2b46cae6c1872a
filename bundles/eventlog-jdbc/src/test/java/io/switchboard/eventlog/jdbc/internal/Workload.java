package io.switchboard.eventlog.jdbc.internal;

import io.switchboard.api.event.CanonicalEvent;
import io.switchboard.api.event.EventType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A generated run like a cluster's: every node (source) reports its own login/logout pair for each
 * real login of an agent, a few milliseconds apart, so the pairs overlap; calls each go through one
 * node with their whole life cycle, some abandoned in the queue.
 */
final class Workload {

    static final long T0 = 1_772_442_000_000L;

    final Map<String, List<CanonicalEvent>> bySource = new LinkedHashMap<>();
    int realLogins;
    int calls;
    int abandoned;

    private final Map<String, Long> seqs = new LinkedHashMap<>();

    /**
     * @param nodes sources, one per node
     * @param agents agents, each logged in on every node
     * @param rounds real logins per agent, one after the other
     * @param callsPerRound calls per agent and round
     */
    Workload(int nodes, int agents, int rounds, int callsPerRound, long randomSeed) {
        Random random = new Random(randomSeed);
        List<String> sources = new ArrayList<>();
        for (int n = 1; n <= nodes; n++) {
            sources.add("node" + n);
            bySource.put("node" + n, new ArrayList<>());
        }
        List<CanonicalEvent> all = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            long roundStart = T0 + r * 3_600_000L;
            for (int a = 1; a <= agents; a++) {
                String agent = "a" + a;
                long login = roundStart + a * 10L;
                long logout = login + 1_800_000L;
                realLogins++;
                for (String s : sources) {
                    int skew = random.nextInt(50);
                    all.add(CanonicalEvent.builder(EventType.AgentLogin).ts(login + skew).source(s).tenant("t")
                            .agent(agent).dn("d" + a).build());
                    all.add(CanonicalEvent.builder(EventType.AgentLogout).ts(logout + random.nextInt(50)).source(s)
                            .tenant("t").agent(agent).dn("d" + a).build());
                }
                for (int c = 0; c < callsPerRound; c++) {
                    String call = "c" + r + "-" + a + "-" + c;
                    String s = sources.get(random.nextInt(sources.size()));
                    long t = login + 60_000L + c * 120_000L;
                    calls++;
                    all.add(call(EventType.CallQueued, s, t, call).queue("q1").build());
                    if (random.nextInt(10) == 0) {
                        abandoned++;
                        all.add(call(EventType.CallAbandoned, s, t + 5_000, call).queue("q1").build());
                        continue;
                    }
                    all.add(call(EventType.CallDiverted, s, t + 5_000, call).queue("q1").dn("d" + a).build());
                    all.add(call(EventType.CallRinging, s, t + 5_001, call).dn("d" + a).agent(agent).build());
                    all.add(call(EventType.CallEstablished, s, t + 9_000, call).dn("d" + a).agent(agent).build());
                    all.add(call(EventType.CallReleased, s, t + 60_000, call).dn("d" + a).agent(agent).build());
                }
            }
        }
        all.sort(java.util.Comparator.comparingLong(CanonicalEvent::ts));
        for (CanonicalEvent e : all) {
            long seq = seqs.merge(e.source(), 1L, Long::sum);
            bySource.get(e.source()).add(new CanonicalEvent(e.type(), e.ts(), e.source(), seq, e.tenant(), e.media(),
                    e.agent(), e.place(), e.dn(), e.call(), e.queue(), e.direction(), e.reason(), e.workMode(),
                    e.type() == EventType.CallQueued ? Map.of("segment", "gold") : Map.of()));
        }
    }

    private static CanonicalEvent.Builder call(EventType type, String source, long ts, String call) {
        return CanonicalEvent.builder(type).ts(ts).source(source).tenant("t").call(call);
    }

    int size() {
        return bySource.values().stream().mapToInt(List::size).sum();
    }

    Map<String, Long> lastSeqs() {
        Map<String, Long> m = new LinkedHashMap<>();
        bySource.forEach((s, l) -> m.put(s, (long) l.size()));
        return m;
    }

    /** Every event in time order across sources, as ingestion would see them arrive. */
    List<CanonicalEvent> inArrivalOrder() {
        List<CanonicalEvent> all = new ArrayList<>();
        bySource.values().forEach(all::addAll);
        all.sort(java.util.Comparator.comparingLong(CanonicalEvent::ts));
        return all;
    }
}
