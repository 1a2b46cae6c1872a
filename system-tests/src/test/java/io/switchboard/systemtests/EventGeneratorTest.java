package io.switchboard.systemtests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class EventGeneratorTest {

    private static EventGenerator generator(long seed, EventGenerator.Mix mix) {
        return new EventGenerator("demo", "pbx", EventGenerator.demoAgents(1, 5), List.of("sales", "support"), seed,
                mix, seq -> 1_000_000L + seq * 10);
    }

    @Test
    public void sameSeedSameEvents() {
        assertEquals(generator(7, EventGenerator.Mix.FULL).take(5000), generator(7, EventGenerator.Mix.FULL).take(5000));
    }

    @Test
    public void eventsAreWellFormedAndCallsFollowTheirLifeCycle() throws Exception {
        Map<String, String> lastOfCall = new HashMap<>();
        Map<String, Integer> types = new HashMap<>();
        long seq = 0;
        for (String line : generator(3, EventGenerator.Mix.FULL).take(20000)) {
            JsonNode n = Http.JSON.readTree(line);
            assertEquals(++seq, n.get("seq").asLong());
            assertEquals("pbx", n.get("source").asText());
            assertNotNull(n.get("ts"));
            String type = n.get("type").asText();
            types.merge(type, 1, Integer::sum);
            if (n.has("call")) {
                String before = lastOfCall.put(n.get("call").asText(), type);
                if (type.equals("CallQueued")) {
                    assertEquals(null, before);
                } else {
                    assertNotNull(line, before);
                    assertTrue(line + " after " + before, !before.equals("CallReleased"));
                }
            }
        }
        for (String t : List.of("AgentLogin", "AgentReady", "AgentNotReady", "AgentLogout", "CallQueued",
                "CallDiverted", "CallRinging", "CallEstablished", "CallHeld", "CallRetrieved", "CallReleased",
                "CallAbandoned", "CallCleared")) {
            assertTrue(t + " in " + types, types.getOrDefault(t, 0) > 0);
        }
    }

    @Test
    public void callsOnlyEventsAfterTheLoginsAreAllCountable() {
        EventGenerator g = generator(5, EventGenerator.Mix.CALLS_ONLY);
        for (long seq = 1; seq <= 10; seq++) {
            g.nextEvent(seq);
        }
        for (long seq = 11; seq <= 20000; seq++) {
            EventGenerator.Event e = g.nextEvent(seq);
            assertNotNull(e.line(), e.counter());
        }
    }
}
