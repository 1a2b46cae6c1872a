package io.switchboard.engine.internal.stats;

import static io.switchboard.engine.internal.stats.Fixtures.DAILY;
import static io.switchboard.engine.internal.stats.Fixtures.add;
import static io.switchboard.engine.internal.stats.Fixtures.at;
import static io.switchboard.engine.internal.stats.Fixtures.ended;
import static io.switchboard.engine.internal.stats.Fixtures.happened;
import static io.switchboard.engine.internal.stats.Fixtures.started;
import static io.switchboard.engine.internal.stats.Fixtures.status;
import static io.switchboard.engine.internal.stats.Fixtures.type;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.switchboard.api.model.ObjectType;
import io.switchboard.api.model.StatType;
import io.switchboard.api.stats.StatRequest.Filter;
import io.switchboard.engine.internal.core.RunningAction;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class ActionHistoryTest {

    @Test
    public void theSearchForThePastSkipsOnlyItemsThatEndedBeforeEvenWhenEndsArriveOutOfOrder() {
        java.util.Random rnd = new java.util.Random(7);
        for (int run = 0; run < 200; run++) {
            ActionHistory.Items items = new ActionHistory.Items();
            boolean ordered = run % 3 == 0;
            long now = 1_000_000;
            for (int k = 0; k < 300; k++) {
                now += rnd.nextInt(1_000);
                long end = ordered ? now : now - rnd.nextInt(5_000);
                items.add(0, end - rnd.nextInt(10_000), end, false, -1, -1);
                if (rnd.nextInt(100) == 0) {
                    items.retainEndingFrom(now - rnd.nextInt(50_000));
                }
                long probe = now - rnd.nextInt(60_000);
                int first = items.firstEndingFrom(probe);
                for (int j = 0; j < first; j++) {
                    assertTrue("item " + j + " ends before " + probe, items.end[j] < probe);
                }
                if (items.sortedByEnd) {
                    assertTrue("with ends in order the search is tight",
                            first == items.size || items.end[first] >= probe);
                } else {
                    // out of order, it still skips at least what precedes the latest item ending before
                    int naive = 0;
                    long max = Long.MIN_VALUE;
                    for (int j = 0; j < items.size; j++) {
                        max = Math.max(max, items.end[j]);
                        if (max < probe) {
                            naive = j + 1;
                        }
                    }
                    assertEquals(naive, first);
                }
                assertEquals(isSorted(items), items.sortedByEnd);
            }
        }
    }

    private static boolean isSorted(ActionHistory.Items items) {
        for (int j = 1; j < items.size; j++) {
            if (items.end[j] < items.end[j - 1]) {
                return false;
            }
        }
        return true;
    }

    @Test
    public void startedRecordsOnlyJoinTheRunningSetAndEndedOnesLeaveIt() {
        ActionHistory h = Fixtures.history(started("LoggedIn", "08:00:00"), started("LoggedIn", "08:05:00").media("chat"),
                started("CallRinging", "08:10:00").call("c1"));
        assertEquals(0, h.finishedCount());
        assertEquals(3, h.running().size());
        add(h, ended("CallRinging", "08:10:00", "08:10:05").call("c1"),
                happened("CallAnswered", "08:10:00", "08:10:05").call("c1"));
        assertEquals(2, h.finishedCount());
        // the chat login ends; the voice one (same name, other media) stays
        add(h, ended("LoggedIn", "08:05:00", "08:30:00").media("chat"));
        assertEquals(List.of(new RunningAction("LoggedIn", at("08:00:00"), null, "voice")), h.running());
        // a repeated STARTED of the same action changes nothing
        add(h, started("LoggedIn", "08:00:00"));
        assertEquals(1, h.running().size());
    }

    @Test
    public void callDataIsMergedOverAllEventsLaterValuesWin() {
        ActionHistory h = Fixtures.history(started("CallRinging", "08:10:00").call("c1").data("segment", "silver"),
                ended("CallRinging", "08:10:00", "08:10:05").call("c1").data("segment", "gold").data("lang", "fr"));
        h.updateCallData("c1", Map.of("lang", "de"));
        assertEquals(Map.of("segment", "gold", "lang", "de"), h.callData("c1"));
        assertNull(h.callData("nope"));
    }

    @Test
    public void statusChangesBecomeStretches() {
        ActionHistory h = new ActionHistory();
        h.recordStatus("WaitForNextCall", at("08:00:00"));
        h.recordStatus("WaitForNextCall", at("08:01:00"));  // no change
        h.recordStatus("CallInbound", at("08:05:00"));
        h.recordStatus("WaitForNextCall", at("08:06:00"));
        assertEquals(2, h.stretchCount());
        assertEquals("WaitForNextCall", h.status());
        assertEquals(Long.valueOf(at("08:06:00")), h.statusSince());
        // 300 + 240 (running, to 08:10)
        assertEquals(540.0, StatEvaluator.evaluate(status("TotalTime", "WaitForNextCall"), ObjectType.Agent, h, DAILY,
                at("08:10:00"), Filter.NONE, null).value());
    }

    @Test
    public void pruneForgetsWhatEndedBeforeTheHorizonAndItsCalls() {
        ActionHistory h = Fixtures.history(ended("CallInbound", "08:00:00", "08:05:00").call("old"),
                ended("CallInbound", "08:50:00", "09:05:00").call("spans"),
                started("CallInbound", "09:10:00").call("running"));
        h.recordStatus("CallInbound", at("08:00:00"));
        h.recordStatus("WaitForNextCall", at("08:05:00"));
        h.prune(at("09:00:00"));
        assertEquals(1, h.finishedCount());
        assertEquals(0, h.stretchCount());
        assertEquals(at("09:00:00"), h.since());
        assertTrue(h.lossy());
        assertNull("calls of forgotten actions go too", h.callData("old"));
        assertEquals(Map.of(), h.callData("spans"));
        assertEquals(Map.of(), h.callData("running"));
        // a horizon before what is known changes nothing
        h.prune(at("08:00:00"));
        assertEquals(at("09:00:00"), h.since());
    }

    @Test
    public void setRunningReplacesTheSetInProgress() {
        ActionHistory h = Fixtures.history(started("LoggedIn", "08:00:00"));
        h.setRunning(List.of(new RunningAction("CallWait", at("09:00:00"), "q", "voice")));
        assertEquals(1, h.running().size());
        assertEquals(1L, StatEvaluator.evaluate(type("CurrentNumber", "CallWait"), ObjectType.Queue, h, DAILY,
                at("09:01:00"), Filter.NONE, null).value());
    }

    @Test
    public void wireFormRoundTripsEverything() throws IOException {
        ActionHistory h = new ActionHistory(at("07:00:00"));
        add(h, started("LoggedIn", "08:00:00"),
                started("CallInbound", "08:10:00").call("c1").data("segment", "gold"),
                ended("CallRinging", "08:09:50", "08:10:00").call("c1"),
                happened("CallAnswered", "08:09:50", "08:10:00").call("c1"),
                ended("CallInbound", "08:20:00", "08:25:00").call("c2").media("chat").data("k", "v"),
                ended("NotReadyForNextCall", "08:05:00", "08:05:00"));
        h.recordStatus("WaitForNextCall", at("08:00:00"));
        h.recordStatus("CallInbound", at("08:10:00"));
        h.prune(at("07:30:00"));

        byte[] bytes = bytes(h);
        assertEquals(ActionHistory.VERSION, bytes[0]);
        ActionHistory copy = ActionHistory.read(new DataInputStream(new ByteArrayInputStream(bytes)));
        assertArrayEquals("same wire form again", bytes, bytes(copy));
        assertEquals(h.since(), copy.since());
        assertEquals(h.origin(), copy.origin());
        assertEquals(h.running(), copy.running());
        assertEquals(h.status(), copy.status());
        assertEquals(h.statusSince(), copy.statusSince());
        assertEquals(Map.of("segment", "gold"), copy.callData("c1"));
        List<StatType> types = List.of(type("TotalNumber", "*"), type("TotalTime", "*"), type("AverageTime", "*"),
                status("TotalTime", "WaitForNextCall"), type("CurrentNumber", "LoggedIn", "CallInbound"),
                type("CurrentTime", "CallInbound"));
        for (StatType t : types) {
            for (Filter f : List.of(Filter.NONE, Fixtures.media("chat"), Fixtures.data("segment", "gold"))) {
                assertEquals(t.name() + " " + f, eval(h, t, f), eval(copy, t, f));
            }
        }
        // and it keeps working after the trip
        copy.append(ended("CallInbound", "08:10:00", "08:30:00").call("c1").build());
        assertEquals(0, copy.running().stream().filter(r -> "CallInbound".equals(r.name())).count());
    }

    @Test
    public void unknownWireVersionsAreRefused() {
        try {
            ActionHistory.read(new DataInputStream(new ByteArrayInputStream(new byte[] {99})));
            fail();
        } catch (IOException e) {
            assertTrue(e.getMessage().contains("version 99"));
        }
    }

    private static Value eval(ActionHistory h, StatType t, Filter f) {
        return StatEvaluator.evaluate(t, ObjectType.Agent, h, DAILY, at("09:00:00"), f, null);
    }

    private static byte[] bytes(ActionHistory h) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        h.write(new DataOutputStream(bos));
        return bos.toByteArray();
    }
}
