package io.switchboard.engine.internal.config;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.api.SwitchboardException;
import io.switchboard.api.config.ConfigObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class ConfigObjectsTest {

    @SuppressWarnings("unchecked")
    private static Map<String, Object> doc(String json) throws Exception {
        return new ObjectMapper().readValue(json, Map.class);
    }

    private static void assertRejected(String json, String detail) throws Exception {
        try {
            ConfigObjects.parseDocument(doc(json));
            fail("expected rejection of " + json);
        } catch (SwitchboardException e) {
            assertEquals(400, e.code());
            assertEquals(e.error(), detail, e.detail());
        }
    }

    @Test
    public void theApiExampleParses() throws Exception {
        List<ConfigObject> objects = ConfigObjects.parseDocument(doc("{\"objects\": ["
                + "{\"tenant\": \"acme\", \"type\": \"Tenant\", \"id\": \"acme\", \"strict\": false},"
                + "{\"tenant\": \"acme\", \"type\": \"Agent\", \"id\": \"a1\", \"name\": \"Ann Lee\"},"
                + "{\"tenant\": \"acme\", \"type\": \"AgentGroup\", \"id\": \"sales-team\", \"members\": [\"a1\", \"a2\"]},"
                + "{\"tenant\": \"acme\", \"type\": \"QueueGroup\", \"id\": \"all-sales\", \"members\": [\"sales\", \"sales-vip\"]}]}"));
        assertEquals(4, objects.size());
        assertEquals("Ann Lee", objects.get(1).attributes().get("name"));
        assertEquals(List.of("a1", "a2"), objects.get(2).members());
    }

    @Test
    public void invalidObjectsAreNamed() throws Exception {
        assertRejected("{}", "objects");
        assertRejected("{\"objects\": [1]}", "objects[0]");
        assertRejected("{\"objects\": [{\"tenant\": \"t\", \"type\": \"Queen\", \"id\": \"q\"}]}", "objects[0].type");
        assertRejected("{\"objects\": [{\"tenant\": \"t\", \"type\": \"Agent\"}]}", "objects[0].id");
        assertRejected("{\"objects\": [{\"tenant\": \"t\", \"type\": \"Agent\", \"id\": \"a\", \"members\": []}]}",
                "objects[0].members");
        assertRejected("{\"objects\": [{\"tenant\": \"t\", \"type\": \"Tenant\", \"id\": \"x\"}]}", "objects[0].id");
        assertRejected("{\"objects\": [{\"tenant\": \"t\", \"type\": \"Tenant\", \"id\": \"t\", \"strict\": \"yes\"}]}",
                "objects[0].strict");
        assertRejected("{\"objects\": [{\"tenant\": \"t\", \"type\": \"Agent\", \"id\": \"a\"},"
                + "{\"tenant\": \"t\", \"type\": \"AgentGroup\", \"id\": \"g\", \"members\": [1]}]}", "objects[1].members");
    }

    @Test
    public void aTenantMayHaveItsOwnStatusPriority() throws Exception {
        List<ConfigObject> objects = ConfigObjects.parseDocument(doc("{\"objects\": [{\"tenant\": \"t\", "
                + "\"type\": \"Tenant\", \"id\": \"t\", \"statusPriority\": [\"NotReadyForNextCall\", \"CallRinging\"]}]}"));
        assertEquals("NotReadyForNextCall,CallRinging", objects.get(0).attributes().get("statusPriority"));
        assertRejected("{\"objects\": [{\"tenant\": \"t\", \"type\": \"Tenant\", \"id\": \"t\", "
                + "\"statusPriority\": [\"Sleeping\"]}]}", "objects[0].statusPriority");
        assertRejected("{\"objects\": [{\"tenant\": \"t\", \"type\": \"Agent\", \"id\": \"a\", "
                + "\"statusPriority\": [\"CallRinging\"]}]}", "objects[0].statusPriority");
    }

    @Test
    public void theShippedSampleConfigurationIsValid() throws Exception {
        Path sample = Paths.get("../../etc/switchboard-config.json");
        List<ConfigObject> objects = ConfigObjects.parseDocument(doc(Files.readString(sample)));
        assertTrue(objects.size() > 20);
    }

    @Test
    public void overLongOrControlCharacterNamesAreA400NamingTheField() throws Exception {
        String longId = "x".repeat(io.switchboard.api.Limits.NAME + 1);
        assertRejected("{\"objects\": [{\"tenant\": \"" + longId + "\", \"type\": \"Agent\", \"id\": \"a\"}]}",
                "objects[0].tenant");
        assertRejected("{\"objects\": [{\"tenant\": \"t\", \"type\": \"Agent\", \"id\": \"a\\u0007\"}]}",
                "objects[0].id");
        assertRejected("{\"objects\": [{\"tenant\": \"t\", \"type\": \"AgentGroup\", \"id\": \"g\", "
                + "\"members\": [\"a1\", \"" + longId + "\"]}]}", "objects[0].members");
        String fits = "y".repeat(io.switchboard.api.Limits.NAME);
        assertEquals(fits, ConfigObjects.parseDocument(doc("{\"objects\": [{\"tenant\": \"t\", \"type\": \"Agent\", "
                + "\"id\": \"" + fits + "\"}]}")).get(0).id());
    }

    @Test
    public void attributesMembersAndObjectsHaveLimits() throws Exception {
        String longValue = "v".repeat(io.switchboard.api.Limits.DATA_VALUE + 1);
        assertRejected("{\"objects\": [{\"tenant\": \"t\", \"type\": \"Agent\", \"id\": \"a\", \"name\": \""
                + longValue + "\"}]}", "objects[0].name");
        assertRejected("{\"objects\": [{\"tenant\": \"t\", \"type\": \"Agent\", \"id\": \"a\", \""
                + "k".repeat(io.switchboard.api.Limits.DATA_KEY + 1) + "\": 1}]}", "objects[0]");
        StringBuilder many = new StringBuilder("{\"objects\": [{\"tenant\": \"t\", \"type\": \"Agent\", \"id\": \"a\"");
        for (int i = 0; i <= io.switchboard.api.Limits.CONFIG_ATTRIBUTES_MAX; i++) {
            many.append(", \"attr").append(i).append("\": ").append(i);
        }
        assertRejected(many.append("}]}").toString(), "objects[0]");
        StringBuilder members = new StringBuilder("{\"objects\": [{\"tenant\": \"t\", \"type\": \"AgentGroup\", "
                + "\"id\": \"g\", \"members\": [");
        for (int i = 0; i <= io.switchboard.api.Limits.CONFIG_MEMBERS_MAX; i++) {
            members.append(i == 0 ? "" : ",").append("\"a").append(i).append('"');
        }
        assertRejected(members.append("]}]}").toString(), "objects[0].members");
        StringBuilder objects = new StringBuilder("{\"objects\": [");
        for (int i = 0; i <= io.switchboard.api.Limits.CONFIG_OBJECTS_MAX; i++) {
            objects.append(i == 0 ? "" : ",").append("{}");
        }
        assertRejected(objects.append("]}").toString(), "objects");
        assertRejected("{\"objects\": [{\"tenant\": \"t\", \"type\": \"Tenant\", \"id\": \"t\", "
                + "\"statusPriority\": [" + "\"CallRinging\",".repeat(40) + "\"CallRinging\"]}]}",
                "objects[0].statusPriority");
    }
}
