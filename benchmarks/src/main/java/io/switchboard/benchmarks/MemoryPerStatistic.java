package io.switchboard.benchmarks;

import io.switchboard.api.model.ObjectRef;
import io.switchboard.api.model.ObjectType;
import io.switchboard.api.model.StatType;
import io.switchboard.api.model.StatValue;
import io.switchboard.api.stats.Notification;
import io.switchboard.api.stats.StatListener;
import io.switchboard.api.stats.StatRequest;
import io.switchboard.engine.internal.notify.Notifier;
import io.switchboard.engine.internal.stats.TimeProfile;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Heap per open statistic: N distinct statistics subscribed on the engine's {@link Notifier}
 * (mode changes, one tick served so every subscription holds its first value, as after 100 ms
 * in the server), measured as heap used after full GCs, divided by N. Reported in two parts:
 * the requests themselves (what any server must keep per statistic: stat type reference, object
 * reference, profile) and what the Notifier adds to each.
 *
 * <p>Population: 50 % agent statistics (one agent, 10 types), 25 % agent-group statistics (groups
 * of 20 agents), 20 % queue, 5 % tenant; stat types and profile definitions shared, as the
 * registry resolves them. Run with a heap of at least 3 GB for 1,000,000.
 */
public final class MemoryPerStatistic {

    /** Bytes per statistic: the request, the Notifier's share, and the sum. */
    public record Result(int count, String population, double requestBytes, double notifierBytes) {
        public double totalBytes() {
            return requestBytes + notifierBytes;
        }

        @Override
        public String toString() {
            return String.format("%,d %s statistics: %.0f B/statistic (request %.0f + notifier %.0f)", count,
                    population, totalBytes(), requestBytes, notifierBytes);
        }
    }

    private MemoryPerStatistic() {
    }

    public static void main(String[] args) throws InterruptedException {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        boolean machine = args.length > 1 && "--machine".equals(args[1]);
        for (boolean mix : new boolean[] {true, false}) {
            Result r = measure(n, mix);
            System.out.println(r);
            if (machine) {
                System.out.printf(java.util.Locale.ROOT, "RESULT %d %s %.1f %.1f%n", r.count(), r.population(),
                        r.requestBytes(), r.notifierBytes());
            }
        }
    }

    /** @param mix the mixed population, else agent statistics only */
    public static Result measure(int n, boolean mix) throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long before = usedAfterGc(memory);
        List<StatRequest> requests = requests(n, mix);
        long withRequests = usedAfterGc(memory);

        Notifier notifier = new Notifier((r, t) -> new StatValue(Long.valueOf(t ^ r.hashCode()), t, false),
                () -> Workload.START, MemoryPerStatistic::members);
        StatListener listener = (ref, v) -> { };
        for (StatRequest r : requests) {
            // As StatsEngine.subscribe: each subscription parses its profile.
            notifier.subscribe(r, Notification.CHANGES, TimeProfile.parse(r.inlineProfile()), listener);
        }
        notifier.tick();
        long withSubscriptions = usedAfterGc(memory);
        if (notifier.size() != n) {
            throw new IllegalStateException("expected " + n + " subscriptions, notifier holds " + notifier.size());
        }
        Result result = new Result(n, mix ? "mixed" : "agent", (withRequests - before) / (double) n,
                (withSubscriptions - withRequests) / (double) n);
        // keep both alive up to the last measurement
        if (requests.size() + notifier.size() < 0) {
            System.out.println(result);
        }
        return result;
    }

    private static List<String> members(ObjectRef group) {
        int g = Integer.parseInt(group.id().substring(1));
        List<String> m = new ArrayList<>(20);
        for (int i = 0; i < 20; i++) {
            m.add("a" + (g * 20 + i));
        }
        return m;
    }

    private static List<StatRequest> requests(int n, boolean mix) {
        List<StatType> agentTypes = StatMix.AGENT_TYPES;
        List<StatType> queueTypes = StatMix.QUEUE_TYPES;
        List<StatRequest> out = new ArrayList<>(n);
        int agents = mix ? n / 2 : n;
        int groups = mix ? n / 4 : 0;
        int queues = mix ? n / 5 : 0;
        int tenants = n - agents - groups - queues;
        add(out, agents, ObjectType.Agent, "a", agentTypes);
        add(out, groups, ObjectType.AgentGroup, "g", agentTypes);
        add(out, queues, ObjectType.Queue, "q", queueTypes);
        add(out, tenants, ObjectType.Tenant, "t", queueTypes);
        return out;
    }

    /** {@code count} statistics on count/10 objects, 10 types each, alternating profiles. */
    private static void add(List<StatRequest> out, int count, ObjectType type, String prefix, List<StatType> types) {
        String id = null;
        for (int i = 0; i < count; i++) {
            if (i % 10 == 0) {
                id = prefix + (i / 10);
            }
            Map<String, Object> profile = (i / 10) % 2 == 0 ? StatMix.DAILY : StatMix.HOUR_SLIDING;
            String tenant = type == ObjectType.Tenant ? id : Workload.TENANT;
            out.add(new StatRequest(types.get(i % 10), new ObjectRef(tenant, type, id), null, profile, null));
        }
    }

    private static long usedAfterGc(MemoryMXBean memory) throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(100);
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
