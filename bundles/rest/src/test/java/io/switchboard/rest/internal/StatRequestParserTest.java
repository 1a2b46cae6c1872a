package io.switchboard.rest.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.api.SwitchboardException;
import io.switchboard.api.model.ObjectType;
import io.switchboard.api.model.StatType;
import io.switchboard.api.stats.StatRequest;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class StatRequestParserTest {

    private static final StatType WAITING = new StatType("CallsWaiting", List.of(ObjectType.Queue), "CurrentNumber",
            StatType.Subject.Action, List.of("CallWait"), List.of(), null, null);
    private final StatRequestParser parser = new StatRequestParser(n -> "CallsWaiting".equals(n) ? WAITING : null);
    private final ObjectMapper mapper = new ObjectMapper();

    private StatRequest parse(String json) throws Exception {
        return parser.parse(mapper.readTree(json));
    }

    private void assertBad(String json, String detail) throws Exception {
        try {
            parse(json);
            fail("expected a 400 for " + json);
        } catch (SwitchboardException e) {
            assertEquals(400, e.code());
            assertEquals(e.error(), detail, e.detail());
        }
    }

    @Test
    public void namedAndInlineStatTypesAndFiltersParse() throws Exception {
        StatRequest r = parse("{\"statType\":\"CallsWaiting\",\"object\":{\"tenant\":\"acme\",\"type\":\"Queue\","
                + "\"id\":\"sales\"},\"timeProfile\":\"Default\",\"filter\":{\"media\":[\"voice\"],"
                + "\"data\":{\"segment\":\"gold\"}},\"notification\":{\"mode\":\"changes\"}}");
        assertEquals(WAITING, r.statType());
        assertEquals(ObjectType.Queue, r.object().type());
        assertEquals(List.of("voice"), r.filter().media());
        assertEquals(Map.of("segment", "gold"), r.filter().data());

        StatRequest inline = parse("{\"statType\":{\"name\":\"X\",\"objects\":[\"Queue\"],\"category\":\"ServiceFactor\","
                + "\"mask\":[\"CallAnswered\"],\"relMask\":[\"CallAnswered\",\"CallAbandoned\"],\"range\":[0,20]},"
                + "\"object\":{\"tenant\":\"acme\",\"type\":\"Queue\",\"id\":\"sales\"},"
                + "\"timeProfile\":{\"type\":\"sliding\",\"window\":3600,\"step\":60}}");
        assertEquals("ServiceFactor", inline.statType().category());
        assertEquals(20.0, inline.statType().range()[1], 0);
        assertEquals("sliding", inline.inlineProfile().get("type"));
    }

    @Test
    public void malformedRequestsNameTheBadField() throws Exception {
        String obj = "\"object\":{\"tenant\":\"acme\",\"type\":\"Queue\",\"id\":\"sales\"}";
        assertBad("[]", "body");
        assertBad("{" + obj + "}", "statType");
        assertBad("{\"statType\":\"Nope\"," + obj + "}", "statType");
        assertBad("{\"statType\":{\"category\":\"Bogus\"}," + obj + "}", "statType.category");
        assertBad("{\"statType\":{\"category\":\"TotalNumber\",\"objects\":[\"Queen\"]}," + obj + "}",
                "statType.objects");
        assertBad("{\"statType\":{\"category\":\"TotalNumber\",\"subject\":\"Thing\"}," + obj + "}",
                "statType.subject");
        assertBad("{\"statType\":{\"category\":\"TotalNumber\",\"range\":[20,0]}," + obj + "}", "statType.range");
        assertBad("{\"statType\":{\"category\":\"TotalNumber\",\"mask\":\"CallWait\"}," + obj + "}", "statType.mask");
        assertBad("{\"statType\":\"CallsWaiting\"}", "object");
        assertBad("{\"statType\":\"CallsWaiting\",\"object\":{\"tenant\":\"acme\",\"type\":\"Queue\"}}", "object.id");
        assertBad("{\"statType\":\"CallsWaiting\",\"object\":{\"tenant\":\"acme\",\"type\":\"Queen\",\"id\":\"s\"}}",
                "object.type");
        assertBad("{\"statType\":\"CallsWaiting\"," + obj + ",\"filter\":{\"colour\":\"red\"}}", "filter.colour");
        assertBad("{\"statType\":\"CallsWaiting\"," + obj + ",\"timeProfile\":7}", "timeProfile");
    }
    @Test
    public void valuesOverTheEdgeLimitsAreA400NamingTheField() throws Exception {
        String over = "x".repeat(io.switchboard.api.Limits.NAME + 1);
        String obj = "\"object\":{\"tenant\":\"acme\",\"type\":\"Queue\",\"id\":\"sales\"}";
        assertBad("{\"statType\":\"CallsWaiting\"," + obj.replace("acme", over) + "}", "object.tenant");
        assertBad("{\"statType\":\"CallsWaiting\"," + obj.replace("sales", over) + "}", "object.id");
        assertBad("{\"statType\":\"CallsWaiting\"," + obj.replace("sales", "s\\u0007") + "}", "object.id");
        assertBad("{\"statType\":\"" + over + "\"," + obj + "}", "statType");
        assertBad("{\"statType\":\"CallsWaiting\"," + obj + ",\"timeProfile\":\"" + over + "\"}", "timeProfile");
        assertBad("{\"statType\":\"CallsWaiting\"," + obj + ",\"filter\":{\"media\":[\"" + "m".repeat(65)
                + "\"]}}", "filter.media");
        assertBad("{\"statType\":\"CallsWaiting\"," + obj + ",\"filter\":{\"data\":{\"k\":\"" + "v".repeat(4001)
                + "\"}}}", "filter.data");
        assertBad("{\"statType\":\"CallsWaiting\"," + obj + ",\"filter\":{\"data\":{\"\":\"v\"}}}", "filter.data");
        try {
            StatRequestParser.notification(mapper.readTree("{\"mode\":\"periodic\",\"frequency\":1e300}"));
            fail("a frequency of 1e300 seconds");
        } catch (SwitchboardException e) {
            assertEquals(400, e.code());
            assertEquals("notification.frequency", e.detail());
        }
        try {
            StatRequestParser.notification(mapper.readTree("{\"insensitivity\":1e300}"));
            fail("an insensitivity of 1e300 percent");
        } catch (SwitchboardException e) {
            assertEquals("notification.insensitivity", e.detail());
        }
        assertEquals(86_400L, StatRequestParser.notification(
                mapper.readTree("{\"mode\":\"periodic\",\"frequency\":86400}")).frequencySeconds());
    }
}
