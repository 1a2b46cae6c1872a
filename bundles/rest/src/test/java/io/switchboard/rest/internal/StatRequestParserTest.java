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
}
