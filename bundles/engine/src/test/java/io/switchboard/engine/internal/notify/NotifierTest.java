package io.switchboard.engine.internal.notify;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.switchboard.api.model.ObjectRef;
import io.switchboard.api.model.ObjectType;
import io.switchboard.api.model.StatType;
import io.switchboard.api.model.StatValue;
import io.switchboard.api.stats.Notification;
import io.switchboard.api.stats.StatRequest;
import io.switchboard.api.stats.StatSubscription;
import io.switchboard.engine.internal.stats.TimeProfile;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.Test;

public class NotifierTest {

    private static final long MIDNIGHT = Instant.parse("2026-03-03T00:00:00Z").toEpochMilli();

    private final AtomicLong now = new AtomicLong(MIDNIGHT - 60_000);
    /** The value the engine would give; the times it was asked for. */
    private final AtomicLong value = new AtomicLong(10);
    private final List<Long> askedAt = new ArrayList<>();
    private final Notifier notifier = new Notifier((r, t) -> {
        askedAt.add(t);
        return new StatValue(value.get(), t, false);
    }, now::get, g -> List.of("a1", "a2"));
    private final List<Object> got = new ArrayList<>();

    private StatSubscription open(ObjectType type, String id, Notification n) {
        StatType st = new StatType("s", List.of(), "TotalNumber", StatType.Subject.Action, List.of("CallAnswered"),
                List.of(), null, null);
        StatRequest r = new StatRequest(st, new ObjectRef("acme", type, id), "Default", null, StatRequest.Filter.NONE);
        return notifier.subscribe(r, n, TimeProfile.DEFAULT, (ref, v) -> got.add(v.value()));
    }

    private void change(long v, String... touched) {
        value.set(v);
        notifier.touched(List.of(touched));
        notifier.tick();
    }

    @Test
    public void changesSendTheCurrentValueFirstThenMovesBeyondTheInsensitivity() {
        open(ObjectType.Queue, "sales", new Notification(Notification.Mode.changes, 10, 0));
        notifier.tick();
        assertEquals(List.of(10L), got);
        change(10, "Queue|acme|sales");
        assertEquals("same value: nothing", List.of(10L), got);
        change(11, "Queue|acme|sales");
        assertEquals("10 % of 10 moved: sent", List.of(10L, 11L), got);
        change(12, "Queue|acme|sales");
        assertEquals("9 % of 11: held back", List.of(10L, 11L), got);
        change(20, "Queue|acme|other");
        assertEquals("another object changed: not evaluated", List.of(10L, 11L), got);
        change(20, "Queue|acme|sales");
        assertEquals(List.of(10L, 11L, 20L), got);
    }

    @Test
    public void passesGoOnWhileAFirstValueIsEvaluatedAndWhatTouchedItMeanwhileFollowsThatValue() throws Exception {
        java.util.concurrent.CountDownLatch entered = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean first = new java.util.concurrent.atomic.AtomicBoolean(true);
        AtomicLong current = new AtomicLong(10);
        List<Object> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        Notifier n = new Notifier((r, t) -> {
            if (first.getAndSet(false)) {
                long v = current.get();
                entered.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return new StatValue(v, t, false);
            }
            return new StatValue(current.get(), t, false);
        }, now::get, g -> List.of());
        StatType st = new StatType("s", List.of(), "TotalNumber", StatType.Subject.Action, List.of("CallAnswered"),
                List.of(), null, null);
        StatRequest r = new StatRequest(st, new ObjectRef("acme", ObjectType.Queue, "sales"), "Default", null,
                StatRequest.Filter.NONE);
        java.util.concurrent.ExecutorService other = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            java.util.concurrent.Future<StatSubscription> opening = other.submit(
                    () -> n.subscribe(r, Notification.CHANGES, TimeProfile.DEFAULT, (ref, v) -> seen.add(v.value())));
            assertTrue("first evaluation started", entered.await(10, java.util.concurrent.TimeUnit.SECONDS));
            current.set(11);
            n.touched(List.of("Queue|acme|sales"));
            // the pass ends: the subscription being opened does not hold the notifier (a pass waited for it before)
            java.util.concurrent.ExecutorService passer = java.util.concurrent.Executors.newSingleThreadExecutor();
            try {
                passer.submit(n::tick).get(10, java.util.concurrent.TimeUnit.SECONDS);
            } finally {
                passer.shutdownNow();
            }
            assertEquals("nothing before the first value", List.of(), seen);
            release.countDown();
            opening.get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertEquals(List.of(10L), seen);
            n.tick();
            assertEquals("the touch during the first evaluation is notified after it", List.of(10L, 11L), seen);
        } finally {
            release.countDown();
            other.shutdownNow();
        }
    }

    @Test
    public void onlyStatisticsThatWhatChangedCanMoveAreEvaluatedAgain() {
        StatType answered = new StatType("answered", List.of(), "TotalNumber", StatType.Subject.Action,
                List.of("CallAnswered"), List.of(), null, null);
        StatType ready = new StatType("ready", List.of(), "CurrentTime", StatType.Subject.Action,
                List.of("WaitForNextCall"), List.of(), null, null);
        StatType formula = new StatType("f", List.of(), "Formula", StatType.Subject.Action, List.of(), List.of(),
                null, "answered + 1");
        List<String> evaluated = new ArrayList<>();
        Notifier n = new Notifier((r, t) -> {
            evaluated.add(r.statType().name());
            return new StatValue(evaluated.size(), t, false);
        }, now::get, g -> List.of("a1"));
        for (StatType st : List.of(answered, ready, formula)) {
            n.subscribe(new StatRequest(st, new ObjectRef("acme", ObjectType.Agent, "a1"), "Default", null,
                    StatRequest.Filter.NONE), Notification.CHANGES, TimeProfile.DEFAULT, (ref, v) -> { });
        }
        n.subscribe(new StatRequest(answered, new ObjectRef("acme", ObjectType.AgentGroup, "g"), "Default", null,
                StatRequest.Filter.NONE), Notification.CHANGES, TimeProfile.DEFAULT, (ref, v) -> { });
        evaluated.clear();

        n.touched(java.util.Map.of("Agent|acme|a1", List.of("CallRinging")));
        n.tick();
        assertEquals("a ringing moves neither the answered count nor the ready time; a formula may move",
                List.of("f"), evaluated);

        evaluated.clear();
        now.addAndGet(2_000);
        n.touched(java.util.Map.of("Agent|acme|a1", List.of("CallAnswered")));
        n.tick();
        java.util.Collections.sort(evaluated);
        assertEquals("the agent's and its group's count, and the formula", List.of("answered", "answered", "f"),
                evaluated);

        evaluated.clear();
        now.addAndGet(2_000);
        n.touched(java.util.Map.of("Agent|acme|a1", List.of("@status")));
        n.tick();
        assertEquals("CurrentTime follows the status", List.of("f", "ready"), sorted(evaluated));

        evaluated.clear();
        now.addAndGet(2_000);
        java.util.Map<String, List<String>> unknown = new java.util.HashMap<>();
        unknown.put("Agent|acme|a1", null);
        n.touched(unknown);
        n.tick();
        assertEquals("not said what changed: everything", List.of("answered", "answered", "f", "ready"),
                sorted(evaluated));

        evaluated.clear();
        now.addAndGet(2_000);
        n.touched(java.util.Map.of("Agent|acme|a1", List.of("*")));
        n.tick();
        assertEquals("anything changed", List.of("answered", "answered", "f", "ready"), sorted(evaluated));
    }

    @Test
    public void anEventStampedAheadOfTheClockIsNotifiedOnceTheClockReachesIt() {
        open(ObjectType.Queue, "sales", new Notification(Notification.Mode.changes, 0, 0));
        notifier.tick();
        assertEquals(List.of(10L), got);
        // a source whose clock runs 5 s ahead: read now, the value does not hold its event yet
        notifier.touched(java.util.Map.of("Queue|acme|sales", List.of("CallAnswered")), now.get() + 5_000);
        notifier.tick();
        assertEquals(List.of(10L), got);
        now.addAndGet(2_000);
        notifier.tick();
        assertEquals(List.of(10L), got);
        now.addAndGet(4_000);
        value.set(11);
        notifier.tick();
        assertEquals("no other touch came: the kept change is read again", List.of(10L, 11L), got);
        value.set(12);
        now.addAndGet(1_000);
        notifier.tick();
        assertEquals("and then forgotten", List.of(10L, 11L), got);
    }

    private static List<String> sorted(List<String> l) {
        List<String> c = new ArrayList<>(l);
        java.util.Collections.sort(c);
        return c;
    }

    @Test
    public void periodicSendsEveryFrequencyByTheEngineClock() {
        open(ObjectType.Queue, "sales", new Notification(Notification.Mode.periodic, 0, 5));
        notifier.tick();
        assertTrue(got.isEmpty());
        now.addAndGet(5_000);
        notifier.tick();
        now.addAndGet(2_000);
        notifier.tick();
        now.addAndGet(3_000);
        notifier.tick();
        assertEquals("insensitivity 0: sent every time, changed or not", List.of(10L, 10L), got);
    }

    @Test
    public void resetSendsTheFinalValueBeforeEachReset() {
        open(ObjectType.Queue, "sales", new Notification(Notification.Mode.reset, 0, 0));
        notifier.tick();
        value.set(42);
        now.set(MIDNIGHT + 1_000);
        notifier.tick();
        assertEquals(List.of(42L), got);
        assertEquals("evaluated just before midnight", Long.valueOf(MIDNIGHT - 1), askedAt.get(askedAt.size() - 1));
        now.addAndGet(60_000);
        notifier.tick();
        assertEquals("one reset, one notification", 1, got.size());
    }

    @Test
    public void groupsAndTenantsFollowTheirMembersAndClosingStops() {
        StatSubscription group = open(ObjectType.AgentGroup, "team", Notification.CHANGES);
        notifier.tick();
        now.addAndGet(Notifier.AGGREGATE_MIN_INTERVAL_MS);
        change(11, "Agent|acme|a3");
        assertEquals("not a member", List.of(10L), got);
        change(11, "Agent|acme|a2");
        assertEquals(List.of(10L, 11L), got);
        change(12, "Agent|acme|a2");
        assertEquals("aggregates are re-evaluated at most once a second", List.of(10L, 11L), got);
        now.addAndGet(Notifier.AGGREGATE_MIN_INTERVAL_MS);
        notifier.tick();
        assertEquals("the held-back change comes when the second is over", List.of(10L, 11L, 12L), got);
        group.close();
        now.addAndGet(Notifier.AGGREGATE_MIN_INTERVAL_MS);
        change(13, "Agent|acme|a1");
        assertEquals(List.of(10L, 11L, 12L), got);

        got.clear();
        open(ObjectType.Tenant, "acme", Notification.CHANGES);
        notifier.tick();
        now.addAndGet(Notifier.AGGREGATE_MIN_INTERVAL_MS);
        change(14, "Place|other|p1");
        change(15, "Place|acme|p1");
        assertEquals(List.of(13L, 15L), got);
    }

    @Test
    public void noneSendsNothingAndResetNeedsAResettingGrowingProfile() {
        StatSubscription s = open(ObjectType.Queue, "sales", Notification.NONE);
        change(99, "Queue|acme|sales");
        assertTrue(got.isEmpty());
        assertEquals(99L, s.current().value());
        StatType st = new StatType("s", List.of(), "TotalNumber", StatType.Subject.Action, List.of("CallAnswered"),
                List.of(), null, null);
        StatRequest r = new StatRequest(st, new ObjectRef("acme", ObjectType.Queue, "q"), null,
                java.util.Map.of("type", "sliding", "window", 60), StatRequest.Filter.NONE);
        try {
            notifier.subscribe(r, new Notification(Notification.Mode.reset, 0, 0),
                    TimeProfile.parse(java.util.Map.of("type", "sliding", "window", 60)), (ref, v) -> { });
            throw new AssertionError("reset over a sliding profile must be refused");
        } catch (IllegalArgumentException expected) {
            assertTrue(expected.getMessage().contains("growing"));
        }
    }

    @Test
    public void aTouchIsServedAtOnceAndOnlyTheTouchedObjectsSubscriptionsAreEvaluated() throws Exception {
        open(ObjectType.Queue, "sales", Notification.CHANGES);
        open(ObjectType.Queue, "support", new Notification(Notification.Mode.periodic, 0, 5));
        notifier.tick();
        int asked = askedAt.size();
        value.set(11);
        notifier.touched(List.of("Queue|acme|sales"));
        notifier.pass(false);
        assertEquals(List.of(10L, 11L), got);
        assertEquals("one evaluation: the touched queue's", asked + 1, askedAt.size());

        // the loop serves a touch long before its next regular pass
        List<Object> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        Notifier looping = new Notifier((r, t) -> new StatValue(value.get(), t, false), now::get, g -> List.of());
        StatType st = new StatType("s", List.of(), "TotalNumber", StatType.Subject.Action, List.of("CallAnswered"),
                List.of(), null, null);
        looping.subscribe(new StatRequest(st, new ObjectRef("acme", ObjectType.Queue, "sales"), "Default", null,
                StatRequest.Filter.NONE), Notification.CHANGES, TimeProfile.DEFAULT, (ref, v) -> seen.add(v.value()));
        Thread loop = new Thread(() -> looping.run(60_000));
        loop.start();
        try {
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (seen.isEmpty() && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            value.set(12);
            looping.touched(List.of("Queue|acme|sales"));
            while (seen.size() < 2 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertEquals("served without waiting for the 60 s tick", List.of(11L, 12L), List.copyOf(seen));
        } finally {
            loop.interrupt();
            loop.join();
        }
    }

    @Test
    public void aPassOfManyChunksEvaluatedAheadOfDeliveryStillSendsEachValueOnceAndInOrder() throws Exception {
        int n = Notifier.EVALUATION_CHUNK * 3 + 17;
        AtomicLong v = new AtomicLong(1);
        Notifier looping = new Notifier((r, t) -> new StatValue(v.get(), t, false), now::get, g -> List.of());
        List<List<Object>> seen = new ArrayList<>();
        java.util.concurrent.atomic.AtomicInteger total = new java.util.concurrent.atomic.AtomicInteger();
        for (int i = 0; i < n; i++) {
            // a definition each (its own range), so that the pass has more evaluations than a chunk holds
            StatType st = new StatType("s", List.of(), "TotalNumberInTimeRange", StatType.Subject.Action,
                    List.of("CallAnswered"), List.of(), new double[] {0, i + 1}, null);
            List<Object> mine = java.util.Collections.synchronizedList(new ArrayList<>());
            seen.add(mine);
            looping.subscribe(new StatRequest(st, new ObjectRef("acme", ObjectType.Queue, "q" + i % 7), "Default",
                    null, StatRequest.Filter.NONE), Notification.CHANGES, TimeProfile.DEFAULT, (ref, x) -> {
                        mine.add(x.value());
                        total.incrementAndGet();
                    });
        }
        Thread loop = new Thread(() -> looping.run(60_000));
        loop.start();
        try {
            long deadline = System.nanoTime() + 20_000_000_000L;
            for (long round = 2; round <= 4; round++) {
                v.set(round);
                looping.touched(java.util.Map.of("Queue|acme|q0", List.of("CallAnswered"), "Queue|acme|q1",
                        List.of("CallAnswered"), "Queue|acme|q2", List.of("CallAnswered"), "Queue|acme|q3",
                        List.of("CallAnswered"), "Queue|acme|q4", List.of("CallAnswered"), "Queue|acme|q5",
                        List.of("CallAnswered"), "Queue|acme|q6", List.of("CallAnswered")));
                long want = n * round;
                while (total.get() < want && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
                assertEquals("round " + round, want, total.get());
            }
            assertTrue("more than one chunk per pass", looping.passStats().lastPassEvaluations() > Notifier.EVALUATION_CHUNK);
            for (List<Object> mine : seen) {
                assertEquals(List.of(1L, 2L, 3L, 4L), List.copyOf(mine));
            }
        } finally {
            loop.interrupt();
            loop.join();
        }
    }

    @Test
    public void subscriptionsOfTheSameStatisticShareOneEvaluationPerPassAndEachGetsItsValues() {
        List<StatSubscription> same = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            same.add(open(ObjectType.Queue, "sales", Notification.CHANGES));
        }
        StatSubscription other = open(ObjectType.Queue, "support", Notification.CHANGES);
        assertEquals(2, notifier.distinctRequests());
        got.clear();
        askedAt.clear();

        change(11, "Queue|acme|sales", "Queue|acme|support");
        assertEquals("each subscription got the value", List.of(11L, 11L, 11L, 11L, 11L, 11L), got);
        assertEquals("one evaluation per distinct statistic", 2, askedAt.size());

        for (int i = 0; i < 4; i++) {
            same.get(i).close();
        }
        same.get(0).close();
        assertEquals("closing twice releases once", 2, notifier.distinctRequests());
        got.clear();
        change(12, "Queue|acme|sales");
        assertEquals(List.of(12L), got);
        same.get(4).close();
        other.close();
        assertEquals("nothing kept for closed statistics", 0, notifier.distinctRequests());
    }

    private StatSubscription openNamed(String name, double[] range, String category) {
        StatType st = new StatType(name, List.of(), category, StatType.Subject.Action, List.of("CallAnswered"),
                List.of(), range, null);
        StatRequest r = new StatRequest(st, new ObjectRef("acme", ObjectType.Queue, "sales"), "Default", null,
                StatRequest.Filter.NONE);
        return notifier.subscribe(r, Notification.CHANGES, TimeProfile.DEFAULT, (ref, v) -> got.add(v.value()));
    }

    @Test
    public void oneDefinitionUnderSeveralStatTypeNamesIsEvaluatedOncePerPass() {
        // a router's and a wallboard's names for one definition; each client's own copy of the range
        openNamed("RouterCallsInRange", new double[] {0, 20}, "TotalNumberInTimeRange");
        openNamed("WallboardCallsInRange", new double[] {0, 20}, "TotalNumberInTimeRange");
        openNamed("ReportCallsInRange", new double[] {0, 30}, "TotalNumberInTimeRange");
        openNamed("Java:a", null, "Java:percentile");
        openNamed("Java:b", null, "Java:percentile");
        assertEquals("equal definitions share; another range or a plug-in's own name does not", 4,
                notifier.distinctRequests());
        got.clear();
        askedAt.clear();
        change(11, "Queue|acme|sales");
        assertEquals("each subscription got the value", 5, got.size());
        assertEquals("one evaluation per definition", 4, askedAt.size());
    }

    @Test
    public void aDefinitionSharedByMoreSubscriptionsThanAChunkHoldsIsStillEvaluatedOncePerPass() {
        int n = Notifier.EVALUATION_CHUNK * 3;
        for (int i = 0; i < n; i++) {
            // interleaved, as a pool's refs come in a pass: sales, support, sales, ...
            open(ObjectType.Queue, i % 2 == 0 ? "sales" : "support", Notification.CHANGES);
        }
        got.clear();
        askedAt.clear();
        change(11, "Queue|acme|sales", "Queue|acme|support");
        assertEquals("every subscription got the value", n, got.size());
        assertEquals("one evaluation per definition in the pass", 2, askedAt.size());
        assertEquals(2, notifier.passStats().lastPassEvaluations());
    }

    @Test
    public void aPassVisitsOnlyTheTouchedSubscriptionsAndThoseTimeMadeDue() {
        for (int i = 0; i < 1_000; i++) {
            open(ObjectType.Queue, "q" + i, Notification.CHANGES);
        }
        open(ObjectType.Queue, "periodic", new Notification(Notification.Mode.periodic, 0, 5));
        notifier.tick();
        assertEquals("a growing profile without resets is never due by time alone", 0, notifier.lastPassVisited());

        now.addAndGet(5_000);
        notifier.tick();
        assertEquals("the periodic one", 1, notifier.lastPassVisited());

        notifier.touched(List.of("Queue|acme|q7"));
        notifier.tick();
        assertEquals("the touched one", 1, notifier.lastPassVisited());

        now.addAndGet(5_000);
        got.clear();
        value.set(99);
        notifier.tick();
        assertEquals("periodic still follows its schedule", List.of(99L), got);
    }

    @Test
    public void changesUnderAnEventClockBehindTheWallTimeOfTheOpenAreSent() {
        // opened before the first event: evaluated at the wall clock
        open(ObjectType.Agent, "a1", new Notification(Notification.Mode.changes, 0, 0));
        notifier.tick();
        assertEquals(List.of(10L), got);
        // a replay of yesterday: the event clock now reads a day earlier than the open
        now.addAndGet(-86_400_000L);
        change(11, "Agent|acme|a1");
        change(12, "Agent|acme|a1");
        assertEquals("each change sent once, in order", List.of(10L, 11L, 12L), got);
    }

    @Test
    public void aNewSubscriptionGetsItsCurrentValueOnceThenOnePerChange() {
        open(ObjectType.Queue, "sales", new Notification(Notification.Mode.changes, 0, 0));
        assertEquals("the current value, delivered by the subscription itself", List.of(10L), got);
        // later passes evaluate it at later times (a StatValue that differs only in its time)
        now.addAndGet(1_000);
        notifier.tick();
        notifier.touched(List.of("Queue|acme|sales"));
        notifier.tick();
        assertEquals("the first value is never sent again", List.of(10L), got);
        change(11, "Queue|acme|sales");
        change(11, "Queue|acme|sales");
        change(12, "Queue|acme|sales");
        assertEquals("one per change", List.of(10L, 11L, 12L), got);
    }

    @Test
    public void aStreamOfAPeriodicStatisticStartsFromItsCurrentValueOnce() {
        StatType st = new StatType("s", List.of(), "TotalNumber", StatType.Subject.Action, List.of("CallAnswered"),
                List.of(), null, null);
        StatRequest r = new StatRequest(st, new ObjectRef("acme", ObjectType.Queue, "sales"), "Default", null,
                StatRequest.Filter.NONE);
        notifier.subscribe(r, new Notification(Notification.Mode.periodic, 0, 10), TimeProfile.DEFAULT,
                (ref, v) -> got.add(v.value()), true);
        assertEquals(List.of(10L), got);
        notifier.tick();
        assertEquals("not due yet: nothing more", List.of(10L), got);
        now.addAndGet(10_000);
        notifier.tick();
        assertEquals("then every frequency", List.of(10L, 10L), got);
    }

    @Test
    public void aTouchServesADefinitionsSubscriptionsInModeChangesOnlyAndEndsWithTheLastOfThem() {
        StatSubscription a = open(ObjectType.Queue, "sales", Notification.CHANGES);
        StatSubscription b = open(ObjectType.Queue, "sales", new Notification(Notification.Mode.changes, 50, 0));
        open(ObjectType.Queue, "sales", new Notification(Notification.Mode.periodic, 0, 5));
        assertEquals("one definition", 1, notifier.distinctRequests());
        got.clear();
        askedAt.clear();

        change(12, "Queue|acme|sales");
        assertEquals("both in mode changes, each by its own insensitivity; periodic waits for its time",
                List.of(12L), got);
        assertEquals(1, askedAt.size());
        change(20, "Queue|acme|sales");
        assertEquals(List.of(12L, 20L, 20L), got);

        a.close();
        b.close();
        got.clear();
        askedAt.clear();
        change(30, "Queue|acme|sales");
        assertEquals("no subscription in mode changes left: the touch evaluates nothing", List.of(), askedAt);
        now.addAndGet(5_000);
        notifier.tick();
        assertEquals("the periodic one goes on", List.of(30L), got);

        open(ObjectType.Queue, "sales", Notification.CHANGES);
        got.clear();
        change(31, "Queue|acme|sales");
        assertEquals("a new subscription in mode changes is served by touches again", List.of(31L), got);
    }
}
