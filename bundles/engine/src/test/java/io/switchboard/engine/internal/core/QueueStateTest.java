package io.switchboard.engine.internal.core;

import static io.switchboard.api.event.EventType.CallAbandoned;
import static io.switchboard.api.event.EventType.CallCleared;
import static io.switchboard.api.event.EventType.CallDiverted;
import static io.switchboard.api.event.EventType.CallQueued;
import static io.switchboard.engine.internal.core.Events.at;
import static org.junit.Assert.assertEquals;

import io.switchboard.api.model.ObjectType;
import io.switchboard.api.model.StatType;
import io.switchboard.api.stats.StatRequest;
import io.switchboard.engine.internal.stats.StatEvaluator;
import io.switchboard.engine.internal.stats.TimeProfile;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class QueueStateTest {

    private final QueueState sales = new QueueState("acme", "sales");

    private long waiting(StatRequest.Filter filter) {
        StatType callWait = new StatType("w", List.of(), "CurrentNumber", StatType.Subject.Action, List.of("CallWait"),
                List.of(), null, null);
        return StatEvaluator.evaluate(callWait, ObjectType.Queue, sales.history(), TimeProfile.DEFAULT,
                Events.t("12:00:00"), filter, null).value().longValue();
    }

    @Test
    public void waitingCallsCountUntilTheyLeaveTheQueueAnyWay() {
        sales.apply(at(CallQueued, "09:00:00").queue("sales").call("c1").build());
        sales.apply(at(CallQueued, "09:00:01").queue("sales").call("c2").data(Map.of("segment", "gold")).build());
        sales.apply(at(CallQueued, "09:00:02").queue("sales").call("c3").media("chat").build());
        sales.apply(at(CallQueued, "09:00:03").queue("sales").call("c4").build());
        assertEquals(4, waiting(null));
        assertEquals(1, waiting(new StatRequest.Filter(List.of("chat"), Map.of())));
        assertEquals(1, waiting(new StatRequest.Filter(List.of(), Map.of("segment", "gold"))));

        List<ActionRecord> div = sales.apply(at(CallDiverted, "09:00:10").queue("sales").call("c1").dn("5001").build());
        assertEquals(ActionRecord.Kind.ENDED, div.get(0).kind());
        assertEquals("CallDistributed", div.get(1).name());
        assertEquals(10_000, div.get(1).duration());
        sales.apply(at(CallAbandoned, "09:00:11").queue("sales").call("c2").build());
        sales.apply(at(CallCleared, "09:00:12").queue("sales").call("c3").reason("timeout").build());
        assertEquals(1, waiting(null));
        // a second leave of the same call is ignored
        assertEquals(List.of(), sales.apply(at(CallAbandoned, "09:00:13").queue("sales").call("c2").build()));
        assertEquals(1, waiting(null));
    }

    @Test
    public void aCallQueuedAgainEntersAgain() {
        List<ActionRecord> first = sales.apply(at(CallQueued, "09:00:00").queue("sales").call("c1").build());
        assertEquals("CallEntered", first.get(0).name());
        sales.apply(at(CallCleared, "09:00:05").queue("sales").call("c1").build());
        List<ActionRecord> again = sales.apply(at(CallQueued, "09:00:06").queue("sales").call("c1").build());
        assertEquals("CallEntered", again.get(0).name());
        assertEquals(1, waiting(null));
    }
}
