package io.switchboard.bus.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.api.event.CanonicalEvent;
import io.switchboard.api.event.EventType;
import java.time.Instant;
import java.util.Map;
import org.junit.Test;

public class EventParserTest {

    private final EventParser parser = new EventParser(new ObjectMapper());

    private String error(String line) {
        EventParser.Parsed p = parser.parse(line);
        assertNull("expected an error for " + line, p.event());
        return p.error();
    }

    @Test
    public void aCompleteEventParsesWithDefaultsAndIgnoresUnknownFields() {
        EventParser.Parsed p = parser.parse("{\"type\":\"CallRinging\",\"ts\":\"2026-03-02T09:00:00.250Z\","
                + "\"source\":\"ts-a\",\"seq\":7,\"tenant\":\"acme\",\"agent\":\"a1\",\"dn\":\"5001\",\"call\":\"c1\","
                + "\"data\":{\"segment\":\"gold\"},\"vendorField\":[1,2]}");
        assertNull(p.error());
        CanonicalEvent e = p.event();
        assertEquals(EventType.CallRinging, e.type());
        assertEquals(Instant.parse("2026-03-02T09:00:00.250Z").toEpochMilli(), e.ts());
        assertEquals(7, e.seq());
        assertEquals("voice", e.media());
        assertEquals("inbound", e.effectiveDirection());
        assertEquals(Map.of("segment", "gold"), e.data());
    }

    @Test
    public void everyKindOfBadLineGetsAnErrorThatNamesTheProblem() {
        String base = "\"ts\":\"2026-03-02T09:00:00Z\",\"source\":\"s\",\"seq\":1,\"tenant\":\"t\"";
        assertEquals("not valid JSON", error("{nope").substring(0, 14));
        assertEquals("an event must be a JSON object", error("[1]"));
        assertEquals("missing required field 'type'", error("{" + base + "}"));
        assertEquals("unknown event type 'CallRang'", error("{\"type\":\"CallRang\"," + base + "}"));
        assertEquals("missing required field 'ts'", error("{\"type\":\"AgentLogin\",\"source\":\"s\",\"seq\":1}"));
        assertEquals("field 'ts' is not an ISO-8601 instant: '2026-13-02T09:00:00Z'",
                error("{\"type\":\"AgentLogin\",\"ts\":\"2026-13-02T09:00:00Z\"}"));
        assertEquals("field 'ts' must be an ISO-8601 instant ending in 'Z', not '2026-03-02T09:00:00+01:00'",
                error("{\"type\":\"AgentLogin\",\"ts\":\"2026-03-02T09:00:00+01:00\"}"));
        assertEquals("field 'seq' must be an integer >= 1",
                error("{\"type\":\"AgentLogin\",\"ts\":\"2026-03-02T09:00:00Z\",\"seq\":\"x\"}"));
        assertEquals("field 'seq' must be an integer >= 1",
                error("{\"type\":\"AgentLogin\",\"ts\":\"2026-03-02T09:00:00Z\",\"seq\":0,\"source\":\"s\",\"tenant\":\"t\"}"));
        assertEquals("missing required field 'source'",
                error("{\"type\":\"AgentLogin\",\"ts\":\"2026-03-02T09:00:00Z\",\"seq\":1}"));
        assertEquals("missing field 'agent' required by AgentLogin", error("{\"type\":\"AgentLogin\"," + base + "}"));
        assertEquals("missing field 'dn' required by AgentLogin on voice",
                error("{\"type\":\"AgentLogin\"," + base + ",\"agent\":\"a\"}"));
        assertEquals("missing field 'queue' required by CallQueued",
                error("{\"type\":\"CallQueued\"," + base + ",\"call\":\"c\"}"));
        assertEquals("field 'data.n' must be a string",
                error("{\"type\":\"CallQueued\"," + base + ",\"call\":\"c\",\"queue\":\"q\",\"data\":{\"n\":1}}"));
        assertEquals("field 'agent' must be a string",
                error("{\"type\":\"AgentReady\"," + base + ",\"agent\":5,\"dn\":\"1\"}"));
        assertEquals("field 'workMode' must be 'AfterCallWork' or absent",
                error("{\"type\":\"AgentNotReady\"," + base + ",\"agent\":\"a\",\"dn\":\"1\",\"workMode\":\"Lunch\"}"));
    }
}
