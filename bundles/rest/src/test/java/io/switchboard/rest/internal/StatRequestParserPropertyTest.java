package io.switchboard.rest.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.api.SwitchboardException;
import io.switchboard.api.model.ObjectType;
import io.switchboard.api.model.StatType;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Fuzzes the body of a statistics open/peek: whatever JSON arrives, the parser gives a request or
 * a 400 naming a field, never another exception (which the servlet would answer as a 500).
 */
public class StatRequestParserPropertyTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final StatType WAITING = new StatType("CallsWaiting", List.of(ObjectType.Queue), "CurrentNumber",
            StatType.Subject.Action, List.of("CallWait"), List.of(), null, null);
    private final StatRequestParser parser = new StatRequestParser(n -> "CallsWaiting".equals(n) ? WAITING : null);

    @Property
    void anyBodyIsARequestOrA400NamingAField(@ForAll("bodies") String body) throws Exception {
        JsonNode n;
        try {
            n = MAPPER.readTree(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return; // the servlet answers unparsable JSON itself
        }
        if (n == null) {
            return;
        }
        try {
            parser.parse(n);
        } catch (SwitchboardException e) {
            check(body, e);
        }
        if (n.isObject()) {
            try {
                StatRequestParser.notification(n.get("notification"));
            } catch (SwitchboardException e) {
                check(body, e);
            }
        }
    }

    private static void check(String body, SwitchboardException e) {
        if (e.code() != 400 || e.detail() == null || e.detail().isEmpty()) {
            throw new AssertionError(body + " gave " + e.code() + " " + e.error() + " / " + e.detail());
        }
    }

    @Example
    void aBadPercentEscapeIsA400NamingTheField() {
        for (String s : new String[] {"%", "%z", "a%zzb", "%E0%A4%A"}) {
            try {
                ApiServlet.decode(s, "path");
                throw new AssertionError(s + " decoded");
            } catch (SwitchboardException e) {
                if (e.code() != 400 || !"path".equals(e.detail())) {
                    throw new AssertionError(s + " gave " + e.code() + " " + e.detail());
                }
            }
        }
    }

    @Provide
    Arbitrary<String> bodies() {
        Arbitrary<String> object = Arbitraries.maps(Arbitraries.of("statType", "object", "timeProfile", "filter",
                "notification", "tenant", "type", "id", "media", "data", "mode", "frequency", "insensitivity", "name",
                "objects", "category", "mask", "relMask", "range", "subject", "window", "step", "formula", "x"),
                value(3)).ofMaxSize(6).map(StatRequestParserPropertyTest::render);
        return Arbitraries.frequencyOf(Tuple.of(8, object), Tuple.of(1, Arbitraries.strings().ofMaxLength(30)),
                Tuple.of(1, Arbitraries.of("[]", "1", "\"x\"", "null", "{}", "{\"statType\":\"CallsWaiting\","
                        + "\"object\":{\"tenant\":\"t\",\"type\":\"Queue\",\"id\":\"q\"}}")));
    }

    private static Arbitrary<String> value(int depth) {
        Arbitrary<String> scalar = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(10).map(StatRequestParserPropertyTest::quote),
                Arbitraries.strings().withChars('x').ofMinLength(100).ofMaxLength(5000)
                        .map(StatRequestParserPropertyTest::quote),
                Arbitraries.of("null", "true", "false", "0", "-1", "1e400", "-1e400", "1e300", "9223372036854775808",
                        "0.5", "\"CallsWaiting\"", "\"Queue\"", "\"Agent\"", "\"changes\"", "\"periodic\"",
                        "\"reset\"", "\"Default\"", "\"sliding\"", "\"growing\"", "\"CurrentNumber\"",
                        "\"TotalNumber\"", "\"ServiceFactor\"", "\"CallWait\"", "\"Action\"", "\"Status\"",
                        "[\"Queue\"]", "[0,20]", "[20,0]", "[\"CallAnswered\"]"),
                Arbitraries.integers().map(String::valueOf));
        if (depth == 0) {
            return scalar;
        }
        Arbitrary<String> array = value(depth - 1).list().ofMaxSize(4).map(l -> "[" + String.join(",", l) + "]");
        Arbitrary<String> object = Arbitraries.maps(Arbitraries.of("tenant", "type", "id", "media", "data", "mode",
                "frequency", "insensitivity", "name", "objects", "category", "mask", "relMask", "range", "window",
                "step", "k", ""), value(depth - 1)).ofMaxSize(6).map(StatRequestParserPropertyTest::render);
        return Arbitraries.frequencyOf(Tuple.of(4, scalar), Tuple.of(1, array), Tuple.of(3, object));
    }

    private static String render(Map<String, String> m) {
        StringBuilder b = new StringBuilder("{");
        m.forEach((k, v) -> b.append(b.length() > 1 ? "," : "").append(quote(k)).append(':').append(v));
        return b.append('}').toString();
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
