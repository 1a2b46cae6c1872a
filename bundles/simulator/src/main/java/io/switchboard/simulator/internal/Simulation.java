package io.switchboard.simulator.internal;

import io.switchboard.api.event.CanonicalEvent;
import io.switchboard.api.event.EventType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;

/**
 * A discrete-event model of a small contact center: callers arrive (Poisson) in queues, wait,
 * abandon when their patience runs out, are distributed to ready agents of the queue's group,
 * ring, talk (sometimes on hold), and agents do after-call work and take breaks. Deterministic
 * for a seed; time only moves when {@link #advanceTo} is called.
 */
public final class Simulation {

    /** What the model is made of. Times in seconds. */
    public record Settings(String tenant, String source, int agents, List<String> queues, double callsPerMinute,
            double talkSeconds, double acwSeconds, double patienceSeconds, double breakProbability, long seed) {
    }

    private final class Agent {
        final String id;
        final String dn;
        final String place;
        final String queue;
        boolean ready;
        String call;

        Agent(int n, String queue) {
            this.id = String.format("agent-%03d", n);
            this.dn = Integer.toString(1000 + n);
            this.place = String.format("place-%03d", n);
            this.queue = queue;
        }
    }

    private record Scheduled(long at, long order, Runnable action) {
    }

    private final Settings s;
    private final Random random;
    private final List<Agent> agents = new ArrayList<>();
    private final Map<String, Deque<String>> waiting = new HashMap<>();
    private final PriorityQueue<Scheduled> agenda = new PriorityQueue<>((a, b) ->
            a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.order, b.order));
    private final List<CanonicalEvent> out = new ArrayList<>();
    private long order;
    private long seq;
    private long now;
    private int calls;

    public Simulation(Settings settings, long startMillis, long firstSeq) {
        this.s = settings;
        this.random = new Random(settings.seed());
        this.now = startMillis;
        this.seq = firstSeq - 1;
        for (String q : settings.queues()) {
            waiting.put(q, new ArrayDeque<>());
        }
        for (int i = 1; i <= settings.agents(); i++) {
            Agent a = new Agent(i, settings.queues().get((i - 1) % settings.queues().size()));
            agents.add(a);
            // Agents come in over the first half minute.
            schedule(startMillis + random.nextInt(30_000), () -> login(a));
        }
        scheduleNextArrival();
    }

    /** The agent ids, DNs and queues the model uses, for configuration and tests. */
    public List<String> agentIds() {
        return agents.stream().map(a -> a.id).toList();
    }

    /** Runs the model up to {@code until} and returns the events that happened, in order. */
    public List<CanonicalEvent> advanceTo(long until) {
        while (!agenda.isEmpty() && agenda.peek().at <= until) {
            Scheduled next = agenda.poll();
            now = next.at;
            next.action.run();
        }
        now = Math.max(now, until);
        List<CanonicalEvent> events = new ArrayList<>(out);
        out.clear();
        return events;
    }

    private void schedule(long at, Runnable action) {
        agenda.add(new Scheduled(at, order++, action));
    }

    private long exp(double meanSeconds) {
        return (long) (-Math.log(1 - random.nextDouble()) * meanSeconds * 1000);
    }

    private CanonicalEvent.Builder event(EventType type) {
        return CanonicalEvent.builder(type).ts(now).source(s.source()).seq(++seq).tenant(s.tenant());
    }

    private void emit(CanonicalEvent.Builder b) {
        out.add(b.build());
    }

    private void login(Agent a) {
        emit(event(EventType.AgentLogin).agent(a.id).dn(a.dn).place(a.place).queue(a.queue));
        becomeReady(a);
    }

    private void becomeReady(Agent a) {
        emit(event(EventType.AgentReady).agent(a.id).dn(a.dn));
        a.ready = true;
        dispatch(a.queue);
    }

    private void scheduleNextArrival() {
        if (s.callsPerMinute() <= 0) {
            return;
        }
        schedule(now + Math.max(1, exp(60.0 / s.callsPerMinute())), this::arrive);
    }

    private void arrive() {
        String queue = s.queues().get(random.nextInt(s.queues().size()));
        String call = "sim-" + (++calls);
        String segment = random.nextInt(4) == 0 ? "gold" : "silver";
        emit(event(EventType.CallQueued).queue(queue).call(call).data(Map.of("segment", segment)));
        waiting.get(queue).add(call);
        long patience = exp(s.patienceSeconds());
        schedule(now + patience, () -> abandonIfWaiting(queue, call));
        dispatch(queue);
        scheduleNextArrival();
    }

    private void abandonIfWaiting(String queue, String call) {
        if (waiting.get(queue).remove(call)) {
            emit(event(EventType.CallAbandoned).queue(queue).call(call).reason("caller hung up"));
        }
    }

    private void dispatch(String queue) {
        Deque<String> q = waiting.get(queue);
        while (!q.isEmpty()) {
            Agent free = null;
            for (Agent a : agents) {
                if (a.ready && a.call == null && a.queue.equals(queue)) {
                    free = a;
                    break;
                }
            }
            if (free == null) {
                return;
            }
            offer(free, queue, q.poll());
        }
    }

    private void offer(Agent a, String queue, String call) {
        a.call = call;
        a.ready = false;
        emit(event(EventType.CallDiverted).queue(queue).dn(a.dn).call(call));
        emit(event(EventType.CallRinging).agent(a.id).dn(a.dn).call(call));
        long ring = 2000 + random.nextInt(4000);
        schedule(now + ring, () -> answer(a, call));
    }

    private void answer(Agent a, String call) {
        emit(event(EventType.CallEstablished).agent(a.id).dn(a.dn).call(call));
        long talk = Math.max(5000, exp(s.talkSeconds()));
        if (random.nextInt(10) == 0) {
            long holdAt = talk / 3;
            long holdFor = Math.max(2000, talk / 4);
            schedule(now + holdAt, () -> emit(event(EventType.CallHeld).agent(a.id).dn(a.dn).call(call)));
            schedule(now + holdAt + holdFor,
                    () -> emit(event(EventType.CallRetrieved).agent(a.id).dn(a.dn).call(call)));
            talk = holdAt + holdFor + talk / 2;
        }
        schedule(now + talk, () -> release(a, call));
    }

    private void release(Agent a, String call) {
        emit(event(EventType.CallReleased).agent(a.id).dn(a.dn).call(call));
        emit(event(EventType.AgentNotReady).agent(a.id).dn(a.dn).workMode(CanonicalEvent.ACW));
        a.call = null;
        long acw = Math.max(2000, exp(s.acwSeconds()));
        schedule(now + acw, () -> afterWork(a));
    }

    private void afterWork(Agent a) {
        if (random.nextDouble() < s.breakProbability()) {
            emit(event(EventType.AgentNotReady).agent(a.id).dn(a.dn).reason("Break"));
            schedule(now + 60_000 + random.nextInt(240_000), () -> becomeReady(a));
        } else {
            becomeReady(a);
        }
    }
}
