package io.switchboard.ixn.proxy.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.api.interaction.InteractionException;
import io.switchboard.api.interaction.Limits;
import java.util.Map;
import org.junit.Test;

public class InteractionsServletInputTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String s) throws Exception {
        return JSON.readTree(s);
    }

    private static void assertBadRequest(Runnable r, String field) {
        try {
            r.run();
            fail("expected a 400 naming " + field);
        } catch (InteractionException e) {
            assertEquals(400, e.status());
            assertEquals(field, e.detail());
        }
    }

    @Test
    public void aNullAttachedDataValueIsA400NamingTheKey() throws Exception {
        JsonNode b = json("{\"data\":{\"a\":\"1\",\"b\":null}}");
        assertBadRequest(() -> InteractionsServlet.data(b.get("data"), "data"), "data.b");
    }

    @Test
    public void aTenantLongerThanTheStoreHoldsIsA400NamingTheField() throws Exception {
        JsonNode b = json("{\"tenant\":\"" + "t".repeat(Limits.NAME + 1) + "\"}");
        assertBadRequest(() -> InteractionsServlet.text(b, "tenant", true), "tenant");
        JsonNode ok = json("{\"tenant\":\"" + "t".repeat(Limits.NAME) + "\"}");
        assertEquals(Limits.NAME, InteractionsServlet.text(ok, "tenant", true).length());
    }

    @Test
    public void overLongQueueIdAndMediaAreRefused() throws Exception {
        for (String f : new String[] {"queue", "id", "agent", "place", "owner"}) {
            JsonNode b = json("{\"" + f + "\":\"" + "x".repeat(300) + "\"}");
            assertBadRequest(() -> InteractionsServlet.text(b, f, false), f);
        }
        JsonNode m = json("{\"media\":\"" + "x".repeat(Limits.MEDIA + 1) + "\"}");
        assertBadRequest(() -> InteractionsServlet.text(m, "media", true), "media");
    }

    @Test
    public void overLongAttachedDataIsRefusedAndShortDataKept() throws Exception {
        JsonNode v = json("{\"k\":\"" + "v".repeat(Limits.DATA_VALUE + 1) + "\"}");
        assertBadRequest(() -> InteractionsServlet.data(v, "data"), "data.k");
        JsonNode k = json("{\"" + "k".repeat(Limits.DATA_KEY + 1) + "\":\"v\"}");
        assertBadRequest(() -> InteractionsServlet.data(k, "data"), "data");
        assertEquals(Map.of("a", "1", "n", "2"), InteractionsServlet.data(json("{\"a\":\"1\",\"n\":2}"), "data"));
    }
    @Test
    public void aControlCharacterInANameIsA400NamingTheFieldButAReasonMayHaveLineBreaks() throws Exception {
        JsonNode b = json("{\"queue\":\"q\\u0001\",\"reason\":\"line one\\nline two\"}");
        assertBadRequest(() -> InteractionsServlet.text(b, "queue", true), "queue");
        assertEquals("line one\nline two", InteractionsServlet.text(b, "reason", false));
    }
}
