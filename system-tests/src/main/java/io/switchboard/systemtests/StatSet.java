package io.switchboard.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A set of statistic definitions (the body of a peek or an open) over the demo tenant's objects,
 * covering every seeded stat type on every kind of object it applies to, under a growing profile
 * that never resets, the daily one and a sliding one. With the event clock none of them depends on
 * wall time, so two servers fed the same events must answer the same.
 */
public final class StatSet {

    private final Map<String, String> bodies = new LinkedHashMap<>();

    public static StatSet demo(int agents) {
        StatSet s = new StatSet();
        String[] queueTypes = { "CallsWaiting", "OldestWaiting", "CallsEntered", "CallsDistributed", "CallsAnswered",
            "CallsAbandoned", "CallsCleared", "ASA", "AverageAbandonTime", "ServiceLevel20s" };
        String[] agentGroupTypes = { "CallsAnswered", "AgentsLoggedIn", "AgentsReady", "AgentsNotReady",
            "AgentsTalking", "CallsInProgress", "AHT", "TalkTime", "AfterCallWorkTime", "ReadyTime", "Occupancy" };
        String[] agentTypes = { "CurrentAgentState", "TimeInCurrentState", "CallsAnswered", "AgentsReady",
            "AgentsTalking", "CallsInProgress", "AHT", "TalkTime", "AfterCallWorkTime", "ReadyTime", "Occupancy" };
        String[] profiles = { "Always", "Default", "LastHour" };
        List<String[]> objects = new ArrayList<>();
        for (String q : new String[] { "sales", "support", "billing" }) {
            objects.add(new String[] { "Queue", q });
        }
        objects.add(new String[] { "QueueGroup", "all-queues" });
        objects.add(new String[] { "Tenant", "demo" });
        for (String[] o : objects) {
            for (String t : queueTypes) {
                for (String p : profiles) {
                    s.add(t, o[0], o[1], p, null);
                }
            }
        }
        s.add("CallsEntered", "Tenant", "demo", "Always", "{\"data\":{\"segment\":\"gold\"}}");
        s.add("CallsAnswered", "Queue", "sales", "Always", "{\"data\":{\"segment\":\"silver\"}}");
        for (String t : new String[] { "AgentsReady", "AgentsTalking", "TalkTime", "AHT", "ReadyTime" }) {
            s.add(t, "Tenant", "demo", "Always", null);
        }
        for (String g : new String[] { "sales-team", "support-team", "billing-team" }) {
            for (String t : agentGroupTypes) {
                s.add(t, "AgentGroup", g, "Always", null);
            }
        }
        for (String g : new String[] { "sales-floor", "billing-floor" }) {
            s.add("AgentsLoggedIn", "PlaceGroup", g, "Always", null);
            s.add("TalkTime", "PlaceGroup", g, "Always", null);
        }
        for (int n = 1; n <= agents; n++) {
            String a = String.format("agent-%03d", n);
            for (String t : agentTypes) {
                s.add(t, "Agent", a, "Always", null);
            }
            s.add("TalkTime", "Agent", a, "Default", null);
            s.add("CallsAnswered", "Agent", a, "LastHour", null);
            if (n <= 4) {
                s.add("CurrentAgentState", "DN", Integer.toString(1000 + n), "Always", null);
                s.add("TalkTime", "DN", Integer.toString(1000 + n), "Always", null);
                s.add("CurrentAgentState", "Place", String.format("place-%03d", n), "Always", null);
                s.add("AHT", "Place", String.format("place-%03d", n), "Always", null);
            }
        }
        return s;
    }

    public StatSet add(String statType, String type, String id, String profile, String filter) {
        ObjectNode b = Http.JSON.createObjectNode();
        b.put("statType", statType);
        b.putObject("object").put("tenant", "demo").put("type", type).put("id", id);
        b.put("timeProfile", profile);
        if (filter != null) {
            try {
                b.set("filter", Http.JSON.readTree(filter));
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException(filter, e);
            }
        }
        String key = statType + " " + type + "/" + id + " " + profile + (filter == null ? "" : " " + filter);
        bodies.put(key, b.toString());
        return this;
    }

    public Map<String, String> bodies() {
        return bodies;
    }

    public int size() {
        return bodies.size();
    }

    /** Peeks every statistic: key → answer ({@code value}, {@code at}, maybe {@code partial}) or the error. */
    public Map<String, JsonNode> peek(Http http) throws Exception {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : bodies.entrySet()) {
            Http.Response r = http.post("/api/v1/stats/peek", e.getValue());
            ObjectNode n = Http.JSON.createObjectNode();
            n.put("status", r.status());
            n.setAll((ObjectNode) r.json());
            out.put(e.getKey(), n);
        }
        return out;
    }

    /** The differences between two answers of {@link #peek}, one line each; empty when equal. */
    public static List<String> differences(Map<String, JsonNode> expected, Map<String, JsonNode> actual) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : expected.entrySet()) {
            JsonNode a = actual.get(e.getKey());
            if (!e.getValue().equals(a)) {
                out.add(e.getKey() + ": expected " + e.getValue() + " but was " + a);
            }
        }
        return out;
    }
}
