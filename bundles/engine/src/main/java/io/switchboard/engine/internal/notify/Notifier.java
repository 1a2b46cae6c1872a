package io.switchboard.engine.internal.notify;

import io.switchboard.api.model.ObjectRef;
import io.switchboard.api.model.ObjectState;
import io.switchboard.api.model.ObjectType;
import io.switchboard.api.model.StatType;
import io.switchboard.api.model.StatValue;
import io.switchboard.api.stats.Notification;
import io.switchboard.api.stats.StatListener;
import io.switchboard.api.stats.StatRequest;
import io.switchboard.api.stats.StatSubscription;
import io.switchboard.engine.internal.stats.Changes;
import io.switchboard.engine.internal.stats.TimeProfile;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers notifications of this node's subscriptions. Applied batches (on any node) say which
 * objects they touched; on each {@link #tick} the subscriptions interested in them are
 * re-evaluated and notified when their value moved (mode changes), and time-driven modes are
 * served by the engine clock (so the event clock drives them in replays): periodic values,
 * values at growing-profile resets, and sliding windows moving by a step.
 *
 * <p>Serialized by design: a pass and the first value of a new subscription run one at a time,
 * so a subscription's values reach its listener once each and in order.
 */
public final class Notifier {

    /** Evaluates a request at a time (the engine). */
    public interface Evaluation {
        StatValue evaluate(StatRequest request, long t);

        /**
         * Many at once, each at its own time: a {@link StatValue} per slot, or the
         * RuntimeException its evaluation raised. The engine overrides this to save round trips.
         */
        default Object[] evaluateAll(List<StatRequest> requests, long[] times) {
            Object[] out = new Object[requests.size()];
            for (int i = 0; i < out.length; i++) {
                try {
                    out[i] = evaluate(requests.get(i), times[i]);
                } catch (RuntimeException e) {
                    out[i] = e;
                }
            }
            return out;
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);

    private final Evaluation evaluation;
    private final LongSupplier clock;
    /** Members of a group, as configured now. */
    private final Function<ObjectRef, List<String>> members;
    private final Map<Long, Sub> subs = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong ids = new java.util.concurrent.atomic.AtomicLong();
    /**
     * One instance per distinct request among the open subscriptions: a wallboard's statistics are
     * opened by many clients, and a pass evaluates each distinct (request, time) once for all of
     * them. Hashed here, at subscribe, so that a pass compares identities only.
     */
    private final ConcurrentHashMap<Definition, Shared> shared = new ConcurrentHashMap<>();
    /** Interest sets shared by the subscriptions of one object (a million subscriptions, few objects). */
    private final Map<ObjectRef, Set<String>> interests = new ConcurrentHashMap<>();
    /**
     * Definitions with subscriptions in mode changes, by the keys of the objects they depend on,
     * so that a touch finds them directly. A touch is kept per definition, not per subscription:
     * a center opens each definition under many clients' names, and the bookkeeping per
     * subscription of every touch (sets of pending subscriptions, a map per pass to find the
     * shared evaluations again) cost the notifier more than its evaluations. Guarded by this.
     */
    private final Map<String, Set<Shared>> byKey = new java.util.HashMap<>();
    /** Touched definitions not yet served (aggregates waiting out their interval); pass thread only. */
    private List<Shared> pendingShared = new ArrayList<>();
    /** Numbers the passes, so a subscription served through its definition is not served again. */
    private long passNumber;
    /** Touched keys with what changed in each since the last pass ({@link #ANY}: anything may have). */
    private final ConcurrentHashMap<String, Set<String>> touched = new ConcurrentHashMap<>();
    private static final Set<String> ANY = Set.of(Changes.EVERYTHING);
    /**
     * The latest event time of the batches that touched a key since the last pass. A value read
     * at a time before it does not hold that event yet (a source whose clock runs ahead of
     * ours): the key's changes are kept for the passes that follow until the clock reaches it.
     */
    private final ConcurrentHashMap<String, Long> latestByKey = new ConcurrentHashMap<>();
    private volatile boolean allTouched;
    /**
     * Subscriptions touched while their first value was on its way, or by a reconfiguration or
     * the clock going back: served one by one. Pass thread only.
     */
    private final Set<Sub> waiting = new HashSet<>();
    /**
     * Subscriptions by the next time that time alone makes them due (a periodic value, a reset, a
     * sliding step), so that a pass visits only those and the touched ones: a pass over every
     * subscription, ten times a second, cost more than the evaluations with 60,000 of them.
     * Guarded by this.
     */
    private final java.util.TreeSet<Sub> byDue = new java.util.TreeSet<>((a, b) -> a.queuedAt != b.queuedAt
            ? Long.compare(a.queuedAt, b.queuedAt) : Long.compare(a.id, b.id));
    /** Closed since the last pass, to be taken out of {@link #byDue} there (close is not synchronized). */
    private final java.util.concurrent.ConcurrentLinkedQueue<Sub> closing = new java.util.concurrent.ConcurrentLinkedQueue<>();
    /**
     * The clock's reading at the last pass or a later open. When it reads less (the event clock
     * taking over behind the wall time), every schedule is reckoned again, in one walk.
     */
    private long latestNow = Long.MIN_VALUE;
    /** Subscriptions the last pass planned, for tests and operators. */
    private volatile int lastPassVisited;
    /** Released by every touch, so a pass follows it at once instead of at the next tick. */
    private final java.util.concurrent.Semaphore wake = new java.util.concurrent.Semaphore(0);

    /**
     * Group and tenant values combine many members and change with almost every batch: in mode
     * changes they are re-evaluated at most this often.
     */
    static final long AGGREGATE_MIN_INTERVAL_MS = 1_000;

    /** Statistics evaluated together in one batch of a pass. */
    static final int EVALUATION_CHUNK = 2_048;

    /**
     * How the passes went, for operators: what a notification waits for is the pass before it.
     * Evaluations are distinct (definition, time) pairs, however many subscriptions share each.
     */
    public record PassStats(long passes, long evaluations, long evaluateNanos, long deliverNanos, long lastPassNanos,
            int lastPassEvaluations) {
    }

    private volatile PassStats passStats = new PassStats(0, 0, 0, 0, 0, 0);

    public PassStats passStats() {
        return passStats;
    }

    public Notifier(Evaluation evaluation, LongSupplier clock, Function<ObjectRef, List<String>> members) {
        this.evaluation = evaluation;
        this.clock = clock;
        this.members = members;
    }

    /** A distinct request and the number of open subscriptions asking for it. Identity equality. */
    private static final class Shared {
        final Definition key;
        final StatRequest request;
        int users;
        /**
         * Its subscriptions in mode changes, the ones touches serve: null, the one subscription,
         * or a set of them. Most definitions have one (a set each cost 200 bytes a statistic).
         * Guarded by the notifier.
         */
        private Object changes;
        /** The keys it is indexed under while it has subscriptions in mode changes; null: not indexed. */
        Set<String> interest;
        /**
         * The changes that can move its value; null: any. That of its first subscription, or null
         * once two disagree (a time profile redefined between their opens).
         */
        Set<String> relevance;
        boolean relevanceSet;
        long minInterval;
        /** Touched since it was last served. Pass thread only. */
        boolean pending;
        long lastTouchServed = Long.MIN_VALUE;
        /** This pass's evaluation of it at the pass's time, that time-driven subscriptions join. */
        Group group;
        long groupPass = -1;

        Shared(Definition key, StatRequest request) {
            this.key = key;
            this.request = request;
        }

        void adopt(Sub s) {
            if (!relevanceSet) {
                relevance = s.relevance;
                relevanceSet = true;
            } else if (!Objects.equals(relevance, s.relevance)) {
                relevance = null;
            }
            minInterval = Math.max(minInterval, s.minInterval);
            if (changes == null) {
                changes = s;
            } else if (changes instanceof Sub one) {
                if (one != s) {
                    Set<Sub> set = new java.util.LinkedHashSet<>();
                    set.add(one);
                    set.add(s);
                    changes = set;
                }
            } else {
                subSet().add(s);
            }
        }

        @SuppressWarnings("unchecked")
        private Set<Sub> subSet() {
            return (Set<Sub>) changes;
        }

        /** Takes a subscription out; true when it was the last one. */
        boolean leave(Sub s) {
            if (changes == s) {
                changes = null;
                return true;
            }
            if (changes instanceof Set<?> && subSet().remove(s)) {
                if (subSet().size() == 1) {
                    changes = subSet().iterator().next();
                }
                return false;
            }
            return false;
        }

        boolean noChangeSubs() {
            return changes == null;
        }

        java.util.Collection<Sub> changeSubs() {
            return changes == null ? List.of() : changes instanceof Sub one ? List.of(one) : subSet();
        }
    }

    /**
     * What a value depends on: the request without its stat type's name. Routers, wallboards and
     * reports each name their own stat types, and a center's configuration holds the same
     * definition under several names (one per application, one per report); their values are
     * the same, so they are evaluated once. A plug-in category may read the name, so it stays
     * in the key there. The range is a list here: arrays compare by identity, so two clients'
     * equal inline types were two evaluations.
     */
    record Definition(List<ObjectType> objects, String category, StatType.Subject subject, List<String> mask,
            List<String> relMask, List<Double> range, String formula, String pluginName, ObjectRef object,
            String timeProfile, Map<String, Object> inlineProfile, StatRequest.Filter filter) {

        static Definition of(StatRequest r) {
            StatType t = r.statType();
            if (t == null) {
                return new Definition(List.of(), null, null, List.of(), List.of(), null, null, null, r.object(),
                        r.timeProfile(), r.inlineProfile(), r.filter());
            }
            List<Double> range = null;
            if (t.range() != null) {
                range = new ArrayList<>(t.range().length);
                for (double d : t.range()) {
                    range.add(d);
                }
            }
            boolean plugin = t.parsedCategory() == io.switchboard.api.model.Category.Java;
            return new Definition(t.objects(), t.category(), t.subject(), t.mask(), t.relMask(), range, t.formula(),
                    plugin ? t.name() : null, r.object(), r.timeProfile(), r.inlineProfile(), r.filter());
        }
    }

    private Shared share(StatRequest request) {
        return shared.compute(Definition.of(request), (k, known) -> {
            Shared s = known == null ? new Shared(k, request) : known;
            s.users++;
            return s;
        });
    }

    private void release(Shared s) {
        shared.computeIfPresent(s.key, (r, known) -> {
            if (known != s) {
                return known;
            }
            return --known.users == 0 ? null : known;
        });
    }

    private static final long NOT_QUEUED = Long.MAX_VALUE;

    /** One subscription and what it last sent. */
    private final class Sub implements StatSubscription {
        final long id = ids.incrementAndGet();
        final StatRequest request;
        final Shared distinct;
        final Notification notification;
        final TimeProfile profile;
        final StatListener listener;
        /** The changes that can move this statistic ({@link Changes#relevance}); null: any. */
        final Set<String> relevance;
        final long minInterval;
        Object lastValue;
        boolean sent;
        boolean pendingTouch;
        /**
         * False while its first value is being evaluated (outside the notifier's lock): passes
         * leave it alone meanwhile and keep its touches for the first pass after.
         */
        boolean ready = true;
        long lastEvaluated = Long.MIN_VALUE;
        long nextPeriodic;
        Long nextReset;
        long nextStep;
        /** Its key in {@link #byDue}; {@link #NOT_QUEUED} when not in it. */
        long queuedAt = NOT_QUEUED;
        /** The pass that last served it through its definition's touch. */
        long servedInPass = -1;
        volatile boolean closed;

        Sub(StatRequest request, Notification notification, TimeProfile profile, StatListener listener) {
            this.notification = notification;
            this.profile = profile;
            this.listener = listener;
            ObjectType t = request.object().type();
            this.minInterval = t == ObjectType.Tenant || t.isGroup() ? AGGREGATE_MIN_INTERVAL_MS : 0;
            this.relevance = request.statType() == null ? null
                    : Changes.relevance(request.statType(), profile, request.filter());
            // last: nothing after it throws, so a share is released by close() only
            this.distinct = share(request);
            this.request = distinct.request;
        }

        @Override
        public String ref() {
            return Long.toString(id, 36);
        }

        @Override
        public StatValue current() {
            return evaluation.evaluate(request, clock.getAsLong());
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            subs.remove(id);
            release(distinct);
            closing.add(this);
        }
    }

    /**
     * Registers a subscription. For mode changes the current value is evaluated and delivered
     * here, before this returns, and recorded as sent: the notifier is the only sender of a
     * subscription's values, so the first pass does not send it again.
     */
    public StatSubscription subscribe(StatRequest request, Notification notification, TimeProfile profile,
            StatListener listener) {
        return subscribe(request, notification, profile, listener,
                notification.mode() == Notification.Mode.changes);
    }

    /**
     * Registers a subscription; with {@code currentFirst} its current value is delivered before
     * this returns whatever the mode (a stream starts from the current value), recorded as sent
     * so that it is never delivered twice; then notifications follow by the mode.
     */
    public StatSubscription subscribe(StatRequest request, Notification notification,
            TimeProfile profile, StatListener listener, boolean currentFirst) {
        if (notification.mode() == Notification.Mode.reset
                && (profile == null || profile.type() != TimeProfile.Type.GROWING || !profile.resetting())) {
            throw new IllegalArgumentException("notification mode reset needs a growing profile that resets");
        }
        Sub s = new Sub(request, notification, profile, listener);
        long now;
        synchronized (this) {
            // indexed before the first evaluation: a batch applied meanwhile is seen by the next pass
            if (notification.mode() == Notification.Mode.changes) {
                s.distinct.adopt(s);
                index(s.distinct);
            }
            now = clock.getAsLong();
            s.nextPeriodic = now + notification.frequencySeconds() * 1000;
            s.nextReset = profile != null && profile.type() == TimeProfile.Type.GROWING ? profile.nextReset(now)
                    : null;
            s.nextStep = stepAfter(profile, now);
            s.ready = !currentFirst;
            subs.put(s.id, s);
            if (!currentFirst) {
                latestNow = Math.max(latestNow, now);
                requeue(s);
                return s;
            }
        }
        // The first value is evaluated outside the lock: a grid round trip (a tenant's, a scan)
        // held every pass and every other subscriber back, and many clients subscribe at once.
        StatValue v;
        try {
            v = evaluation.evaluate(request, now);
        } catch (RuntimeException e) {
            synchronized (this) {
                subs.remove(s.id);
                drop(s);
                waiting.remove(s);
                release(s.distinct);
            }
            throw e;
        }
        synchronized (this) {
            s.lastEvaluated = now;
            send(s, v);
            s.ready = true;
            latestNow = Math.max(latestNow, now);
            requeue(s);
        }
        return s;
    }

    /** The next time that time alone makes the subscription due; {@link #NOT_QUEUED}: never. */
    private static long dueOf(Sub s) {
        long reset = s.nextReset == null ? NOT_QUEUED : s.nextReset;
        switch (s.notification.mode()) {
            case changes:
                // not sent yet (its first evaluation failed, or it was not asked for): at once
                return s.sent ? Math.min(s.nextStep, reset) : Long.MIN_VALUE;
            case periodic:
                return s.nextPeriodic;
            case reset:
                return reset;
            default:
                return NOT_QUEUED;
        }
    }

    /** Puts the subscription in {@link #byDue} under its due time now. Guarded by this. */
    private void requeue(Sub s) {
        long due = s.closed ? NOT_QUEUED : dueOf(s);
        if (due == s.queuedAt) {
            return;
        }
        if (s.queuedAt != NOT_QUEUED) {
            byDue.remove(s);
        }
        s.queuedAt = due;
        if (due != NOT_QUEUED) {
            byDue.add(s);
        }
    }

    private static long stepAfter(TimeProfile p, long now) {
        if (p == null || p.type() != TimeProfile.Type.SLIDING) {
            return Long.MAX_VALUE;
        }
        long step = p.step().toMillis();
        return (now / step + 1) * step;
    }

    /** Indexes a definition under its object's interest, once. Guarded by this. */
    private void index(Shared sh) {
        if (sh.interest != null) {
            return;
        }
        sh.interest = interestOf(sh.request.object());
        for (String k : sh.interest) {
            byKey.computeIfAbsent(k, x -> new HashSet<>()).add(sh);
        }
    }

    private void unindex(Shared sh) {
        if (sh.interest == null) {
            return;
        }
        for (String k : sh.interest) {
            Set<Shared> set = byKey.get(k);
            if (set != null) {
                set.remove(sh);
                if (set.isEmpty()) {
                    byKey.remove(k);
                }
            }
        }
        sh.interest = null;
    }

    /** A subscription in mode changes leaves its definition's touches. Guarded by this. */
    private void drop(Sub s) {
        Shared sh = s.distinct;
        if (sh.leave(s)) {
            unindex(sh);
        }
    }

    /** The keys of touched objects that concern a statistic of this object (one shared set per object). */
    private Set<String> interestOf(ObjectRef o) {
        return interests.computeIfAbsent(o, this::computeInterest);
    }

    private Set<String> computeInterest(ObjectRef o) {
        Set<String> keys = new HashSet<>();
        switch (o.type()) {
            case Tenant:
                keys.add("*|" + o.tenant());
                break;
            case AgentGroup:
            case PlaceGroup:
            case QueueGroup: {
                ObjectType member = o.type() == ObjectType.AgentGroup ? ObjectType.Agent
                        : o.type() == ObjectType.PlaceGroup ? ObjectType.Place : ObjectType.Queue;
                for (String m : members.apply(o)) {
                    keys.add(new ObjectRef(o.tenant(), member, m).key());
                }
                break;
            }
            default:
                keys.add(o.key());
                break;
        }
        return Set.copyOf(keys);
    }

    /** Objects (map keys, plus DN keys of agents' DNs) changed by an applied batch, in any way. */
    public void touched(Collection<String> keys) {
        for (String k : keys) {
            mark(k, null);
        }
        wake.release();
    }

    /**
     * Objects changed by an applied batch, each with what changed in it ({@link Changes}; null:
     * anything may have): only the statistics such a change can move are evaluated again.
     */
    public void touched(Map<String, ? extends Collection<String>> changes) {
        touched(changes, Long.MIN_VALUE);
    }

    /** As {@link #touched(Map)}, by a batch whose latest event happened at {@code latest}. */
    public void touched(Map<String, ? extends Collection<String>> changes, long latest) {
        for (Map.Entry<String, ? extends Collection<String>> c : changes.entrySet()) {
            if (latest != Long.MIN_VALUE) {
                // before the changes: a pass that sees them sees this time too
                latestByKey.merge(c.getKey(), latest, Math::max);
            }
            mark(c.getKey(), c.getValue());
        }
        wake.release();
    }

    private void mark(String key, Collection<String> names) {
        touched.compute(key, (k, known) -> {
            if (known == ANY || names == null || names.contains(Changes.EVERYTHING)) {
                return ANY;
            }
            // the pass takes a key's set out of the map before it reads it: no one shares it
            Set<String> all = known == null ? new HashSet<>(4) : known;
            all.addAll(names);
            return all;
        });
        int a = key.indexOf('|');
        int b = key.indexOf('|', a + 1);
        if (a > 0 && b > a) {
            // tenant values are combined from every object and rate-limited anyway
            touched.put("*|" + key.substring(a + 1, b), ANY);
        }
    }

    /**
     * Serves subscriptions on the calling thread until it is interrupted: right after every
     * touch (only the touched objects' subscriptions, so latency does not grow with the number
     * of subscriptions), and every {@code tickMillis} a pass over all of them for what time
     * makes due (periodic values, steps of sliding windows, resets).
     */
    public void run(long tickMillis) {
        evaluator = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "switchboard-notifier-evaluation");
            t.setDaemon(true);
            return t;
        });
        try {
            serve(tickMillis);
        } finally {
            evaluator.shutdownNow();
            evaluator = null;
        }
    }

    /**
     * While the pass thread delivers one chunk's values (listeners, SSE queues: about a third of
     * a large pass), the next chunk is evaluated here, so the grid is not idle meanwhile. Null
     * when passes run on the caller's thread only ({@link #tick}).
     */
    private volatile java.util.concurrent.ExecutorService evaluator;

    private void serve(long tickMillis) {
        long nextFull = System.nanoTime();
        while (!Thread.currentThread().isInterrupted()) {
            long wait = nextFull - System.nanoTime();
            try {
                if (wait > 0) {
                    wake.tryAcquire(wait, java.util.concurrent.TimeUnit.NANOSECONDS);
                }
            } catch (InterruptedException e) {
                return;
            }
            wake.drainPermits();
            boolean full = System.nanoTime() - nextFull >= 0;
            if (full) {
                nextFull = System.nanoTime() + tickMillis * 1_000_000;
            }
            try {
                pass(full);
            } catch (RuntimeException e) {
                LOG.warn("Notification pass failed: {}", e.getMessage(), e);
            }
        }
    }

    /** Configuration changed: group memberships are read again, everything re-evaluated. */
    public synchronized void configChanged() {
        interests.clear();
        // a definition released meanwhile has only closed subscriptions left: the next pass drops it
        for (Shared sh : shared.values()) {
            if (sh.interest != null) {
                unindex(sh);
                index(sh);
            }
        }
        allTouched = true;
    }

    public int size() {
        return subs.size();
    }

    /** Subscriptions the last pass planned (touched ones, and those time made due). */
    int lastPassVisited() {
        return lastPassVisited;
    }

    /** Distinct requests among the open subscriptions. */
    int distinctRequests() {
        return shared.size();
    }

    /** Evaluates what is due and notifies; run regularly on one thread. */
    public void tick() {
        pass(true);
    }

    /**
     * One pass: the definitions of touched objects, and with {@code full} every subscription
     * that time made due. One thread at a time.
     */
    synchronized void pass(boolean full) {
        long now = clock.getAsLong();
        long pass = ++passNumber;
        boolean all = allTouched;
        allTouched = false;
        Map<String, Set<String>> ahead = null;
        for (String k : touched.keySet()) {
            Long latest = latestByKey.remove(k);
            Set<String> changed = touched.remove(k);
            if (latest != null && latest > now && changed != null) {
                // evaluated now, and again once the clock has reached the batch's events
                if (ahead == null) {
                    ahead = new java.util.HashMap<>();
                }
                ahead.put(k, changed);
                latestByKey.merge(k, latest, Math::max);
            }
            Set<Shared> interested = changed == null ? null : byKey.get(k);
            if (interested != null) {
                for (Shared sh : interested) {
                    if (!sh.pending && (changed == ANY || Changes.meets(sh.relevance, changed))) {
                        sh.pending = true;
                        pendingShared.add(sh);
                    }
                }
            }
        }
        if (ahead != null) {
            ahead.forEach((k, names) -> mark(k, names == ANY ? null : names));
        }
        for (Sub c; (c = closing.poll()) != null; ) {
            requeue(c);
            drop(c);
        }
        // The clock went back (the event clock taking over behind the wall time): every schedule
        // is reckoned again from now, below, once; a schedule reckoned from the later time would
        // hold its values back until the clock caught up with it.
        boolean walk = all || now < latestNow;
        latestNow = now;
        List<Group> groups = new ArrayList<>();
        int visited = 0;
        if (walk) {
            // one by one: the touches kept per definition go to its subscriptions
            for (Shared sh : pendingShared) {
                sh.pending = false;
                for (Sub s : sh.changeSubs()) {
                    s.pendingTouch = true;
                    waiting.add(s);
                }
            }
            pendingShared = new ArrayList<>();
        } else {
            visited += serveTouchedDefinitions(now, pass, groups);
        }
        java.util.Collection<Sub> todo;
        if (walk) {
            todo = subs.values();
        } else {
            todo = new ArrayList<>(waiting);
            if (full) {
                while (!byDue.isEmpty() && byDue.first().queuedAt <= now) {
                    Sub d = byDue.pollFirst();
                    d.queuedAt = NOT_QUEUED;
                    todo.add(d);
                }
            }
        }
        // Decide first, then evaluate everything due in one batch (one grid round trip per object
        // instead of one per statistic), then notify in the same order.
        Map<Once, Group> others = null;
        for (Sub s : todo) {
            if (s.servedInPass == pass) {
                continue;
            }
            if (!s.ready) {
                // its first value is on its way: what touched it is evaluated after that
                if (all) {
                    s.pendingTouch = true;
                    waiting.add(s);
                }
                continue;
            }
            if (all) {
                s.pendingTouch = true;
            }
            boolean touchedNow = s.pendingTouch
                    && (s.lastEvaluated == Long.MIN_VALUE || now < s.lastEvaluated
                            || now - s.lastEvaluated >= s.minInterval);
            if (now < s.lastEvaluated) {
                // The event clock took over behind the wall time this subscription was opened (or
                // last evaluated) at, e.g. a replay of yesterday into a fresh server: its schedule
                // was reckoned from that later time and would hold every change back until the
                // events caught up with it.
                s.nextStep = stepAfter(s.profile, now);
                s.nextReset = s.nextReset == null ? null : s.profile.nextReset(now);
                s.nextPeriodic = Math.min(s.nextPeriodic, now + s.notification.frequencySeconds() * 1000);
            }
            Due d = s.closed ? null : plan(s, now, touchedNow);
            if (d != null) {
                Shared sh = s.distinct;
                if (sh.groupPass == pass && sh.group.t == d.t()) {
                    sh.group.subs.add(s);
                } else {
                    if (others == null) {
                        others = new java.util.HashMap<>();
                    }
                    List<Group> into = groups;
                    others.computeIfAbsent(new Once(sh, d.t()), o -> {
                        Group g = new Group(sh, o.t());
                        into.add(g);
                        return g;
                    }).subs.add(s);
                }
            }
            if (touchedNow || s.closed) {
                s.pendingTouch = false;
                waiting.remove(s);
            }
            requeue(s);
            visited++;
        }
        lastPassVisited = visited;
        if (groups.isEmpty()) {
            return;
        }
        long began = System.nanoTime();
        long[] spent = new long[2];
        List<List<Group>> chunks = chunks(groups);
        java.util.concurrent.ExecutorService pipeline = evaluator;
        if (pipeline == null || chunks.size() == 1) {
            for (List<Group> chunk : chunks) {
                evaluateAndDeliver(chunk, spent);
            }
        } else {
            pipelined(chunks, pipeline, spent);
        }
        PassStats p = passStats;
        passStats = new PassStats(p.passes() + 1, p.evaluations() + groups.size(), p.evaluateNanos() + spent[0],
                p.deliverNanos() + spent[1], System.nanoTime() - began, groups.size());
    }

    /**
     * The touched definitions whose interval allows: one evaluation each, for all their ready
     * subscriptions in mode changes. Those still waiting out an aggregate's interval stay pending.
     */
    private int serveTouchedDefinitions(long now, long pass, List<Group> groups) {
        int visited = 0;
        List<Shared> later = new ArrayList<>();
        for (Shared sh : pendingShared) {
            if (sh.noChangeSubs()) {
                sh.pending = false;
                continue;
            }
            if (sh.lastTouchServed != Long.MIN_VALUE && now - sh.lastTouchServed < sh.minInterval) {
                later.add(sh);
                continue;
            }
            sh.pending = false;
            sh.lastTouchServed = now;
            Group g = null;
            for (Sub s : sh.changeSubs()) {
                if (s.closed) {
                    continue;
                }
                if (!s.ready) {
                    // its first value is on its way: what touched it is evaluated after that
                    s.pendingTouch = true;
                    waiting.add(s);
                    continue;
                }
                if (s.pendingTouch) {
                    s.pendingTouch = false;
                    waiting.remove(s);
                }
                touchedNow(s, now);
                s.servedInPass = pass;
                if (g == null) {
                    g = new Group(sh, now);
                    sh.group = g;
                    sh.groupPass = pass;
                    groups.add(g);
                }
                g.subs.add(s);
                requeue(s);
                visited++;
            }
        }
        pendingShared = later;
        return visited;
    }

    /**
     * In chunks of at most {@link #EVALUATION_CHUNK} evaluations, so that a pass over a large pool
     * neither floods the grid nor holds every value back.
     */
    private static List<List<Group>> chunks(List<Group> groups) {
        if (groups.size() <= EVALUATION_CHUNK) {
            return List.of(groups);
        }
        List<List<Group>> chunks = new ArrayList<>();
        for (int i = 0; i < groups.size(); i += EVALUATION_CHUNK) {
            chunks.add(groups.subList(i, Math.min(groups.size(), i + EVALUATION_CHUNK)));
        }
        return chunks;
    }

    /** Chunk k+1 is evaluated on the evaluator while chunk k is delivered here, in order. */
    private void pipelined(List<List<Group>> chunks, java.util.concurrent.ExecutorService ahead, long[] spent) {
        java.util.concurrent.Future<Object[]> next = ahead.submit(() -> evaluate(chunks.get(0)));
        for (int k = 0; k < chunks.size(); k++) {
            long waiting = System.nanoTime();
            Object[] values;
            try {
                values = next.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (java.util.concurrent.ExecutionException e) {
                values = failed(chunks.get(k).size(), e.getCause());
            } catch (java.util.concurrent.RejectedExecutionException e) {
                return;
            }
            long got = System.nanoTime();
            spent[0] += got - waiting;
            if (k + 1 < chunks.size()) {
                List<Group> following = chunks.get(k + 1);
                try {
                    next = ahead.submit(() -> evaluate(following));
                } catch (java.util.concurrent.RejectedExecutionException e) {
                    next = java.util.concurrent.CompletableFuture.completedFuture(evaluate(following));
                }
            }
            deliverAll(chunks.get(k), values);
            spent[1] += System.nanoTime() - got;
        }
    }

    private static Object[] failed(int n, Throwable cause) {
        Object[] out = new Object[n];
        RuntimeException e = cause instanceof RuntimeException re ? re : new IllegalStateException(cause);
        java.util.Arrays.fill(out, e);
        return out;
    }

    /** A value per group: each is one distinct (request, time). */
    private Object[] evaluate(List<Group> groups) {
        List<StatRequest> requests = new ArrayList<>(groups.size());
        long[] times = new long[groups.size()];
        for (int i = 0; i < times.length; i++) {
            Group g = groups.get(i);
            requests.add(g.shared.request);
            times[i] = g.t;
        }
        return evaluation.evaluateAll(requests, times);
    }

    /** One evaluation of a pass: a distinct request at a time (Shared compares by identity). */
    private record Once(Shared request, long t) {
    }

    /** One evaluation of a pass and the subscriptions its value goes to. */
    private static final class Group {
        final Shared shared;
        final long t;
        final List<Sub> subs = new ArrayList<>(4);

        Group(Shared shared, long t) {
            this.shared = shared;
            this.t = t;
        }
    }

    private void evaluateAndDeliver(List<Group> groups, long[] spent) {
        long began = System.nanoTime();
        Object[] values = evaluate(groups);
        long evaluated = System.nanoTime();
        spent[0] += evaluated - began;
        deliverAll(groups, values);
        spent[1] += System.nanoTime() - evaluated;
    }

    private void deliverAll(List<Group> groups, Object[] values) {
        for (int i = 0; i < groups.size(); i++) {
            Group g = groups.get(i);
            if (values[i] instanceof RuntimeException e) {
                // once per evaluation, not once per subscription sharing it
                LOG.warn("Notification of statistic {} (and {} sharing it) failed: {}", g.subs.get(0).ref(),
                        g.subs.size() - 1, e.getMessage());
                continue;
            }
            StatValue v = (StatValue) values[i];
            for (Sub s : g.subs) {
                try {
                    deliver(s, v);
                } catch (RuntimeException e) {
                    LOG.warn("Notification of statistic {} failed: {}", s.ref(), e.getMessage());
                }
            }
        }
    }

    /** A subscription whose value is wanted at {@code t} in this pass. */
    private record Due(Sub sub, long t) {
    }

    /** {@link #plan} of a touched subscription in mode changes (always due), without its Due. */
    private void touchedNow(Sub s, long now) {
        if (now >= s.nextStep) {
            s.nextStep = stepAfter(s.profile, now);
        }
        if (s.nextReset != null && now >= s.nextReset) {
            s.nextReset = s.profile.nextReset(now);
        }
        s.lastEvaluated = now;
    }

    /** Moves the subscription's schedule on and says whether (and at which time) it wants a value now. */
    private Due plan(Sub s, long now, boolean touchedNow) {
        switch (s.notification.mode()) {
            case changes: {
                boolean stepped = now >= s.nextStep;
                boolean reset = s.nextReset != null && now >= s.nextReset;
                if (stepped) {
                    s.nextStep = stepAfter(s.profile, now);
                }
                if (reset) {
                    s.nextReset = s.profile.nextReset(now);
                }
                if (touchedNow || stepped || reset || !s.sent) {
                    s.lastEvaluated = now;
                    return new Due(s, now);
                }
                return null;
            }
            case periodic:
                if (now >= s.nextPeriodic) {
                    s.nextPeriodic = now + s.notification.frequencySeconds() * 1000;
                    return new Due(s, now);
                }
                return null;
            case reset:
                if (s.nextReset != null && now >= s.nextReset) {
                    long boundary = s.nextReset;
                    s.nextReset = s.profile.nextReset(now);
                    // the final value of the interval that just ended
                    return new Due(s, boundary - 1);
                }
                return null;
            default:
                return null;
        }
    }

    private void deliver(Sub s, StatValue v) {
        if (s.closed) {
            return;
        }
        switch (s.notification.mode()) {
            case changes:
                if (!s.sent || moved(s.lastValue, v.value(), s.notification.insensitivity())) {
                    send(s, v);
                }
                break;
            case periodic: {
                double ins = s.notification.insensitivity();
                if (!s.sent || ins == 0 || moved(s.lastValue, v.value(), ins)) {
                    send(s, v);
                }
                break;
            }
            case reset:
                send(s, v);
                break;
            default:
                break;
        }
    }

    private void send(Sub s, StatValue v) {
        s.lastValue = v.value();
        s.sent = true;
        s.listener.onValue(s.ref(), v);
    }

    /** Whether a value moved enough to be sent: any change, or beyond insensitivity percent. */
    static boolean moved(Object last, Object now, double insensitivity) {
        if (Objects.equals(last, now)) {
            return false;
        }
        if (last instanceof ObjectState || now instanceof ObjectState || last == null || now == null) {
            return true;
        }
        double a = ((Number) last).doubleValue();
        double b = ((Number) now).doubleValue();
        if (insensitivity <= 0 || a == 0) {
            return a != b;
        }
        return Math.abs(b - a) * 100 / Math.abs(a) >= insensitivity;
    }
}
