package io.switchboard.rest.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.switchboard.api.SwitchboardException;
import io.switchboard.api.recording.RecordingRules;
import java.util.List;
import org.junit.Test;

public class RecordingRulesParserTest {

    private static RecordingRules parse(String json) throws Exception {
        return RecordingServlet.parseRules(Json.MAPPER.readTree(json));
    }

    private static void refused(String json, String field) throws Exception {
        try {
            parse(json);
            fail("accepted " + json);
        } catch (SwitchboardException e) {
            assertEquals(400, e.code());
            assertEquals(json, field, e.detail());
        }
    }

    @Test
    public void aFullRulesDocumentParses() throws Exception {
        RecordingRules r = parse("{\"queues\":[\"sales\"],\"agents\":[\"a1\"],\"percentage\":25,"
                + "\"profile\":{\"pool\":\"gold\",\"pauseOnHold\":true}}");
        assertEquals(List.of("sales"), r.queues());
        assertEquals(List.of("a1"), r.agents());
        assertEquals(25, r.percentage(), 0);
        assertEquals("gold", r.profile().pool());
        assertTrue(r.profile().pauseOnHold());
    }

    @Test
    public void anEmptyDocumentRecordsEveryCall() throws Exception {
        RecordingRules r = parse("{}");
        assertEquals(100, r.percentage(), 0);
        assertNull(r.profile().pool());
        assertTrue(r.selects("acme", "c1", null, null));
    }

    @Test
    public void badFieldsAreNamed() throws Exception {
        refused("[]", "body");
        refused("{\"queue\":[\"sales\"]}", "queue");
        refused("{\"queues\":\"sales\"}", "queues");
        refused("{\"agents\":[1]}", "agents");
        refused("{\"percentage\":101}", "percentage");
        refused("{\"percentage\":\"all\"}", "percentage");
        refused("{\"profile\":{\"pauseOnHold\":\"yes\"}}", "profile.pauseOnHold");
        refused("{\"profile\":{\"speed\":1}}", "profile.speed");
    }
}
