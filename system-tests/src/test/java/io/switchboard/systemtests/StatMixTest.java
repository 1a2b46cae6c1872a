package io.switchboard.systemtests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.Test;

public class StatMixTest {

    private static StatMix mix() {
        return new StatMix("load", List.of("a1", "a2", "a3"), List.of("g1"), List.of("q01", "q02"), List.of("qg01"));
    }

    @Test
    public void oneRoundCoversEveryCategoryProfileAndObjectType() throws Exception {
        StatMix m = mix();
        Set<String> categories = new HashSet<>();
        Set<String> profiles = new HashSet<>();
        Set<String> types = new HashSet<>();
        for (int i = 0; i < m.roundSize(); i++) {
            JsonNode body = Http.JSON.readTree(m.request(i).body());
            categories.add(body.get("statType").get("category").asText());
            profiles.add(body.get("timeProfile").asText());
            types.add(body.get("object").get("type").asText());
        }
        assertEquals(Set.of("CurrentNumber", "CurrentTime", "CurrentMaxTime", "TotalNumber", "TotalTime",
                "AverageTime", "MaxTime", "TotalNumberInTimeRange", "ServiceFactor", "Formula"), categories);
        assertEquals(StatMix.PROFILES.keySet(), profiles);
        assertEquals(Set.of("Agent", "AgentGroup", "Queue", "QueueGroup", "Tenant"), types);
    }

    @Test
    public void anyNumberOfRequestsAreDistinctDefinitions() {
        StatMix m = mix();
        int n = m.roundSize() * 3 + 7;
        Set<String> bodies = new HashSet<>();
        for (int i = 0; i < n; i++) {
            bodies.add(m.request(i).body());
        }
        assertEquals(n, bodies.size());
    }

    @Test
    public void timeDrivenCategoriesAreNotAttributedToEvents() {
        StatMix m = mix();
        for (int i = 0; i < m.roundSize(); i++) {
            StatMix.Request r = m.request(i);
            assertEquals(r.category(), !StatMix.TIME_DRIVEN.contains(r.category()), r.attributable());
        }
        assertTrue(StatMix.TIME_DRIVEN.contains("TotalTime"));
    }
}
