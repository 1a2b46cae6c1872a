package io.switchboard.rest.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.api.Limits;
import io.switchboard.api.http.HttpAccess;
import io.switchboard.api.model.ObjectType;
import io.switchboard.api.model.StatType;
import io.switchboard.api.model.StatValue;
import io.switchboard.api.stats.StatRequest;
import io.switchboard.api.stats.StatisticsService;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Fuzzes {@code POST /api/v1/stats} with arrays of arbitrary open bodies: never a 5xx, one answer
 * per element in order, each a ref or a 400 naming a field, and only well-formed requests reach
 * the statistics service.
 */
public class StatsBatchOpenPropertyTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final StatType WAITING = new StatType("CallsWaiting", List.of(ObjectType.Queue), "CurrentNumber",
            StatType.Subject.Action, List.of("CallWait"), List.of(), null, null);

    private final AtomicInteger opened = new AtomicInteger();

    /** Opens what it is given, checking that it came within limits; openAll is the interface's own. */
    private final StatisticsService stats = (StatisticsService) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {StatisticsService.class}, new InvocationHandler() {
                @Override
                public Object invoke(Object p, java.lang.reflect.Method m, Object[] a) throws Throwable {
                    if (m.isDefault()) {
                        return InvocationHandler.invokeDefault(p, m, a);
                    }
                    switch (m.getName()) {
                        case "statType":
                            return "CallsWaiting".equals(a[0]) ? WAITING : null;
                        case "open": {
                            StatRequest r = (StatRequest) a[0];
                            if (r.object().id().length() > Limits.NAME || r.object().tenant().length() > Limits.NAME) {
                                throw new AssertionError("a name beyond its limit reached the service: " + r);
                            }
                            opened.incrementAndGet();
                            return new StatisticsService.Opened("ref-" + r.object().id().hashCode(),
                                    new StatValue(0L, 0L, false));
                        }
                        default:
                            throw new UnsupportedOperationException(m.getName());
                    }
                }
            });

    private StatsServlet servlet() throws Exception {
        StatsServlet s = new StatsServlet();
        Field f = StatsServlet.class.getDeclaredField("stats");
        f.setAccessible(true);
        f.set(s, stats);
        s.access = (method, path, authorization, remote) -> HttpAccess.Decision.ADMITTED;
        return s;
    }

    @Property(tries = 250)
    void eachElementOfAnArrayIsOpenedOrRefusedByNameInItsPlace(@ForAll("arrays") List<String> elements)
            throws Exception {
        String body = "[" + String.join(",", elements) + "]";
        opened.set(0);
        ServletCall.Answer a = new ServletCall("/api/v1/stats", null, "POST", null, body).to(servlet());
        JsonNode parsed;
        try {
            parsed = MAPPER.readTree(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            if (a.status() != 400) {
                throw new AssertionError(body + " is not JSON but answered " + a.status() + " " + a.body());
            }
            return;
        }
        if (a.status() != 200) {
            throw new AssertionError(body + " answered " + a.status() + " " + a.body());
        }
        JsonNode answer = MAPPER.readTree(a.body());
        if (!answer.isArray() || answer.size() != parsed.size()) {
            throw new AssertionError(body + " answered " + a.body());
        }
        int refs = 0;
        for (JsonNode one : answer) {
            if (one.has("ref")) {
                refs++;
            } else if (one.path("code").asInt() != 400 || one.path("detail").asText().isEmpty()) {
                throw new AssertionError(body + ": an element answered " + one);
            }
        }
        if (refs != opened.get()) {
            throw new AssertionError(body + ": " + refs + " refs for " + opened.get() + " opens");
        }
    }

    @Provide
    Arbitrary<List<String>> arrays() {
        return new StatRequestParserPropertyTest().bodies().list().ofMaxSize(8);
    }
}
