package io.switchboard.systemtests;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.LongUnaryOperator;

/**
 * A deterministic contact center for one source: the same seed gives the same events, whatever
 * the speed they are sent at. The source owns its agents (so its calls at them never depend on
 * another source's order) and shares the tenant's queues with other sources (queue values are
 * sums, so the order in which sources arrive does not change them).
 *
 * <p>Each call goes CallQueued → CallDiverted → CallRinging → CallEstablished [→ CallHeld →
 * CallRetrieved] → CallReleased, or ends in the queue (CallAbandoned, CallCleared), or is
 * abandoned while ringing. Agents log in, get ready, take calls, do after-call work, take
 * breaks and log out. {@link Mix#CALLS_ONLY} keeps agents logged in and ready and makes every
 * event start exactly one countable action (see {@link Event#counter()}), for latency tests.
 */
public final class EventGenerator implements EventStream {

    /** An agent with its DN and place. */
    public record Agent(String id, String dn, String place) {
    }

    /** The shape of the traffic. */
    public enum Mix {
        /** Everything a contact center does (readiness changes, holds, abandons, logouts). */
        FULL,
        /** Logins and readiness first, then calls only; every call event is countable. */
        CALLS_ONLY
    }

    /** One generated event: its line and what it is about. */
    public record Event(long seq, long ts, String type, String line, String queue, String agent, String dn) {

        /**
         * The per-object count that this event raises by exactly one in {@link Mix#CALLS_ONLY}: a
         * TotalNumber (actions that started) of {@code action} on the object, or null when the
         * event is not counted that way.
         */
        public Counter counter() {
            return switch (type) {
                case "CallQueued" -> new Counter("Queue", queue, "CallEntered");
                case "CallDiverted" -> new Counter("Queue", queue, "CallDistributed");
                case "CallAbandoned" -> queue != null ? new Counter("Queue", queue, "CallAbandoned") : null;
                case "CallCleared" -> new Counter("Queue", queue, "CallCleared");
                case "CallRinging" -> new Counter("Agent", agent, "CallRinging");
                case "CallEstablished" -> new Counter("Agent", agent, "CallInbound");
                // the agent was ready before the call: it is ready again, a new wait starts
                case "CallReleased" -> new Counter("Agent", agent, "WaitForNextCall");
                default -> null;
            };
        }
    }

    /** An object and the action whose started count measures events. */
    public record Counter(String type, String id, String action) {
    }

    private enum AgentState { OUT, READY, NOT_READY, ACW, RESERVED, RINGING, TALKING, HELD }

    private static final class AgentRun {
        final Agent agent;
        AgentState state = AgentState.OUT;
        Call call;

        AgentRun(Agent agent) {
            this.agent = agent;
        }
    }

    private static final class Call {
        final String id;
        final String queue;
        AgentRun at;

        Call(String id, String queue) {
            this.id = id;
            this.queue = queue;
        }
    }

    private final String tenant;
    private final String source;
    private final List<AgentRun> agents = new ArrayList<>();
    private final List<String> queues;
    private final Random random;
    private final Mix mix;
    private final LongUnaryOperator tsOfSeq;
    private final List<Call> waiting = new ArrayList<>();
    private final int maxWaiting;
    private long calls;
    private Event last;

    /**
     * @param tsOfSeq the timestamp (epoch millis) of the event with a given seq; must not decrease
     */
    public EventGenerator(String tenant, String source, List<Agent> agents, List<String> queues, long seed, Mix mix,
            LongUnaryOperator tsOfSeq) {
        this.tenant = tenant;
        this.source = source;
        for (Agent a : agents) {
            this.agents.add(new AgentRun(a));
        }
        this.queues = List.copyOf(queues);
        this.random = new Random(seed);
        this.mix = mix;
        this.tsOfSeq = tsOfSeq;
        this.maxWaiting = Math.max(4, agents.size());
    }

    /** Agents {@code prefix-NNN} (from {@code first}) on DNs {@code dnBase + n} and places {@code place-NNN}. */
    public static List<Agent> agents(String prefix, int first, int count, int dnBase) {
        List<Agent> out = new ArrayList<>();
        for (int n = first; n < first + count; n++) {
            out.add(new Agent(String.format("%s-%03d", prefix, n), Integer.toString(dnBase + n),
                    String.format("place-%03d", n)));
        }
        return out;
    }

    /** The demo tenant's agents (etc/switchboard-config.json): agent-001..020, DNs 1001..1020. */
    public static List<Agent> demoAgents(int first, int count) {
        return agents("agent", first, count, 1000);
    }

    public Event last() {
        return last;
    }

    @Override
    public String next(long seq) {
        return nextEvent(seq).line();
    }

    /** The event with this seq; call with consecutive seqs. */
    public Event nextEvent(long seq) {
        long ts = tsOfSeq.applyAsLong(seq);
        last = step(seq, ts);
        return last;
    }

    private Event step(long seq, long ts) {
        // logins first, so that calls find agents
        for (AgentRun a : agents) {
            if (a.state == AgentState.OUT && (mix == Mix.CALLS_ONLY || calls == 0 || random.nextInt(50) == 0)) {
                a.state = AgentState.NOT_READY;
                return agentEvent(seq, ts, "AgentLogin", a, null, null);
            }
            if (a.state == AgentState.NOT_READY && (mix == Mix.CALLS_ONLY || calls == 0)) {
                a.state = AgentState.READY;
                return agentEvent(seq, ts, "AgentReady", a, null, null);
            }
        }
        while (true) {
            int r = random.nextInt(100);
            if (r < 22) {
                Event e = newCall(seq, ts);
                if (e != null) {
                    return e;
                }
            } else if (r < 40) {
                Event e = distributeOrLeave(seq, ts);
                if (e != null) {
                    return e;
                }
            } else if (r < 90) {
                Event e = advanceCall(seq, ts);
                if (e != null) {
                    return e;
                }
            } else if (mix == Mix.FULL) {
                Event e = readiness(seq, ts);
                if (e != null) {
                    return e;
                }
            }
        }
    }

    private Event newCall(long seq, long ts) {
        if (waiting.size() >= maxWaiting) {
            return null;
        }
        Call c = new Call(source + "-c" + (++calls), queues.get(random.nextInt(queues.size())));
        waiting.add(c);
        return callEvent(seq, ts, "CallQueued", c, null, c.queue, null);
    }

    private Event distributeOrLeave(long seq, long ts) {
        if (waiting.isEmpty()) {
            return null;
        }
        Call c = waiting.get(random.nextInt(waiting.size()));
        int r = random.nextInt(100);
        if (r < 8) {
            waiting.remove(c);
            return callEvent(seq, ts, "CallAbandoned", c, null, c.queue, null);
        }
        if (r < 10 && mix == Mix.FULL) {
            waiting.remove(c);
            return callEvent(seq, ts, "CallCleared", c, null, c.queue, "timeout");
        }
        List<AgentRun> ready = new ArrayList<>();
        for (AgentRun a : agents) {
            if (a.state == AgentState.READY) {
                ready.add(a);
            }
        }
        if (ready.isEmpty()) {
            return null;
        }
        AgentRun a = ready.get(random.nextInt(ready.size()));
        waiting.remove(c);
        a.state = AgentState.RESERVED;
        a.call = c;
        c.at = a;
        return callEvent(seq, ts, "CallDiverted", c, a, c.queue, null);
    }

    private Event advanceCall(long seq, long ts) {
        List<AgentRun> busy = new ArrayList<>();
        for (AgentRun a : agents) {
            if (a.call != null) {
                busy.add(a);
            }
        }
        if (busy.isEmpty()) {
            return null;
        }
        AgentRun a = busy.get(random.nextInt(busy.size()));
        Call c = a.call;
        int r = random.nextInt(100);
        switch (a.state) {
            case RESERVED:
                a.state = AgentState.RINGING;
                return callEvent(seq, ts, "CallRinging", c, a, null, null);
            case RINGING:
                if (mix == Mix.FULL && r < 5) {
                    endCall(a);
                    return callEvent(seq, ts, "CallAbandoned", c, a, null, null);
                }
                a.state = AgentState.TALKING;
                return callEvent(seq, ts, "CallEstablished", c, a, null, null);
            case TALKING:
                if (mix == Mix.FULL && r < 10) {
                    a.state = AgentState.HELD;
                    return callEvent(seq, ts, "CallHeld", c, a, null, null);
                }
                endCall(a);
                return callEvent(seq, ts, "CallReleased", c, a, null, null);
            case HELD:
                a.state = AgentState.TALKING;
                return callEvent(seq, ts, "CallRetrieved", c, a, null, null);
            default:
                throw new IllegalStateException("agent " + a.agent.id() + " has a call in state " + a.state);
        }
    }

    private void endCall(AgentRun a) {
        a.call = null;
        a.state = AgentState.READY;
    }

    private Event readiness(long seq, long ts) {
        AgentRun a = agents.get(random.nextInt(agents.size()));
        int r = random.nextInt(100);
        switch (a.state) {
            case READY:
                if (r < 40) {
                    a.state = AgentState.ACW;
                    return agentEvent(seq, ts, "AgentNotReady", a, "AfterCallWork", null);
                }
                if (r < 55) {
                    a.state = AgentState.NOT_READY;
                    return agentEvent(seq, ts, "AgentNotReady", a, null, "break");
                }
                if (r < 58) {
                    a.state = AgentState.OUT;
                    return agentEvent(seq, ts, "AgentLogout", a, null, null);
                }
                return null;
            case ACW:
            case NOT_READY:
                a.state = AgentState.READY;
                return agentEvent(seq, ts, "AgentReady", a, null, null);
            case OUT:
                a.state = AgentState.NOT_READY;
                return agentEvent(seq, ts, "AgentLogin", a, null, null);
            default:
                return null;
        }
    }

    private ObjectNode base(long seq, long ts, String type) {
        ObjectNode n = Http.JSON.createObjectNode();
        n.put("type", type);
        n.put("ts", Instant.ofEpochMilli(ts).toString());
        n.put("source", source);
        n.put("seq", seq);
        n.put("tenant", tenant);
        return n;
    }

    private Event agentEvent(long seq, long ts, String type, AgentRun a, String workMode, String reason) {
        ObjectNode n = base(seq, ts, type);
        n.put("agent", a.agent.id());
        n.put("dn", a.agent.dn());
        n.put("place", a.agent.place());
        if (workMode != null) {
            n.put("workMode", workMode);
        }
        if (reason != null) {
            n.put("reason", reason);
        }
        return new Event(seq, ts, type, n.toString(), null, a.agent.id(), a.agent.dn());
    }

    private Event callEvent(long seq, long ts, String type, Call c, AgentRun a, String queue, String reason) {
        ObjectNode n = base(seq, ts, type);
        n.put("call", c.id);
        if (queue != null) {
            n.put("queue", queue);
        }
        if (a != null) {
            n.put("agent", a.agent.id());
            n.put("dn", a.agent.dn());
        }
        if (reason != null) {
            n.put("reason", reason);
        }
        if ("CallQueued".equals(type)) {
            n.putObject("data").put("segment", (c.id.hashCode() & 1) == 0 ? "gold" : "silver");
        }
        return new Event(seq, ts, type, n.toString(), queue, a == null ? null : a.agent.id(),
                a == null ? null : a.agent.dn());
    }

    /** The first {@code n} events of a stream, for tests that send a fixed set. */
    public List<String> take(int n) {
        List<String> out = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
            out.add(next(i));
        }
        return out;
    }
}
