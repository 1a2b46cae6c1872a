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

    @Test
    public void theStreamingWayGivesWhatTheTreeWayGives() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper m = new com.fasterxml.jackson.databind.ObjectMapper();
        EventParser p = new EventParser(m);
        String[] lines = {
            "{\"type\":\"AgentLogin\",\"ts\":\"2026-03-02T09:00:00.000Z\",\"source\":\"s\",\"seq\":1,\"tenant\":\"t\","
                + "\"agent\":\"a\",\"dn\":\"1\",\"place\":\"p\"}",
            "{\"seq\":9007199254740993,\"ts\":\"2024-02-29T23:59:59Z\",\"type\":\"CallQueued\",\"source\":\"s\","
                + "\"tenant\":\"t\",\"call\":\"c\",\"queue\":\"q\",\"media\":\"chat\",\"extra\":{\"x\":[1,2]},"
                + "\"data\":{\"segment\":\"gold\",\"lang\":\"fr\"}}",
            "{\"type\":\"CallQueued\",\"ts\":\"2026-03-02T09:00:00.5Z\",\"source\":\"s\",\"seq\":2,\"tenant\":\"t\","
                + "\"call\":\"c\",\"queue\":\"q\",\"agent\":null}",
            "{\"type\":\"AgentNotReady\",\"ts\":\"1999-12-31T23:59:59.999Z\",\"source\":\"s\",\"seq\":3,"
                + "\"tenant\":\"t\",\"agent\":\"a\",\"dn\":\"1\",\"reason\":\"lunch\",\"workMode\":\"AfterCallWork\"}",
        };
        for (String line : lines) {
            CanonicalEvent fast = p.parse(line).event();
            CanonicalEvent tree = p.fromObject((com.fasterxml.jackson.databind.node.ObjectNode) m.readTree(line)).event();
            org.junit.Assert.assertNotNull(line, tree);
            org.junit.Assert.assertEquals(line, tree, fast);
        }
        // every error still comes from the tree way, with its precise reason
        org.junit.Assert.assertEquals("field 'seq' must be an integer >= 1", p.parse(lines[0].replace("\"seq\":1",
                "\"seq\":1.5")).error());
        org.junit.Assert.assertTrue(p.parse(lines[0].replace("\"agent\":\"a\"", "\"agent\":7")).error()
                .contains("'agent' must be a string"));
        org.junit.Assert.assertTrue(p.parse(lines[0].replace("09:00:00.000Z", "09:00:00.000+01:00")).error()
                .contains("'ts'"));
        org.junit.Assert.assertTrue(p.parse(lines[0].replace("2026-03-02", "2026-02-30")).error().contains("'ts'"));
        java.util.Random r = new java.util.Random(7);
        for (int i = 0; i < 10_000; i++) {
            java.time.Instant t = java.time.Instant.ofEpochMilli(r.nextLong(0, 4_102_444_800_000L));
            org.junit.Assert.assertEquals(t.toString(), t.toEpochMilli(), EventParser.fastInstant(
                    t.toString().length() == 20 ? t.toString() : t.toString().substring(0, 23) + "Z"));
        }
    }
    @Test
    public void valuesOverTheEdgeLimitsAreRejectedNamingTheField() {
        String ok = "\"type\":\"CallQueued\",\"ts\":\"2026-03-02T09:00:00Z\",\"seq\":1,\"source\":\"s\","
                + "\"tenant\":\"t\",\"call\":\"c\",\"queue\":\"q\"";
        String max = "x".repeat(io.switchboard.api.Limits.NAME);
        String over = max + "x";
        assertNull(parser.parse("{" + ok.replace("\"q\"", "\"" + max + "\"") + "}").error());
        for (String field : new String[] {"tenant", "queue", "call", "source"}) {
            String line = "{" + ok.replace("\"" + field + "\":\"" + field.charAt(0) + "\"", "\"" + field + "\":\"" + over
                    + "\"") + "}";
            assertEquals(line, "field '" + field + "' is longer than 128 characters", error(line));
        }
        assertEquals("field 'agent' is longer than 128 characters", error("{" + ok + ",\"agent\":\"" + over + "\"}"));
        assertEquals("field 'dn' is longer than 128 characters", error("{" + ok + ",\"dn\":\"" + over + "\"}"));
        assertEquals("field 'place' is longer than 128 characters", error("{" + ok + ",\"place\":\"" + over + "\"}"));
        assertEquals("field 'media' is longer than 64 characters",
                error("{" + ok + ",\"media\":\"" + "m".repeat(65) + "\"}"));
        assertEquals("field 'reason' is longer than 1000 characters",
                error("{" + ok + ",\"reason\":\"" + "r".repeat(1001) + "\"}"));
        assertEquals("field 'queue' must not contain control characters",
                error("{" + ok.replace("\"q\"", "\"q\\u0000\"") + "}"));
        assertEquals("field 'data.k' is longer than 4000 characters",
                error("{" + ok + ",\"data\":{\"k\":\"" + "v".repeat(4001) + "\"}}"));
        assertEquals("a key of 'data' must have 1 to 128 characters", error("{" + ok + ",\"data\":{\"\":\"v\"}}"));
        assertEquals("field 'data' is longer than 16000 characters in all", error("{" + ok + ",\"data\":{\"a\":\""
                + "v".repeat(3999) + "\",\"b\":\"" + "v".repeat(3999) + "\",\"c\":\"" + "v".repeat(3999) + "\",\"d\":\""
                + "v".repeat(3999) + "\",\"e\":\"v\"}}"));
        String range = "field 'ts' must be between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z";
        assertEquals(range, error("{" + ok.replace("2026-03-02T09:00:00Z", "+10000-01-01T00:00:00Z") + "}"));
        assertEquals(range, error("{" + ok.replace("2026-03-02T09:00:00Z", "1969-12-31T23:59:59Z") + "}"));
        assertNull(parser.parse("{" + ok.replace("2026-03-02T09:00:00Z", "9999-12-31T23:59:59.999Z") + "}").error());
        assertEquals("field 'seq' must be an integer >= 1",
                error("{" + ok.replace("\"seq\":1", "\"seq\":9223372036854775808") + "}"));
        // a source over the limit is no source to count the rejection against
        assertNull(parser.parse("{" + ok.replace("\"s\"", "\"" + over + "\"") + "}").source());
    }
}
