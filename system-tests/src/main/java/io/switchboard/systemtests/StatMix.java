package io.switchboard.systemtests;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The statistics mix of issue #11 for the load harness: every category (Current*, Total*,
 * Average, Max, InTimeRange, ServiceFactor, Formula) under every kind of profile (Always, Default,
 * LastHour sliding, Last20Calls selection) on agents, agent groups, queues, queue groups and the
 * tenant. {@link #request(int)} gives the i-th of any number of distinct open requests: the
 * (object, template) pairs in a fixed shuffled order, then again under another inline stat type
 * name, so that the n-th round is n more distinct statistics (own refs, own values) with the same
 * work per event as the first.
 */
public final class StatMix {

    /** The profiles the mix names; they are in the distribution's default time profiles. */
    public static final Map<String, String> PROFILES = Map.of(
            "Always", "{\"type\":\"growing\",\"reset\":[]}",
            "Default", "{\"type\":\"growing\",\"reset\":[\"00:00\"],\"zone\":\"UTC\"}",
            "LastHour", "{\"type\":\"sliding\",\"window\":3600,\"step\":60}",
            "Last20Calls", "{\"type\":\"selection\",\"size\":20}");

    /**
     * Categories whose value moves with the wall clock while an action is in progress: their
     * notifications are not caused by one event, so the latency accounting leaves them out.
     */
    static final Set<String> TIME_DRIVEN = Set.of("CurrentTime", "CurrentMaxTime", "TotalTime");

    /** One inline stat type with its profile. */
    record Template(String key, String category, String subject, List<String> mask, List<String> relMask,
            int[] range, String formula, String profile) {

        boolean attributable() {
            return !TIME_DRIVEN.contains(category);
        }
    }

    /** An object of the load tenant: type and id. */
    public record Target(String type, String id) {
        public String key() {
            return type + "/" + id;
        }

        boolean aggregate() {
            return !type.equals("Agent") && !type.equals("Queue");
        }
    }

    /** One open request of the mix and what the harness needs to know of it. */
    public record Request(String body, Target target, String category, boolean attributable) {
    }

    private static Template t(String key, String category, String profile, List<String> mask) {
        return new Template(key, category, "Action", mask, List.of(), null, null, profile);
    }

    private static Template range(String key, String category, String profile, List<String> mask,
            List<String> relMask, int lo, int hi) {
        return new Template(key, category, "Action", mask, relMask, new int[] { lo, hi }, null, profile);
    }

    private static Template formula(String key, String profile, String expression) {
        return new Template(key, "Formula", "Action", List.of(), List.of(), null, expression, profile);
    }

    static final List<Template> AGENT = List.of(
            t("a-cur-num", "CurrentNumber", "Always", List.of("CallInbound")),
            t("a-cur-time", "CurrentTime", "Always", List.of("WaitForNextCall", "CallRinging", "CallInbound")),
            t("a-cur-max", "CurrentMaxTime", "Always", List.of("CallInbound")),
            t("a-tot-num", "TotalNumber", "Default", List.of("CallInbound")),
            t("a-tot-num-h", "TotalNumber", "LastHour", List.of("CallRinging")),
            t("a-tot-time", "TotalTime", "Default", List.of("CallInbound")),
            t("a-avg", "AverageTime", "LastHour", List.of("CallInbound")),
            t("a-avg-ring", "AverageTime", "Default", List.of("CallRinging")),
            t("a-max", "MaxTime", "Last20Calls", List.of("CallInbound")),
            range("a-range", "TotalNumberInTimeRange", "Last20Calls", List.of("CallInbound"), List.of(), 0, 30),
            range("a-sf", "ServiceFactor", "Default", List.of("CallAnswered"), List.of("CallAnswered"), 0, 10),
            formula("a-formula", "Always", "CallsAnswered + CallsInProgress"));

    static final List<Template> AGENT_GROUP = List.of(
            new Template("g-ready", "CurrentNumber", "Status", List.of("WaitForNextCall"), List.of(), null, null,
                    "Always"),
            t("g-cur-num", "CurrentNumber", "Always", List.of("CallInbound")),
            t("g-cur-max", "CurrentMaxTime", "Always", List.of("CallInbound")),
            t("g-tot-num", "TotalNumber", "Default", List.of("CallInbound")),
            t("g-tot-time", "TotalTime", "LastHour", List.of("CallInbound")),
            t("g-avg", "AverageTime", "LastHour", List.of("CallInbound")),
            t("g-max", "MaxTime", "Last20Calls", List.of("CallInbound")),
            range("g-range", "TotalNumberInTimeRange", "Default", List.of("CallInbound"), List.of(), 0, 30),
            range("g-sf", "ServiceFactor", "Last20Calls", List.of("CallAnswered"), List.of("CallAnswered"), 0, 10),
            formula("g-formula", "Default", "CallsAnswered + CallsInProgress"));

    static final List<Template> QUEUE = List.of(
            t("q-cur-num", "CurrentNumber", "Always", List.of("CallWait")),
            t("q-cur-max", "CurrentMaxTime", "Always", List.of("CallWait")),
            t("q-tot-num", "TotalNumber", "Default", List.of("CallEntered")),
            t("q-tot-num-h", "TotalNumber", "LastHour", List.of("CallAbandoned")),
            t("q-tot-time", "TotalTime", "Default", List.of("CallWait")),
            t("q-avg", "AverageTime", "LastHour", List.of("CallDistributed")),
            t("q-max", "MaxTime", "Last20Calls", List.of("CallDistributed")),
            range("q-range", "TotalNumberInTimeRange", "Default", List.of("CallDistributed"), List.of(), 0, 20),
            range("q-sf", "ServiceFactor", "LastHour", List.of("CallAnswered"),
                    List.of("CallAnswered", "CallAbandoned"), 0, 20),
            range("q-sf-sel", "ServiceFactor", "Last20Calls", List.of("CallAnswered"),
                    List.of("CallAnswered", "CallAbandoned"), 0, 20),
            formula("q-formula", "Always", "100 * CallsAbandoned / (CallsEntered + 1)"));

    private final List<Object[]> pairs = new ArrayList<>();
    private final String tenant;

    /**
     * @param agents agent ids; groups agent group ids; queues queue ids; queueGroups queue group
     *        ids; tenant the tenant (it gets the queue and the agent-group templates)
     */
    public StatMix(String tenant, List<String> agents, List<String> groups, List<String> queues,
            List<String> queueGroups) {
        this.tenant = tenant;
        add("Agent", agents, AGENT);
        add("AgentGroup", groups, AGENT_GROUP);
        add("Queue", queues, QUEUE);
        add("QueueGroup", queueGroups, QUEUE);
        add("Tenant", List.of(tenant), QUEUE);
        add("Tenant", List.of(tenant), AGENT_GROUP);
        // spread categories, profiles and object types over any prefix of the order
        Collections.shuffle(pairs, new Random(11));
    }

    private void add(String type, List<String> ids, List<Template> templates) {
        for (String id : ids) {
            for (Template t : templates) {
                pairs.add(new Object[] { new Target(type, id), t });
            }
        }
    }

    /** Distinct statistics in one round (every object with every template once). */
    public int roundSize() {
        return pairs.size();
    }

    /** The i-th open request (mode changes). */
    public Request request(int i) {
        Object[] p = pairs.get(i % pairs.size());
        Target target = (Target) p[0];
        Template t = (Template) p[1];
        int round = i / pairs.size();
        ObjectNode body = Http.JSON.createObjectNode();
        ObjectNode type = body.putObject("statType");
        type.put("name", "mix-" + t.key() + (round == 0 ? "" : "-r" + round));
        type.putArray("objects").add(target.type());
        type.put("category", t.category());
        type.put("subject", t.subject());
        ArrayNode mask = type.putArray("mask");
        t.mask().forEach(mask::add);
        if (!t.relMask().isEmpty()) {
            ArrayNode rel = type.putArray("relMask");
            t.relMask().forEach(rel::add);
        }
        if (t.range() != null) {
            type.putArray("range").add(t.range()[0]).add(t.range()[1]);
        }
        if (t.formula() != null) {
            type.put("formula", t.formula());
        }
        body.putObject("object").put("tenant", tenant).put("type", target.type()).put("id", target.id());
        body.put("timeProfile", t.profile());
        body.putObject("notification").put("mode", "changes");
        return new Request(body.toString(), target, t.category(), t.attributable());
    }
}
