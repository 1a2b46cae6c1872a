package io.switchboard.engine.internal.stats;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.switchboard.api.model.ObjectType;
import io.switchboard.api.model.StatType;
import io.switchboard.api.stats.StatRequest.Filter;
import io.switchboard.engine.internal.core.ActionRecord;
import io.switchboard.engine.internal.core.ActionRecord.Kind;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.Test;

public class ChangesTest {

    private static StatType type(String category, StatType.Subject subject, List<String> mask, List<String> rel) {
        return new StatType("t", List.of(ObjectType.Agent), category, subject, mask, rel, null, null);
    }

    @Test
    public void aStatisticDependsOnItsMasksItsStatusItsDataAndItsLogin() {
        assertEquals(Set.of("CallInbound"), Changes.relevance(type("TotalNumber", StatType.Subject.Action,
                List.of("CallInbound"), List.of()), TimeProfile.DEFAULT, Filter.NONE));
        assertEquals(Set.of("CallAnswered", "CallAbandoned"), Changes.relevance(type("ServiceFactor",
                StatType.Subject.Action, List.of("CallAnswered"), List.of("CallAbandoned")), TimeProfile.DEFAULT,
                Filter.NONE));
        assertEquals(Set.of("@status"), Changes.relevance(type("TotalTime", StatType.Subject.Status,
                List.of("NotReadyForNextCall"), List.of()), TimeProfile.DEFAULT, Filter.NONE));
        assertEquals("CurrentTime is the time since the status began", Set.of("WaitForNextCall", "@status"),
                Changes.relevance(type("CurrentTime", StatType.Subject.Action, List.of("WaitForNextCall"), List.of()),
                        TimeProfile.DEFAULT, Filter.NONE));
        assertEquals(Set.of("CallInbound", "@data"), Changes.relevance(type("TotalNumber", StatType.Subject.Action,
                List.of("CallInbound"), List.of()), TimeProfile.DEFAULT, new Filter(List.of(), Map.of("vip", "y"))));
        assertEquals(Set.of("CallInbound", "LoggedIn"), Changes.relevance(type("TotalNumber",
                StatType.Subject.Action, List.of("CallInbound"), List.of()),
                Fixtures.profile("type", "sinceLogin"), Filter.NONE));
        assertNull("a mask by exclusion: any name", Changes.relevance(type("TotalNumber", StatType.Subject.Action,
                List.of("~CallInbound"), List.of()), TimeProfile.DEFAULT, Filter.NONE));
        assertNull(Changes.relevance(type("TotalNumber", StatType.Subject.Action, List.of("*"), List.of()),
                TimeProfile.DEFAULT, Filter.NONE));
        assertNull("a formula: its operands may be anything", Changes.relevance(new StatType("f",
                List.of(ObjectType.Agent), "Formula", StatType.Subject.Action, List.of(), List.of(), null, "a + b"),
                TimeProfile.DEFAULT, Filter.NONE));
    }

    @Test
    public void meetingNeedsOneCommonChangeOrAnUnknownOne() {
        assertTrue(Changes.meets(Set.of("CallInbound"), List.of("CallRinging", "CallInbound")));
        assertFalse(Changes.meets(Set.of("CallInbound"), List.of("CallRinging", "@status")));
        assertFalse("nothing changed", Changes.meets(Set.of("CallInbound"), List.of()));
        assertTrue(Changes.meets(Set.of("CallInbound"), List.of("*")));
        assertTrue(Changes.meets(Set.of("CallInbound"), null));
        assertTrue(Changes.meets(null, List.of()));
    }

    @Test
    public void aHistoryReportsWhatChangedOnceAndForgetsIt() {
        ActionHistory h = new ActionHistory();
        long t = Fixtures.at("09:00:00");
        h.append(new ActionRecord(Kind.STARTED, "CallRinging", t, t, "c1", "voice", Map.of()));
        h.recordStatus("CallRinging", t);
        Set<String> got = new HashSet<>();
        h.drainChanges(got);
        assertEquals(Set.of("CallRinging", "@status"), got);
        got.clear();
        h.drainChanges(got);
        assertEquals("drained", Set.of(), got);
        h.recordStatus("CallRinging", t + 1000);
        h.drainChanges(got);
        assertEquals("the same status again is no change", Set.of(), got);
        h.append(new ActionRecord(Kind.ENDED, "CallRinging", t, t + 5000, "c1", "voice", Map.of("vip", "y")));
        h.drainChanges(got);
        assertEquals(Set.of("CallRinging", "@data"), got);
        got.clear();
        h.prune(t + 6000);
        h.drainChanges(got);
        assertEquals("forgetting moves intervals that reached back", Set.of("*"), got);
    }
}
