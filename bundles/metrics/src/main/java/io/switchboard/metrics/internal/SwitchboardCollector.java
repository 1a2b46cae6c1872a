package io.switchboard.metrics.internal;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metrics of API.md "Management over HTTP", read at each scrape from the {@code io.switchboard}
 * MBeans. Reading the MBeans (not the services) keeps this bundle free of every other bundle's
 * internals and makes a metric appear exactly when its module is installed: a missing MBean is a
 * missing metric family, never a failed scrape.
 */
public final class SwitchboardCollector implements MultiCollector {

    private static final Logger LOG = LoggerFactory.getLogger(SwitchboardCollector.class);

    private final MBeanServer server;

    public SwitchboardCollector(MBeanServer server) {
        this.server = server;
    }

    @Override
    public MetricSnapshots collect() {
        List<MetricSnapshot> out = new ArrayList<>();
        sources(out);
        journal(out);
        engine(out);
        streams(out);
        interactions(out);
        seats(out);
        out.removeIf(java.util.Objects::isNull);
        return new MetricSnapshots(out);
    }

    private void sources(List<MetricSnapshot> out) {
        CounterSnapshot.Builder accepted = CounterSnapshot.builder().name("switchboard_events_accepted")
                .help("Events accepted, by event source");
        CounterSnapshot.Builder rejected = CounterSnapshot.builder().name("switchboard_events_rejected")
                .help("Events rejected, by event source");
        CounterSnapshot.Builder duplicate = CounterSnapshot.builder().name("switchboard_events_duplicate")
                .help("Events dropped as duplicates by (source, seq), by event source");
        GaugeSnapshot.Builder lastSeq = GaugeSnapshot.builder().name("switchboard_source_last_seq")
                .help("Last seq durably accepted, by event source");
        boolean any = false;
        for (ObjectName name : query("io.switchboard:type=Source,*")) {
            Map<String, Object> a = attributes(name, "Source", "Accepted", "Rejected", "Duplicates", "LastSeq");
            if (a == null) {
                continue;
            }
            // the attribute, not the key: the bus quotes the name in the ObjectName
            Labels labels = Labels.of("source", String.valueOf(a.get("Source")));
            any = true;
            accepted.dataPoint(counter(labels, a.get("Accepted")));
            rejected.dataPoint(counter(labels, a.get("Rejected")));
            duplicate.dataPoint(counter(labels, a.get("Duplicates")));
            lastSeq.dataPoint(gauge(labels, a.get("LastSeq")));
        }
        if (any) {
            out.add(accepted.build());
            out.add(rejected.build());
            out.add(duplicate.build());
            out.add(lastSeq.build());
        }
    }

    private void journal(List<MetricSnapshot> out) {
        Map<String, Object> a = attributes(name("io.switchboard:type=Journal"), "Commits", "CommittedEvents", "Lag");
        if (a == null) {
            return;
        }
        out.add(counter("switchboard_journal_commits", "Group commits of the event journal", a.get("Commits")));
        out.add(counter("switchboard_journal_events", "Events made durable in the journal", a.get("CommittedEvents")));
        out.add(gauge("switchboard_journal_lag_events",
                "Events durable (acknowledged) but not yet applied by the engine", a.get("Lag")));
    }

    private void engine(List<MetricSnapshot> out) {
        Map<String, Object> a = attributes(name("io.switchboard:type=Engine"), "EventsApplied", "EventsPerSecond",
                "OpenStatistics", "NotificationsSent", "NotificationsPerSecond", "Subscriptions", "Objects",
                "NotifierPasses", "NotifierEvaluations", "NotifierEvaluateSeconds", "NotifierDeliverSeconds",
                "NotifierLastPassMillis");
        if (a == null) {
            return;
        }
        out.add(counter("switchboard_engine_events_applied", "Events applied by this node's engine",
                a.get("EventsApplied")));
        out.add(gauge("switchboard_engine_apply_rate_events_per_second",
                "Events per second applied by this node over the last minute", a.get("EventsPerSecond")));
        out.add(gauge("switchboard_statistics_open", "Statistics open in the persistent pool (cluster-wide)",
                a.get("OpenStatistics")));
        out.add(counter("switchboard_notifications_sent", "Statistic notifications sent by this node",
                a.get("NotificationsSent")));
        out.add(gauge("switchboard_notifications_rate_per_second",
                "Notifications per second sent by this node over the last minute", a.get("NotificationsPerSecond")));
        out.add(gauge("switchboard_subscriptions", "In-process statistic subscriptions of this node",
                a.get("Subscriptions")));
        out.add(gauge("switchboard_objects", "Objects with state in the grid (cluster-wide)", a.get("Objects")));
        if (a.get("NotifierPasses") != null) {
            out.add(counter("switchboard_notifier_passes", "Notifier passes that evaluated statistics",
                    a.get("NotifierPasses")));
            out.add(counter("switchboard_notifier_evaluations", "Statistic evaluations of the notifier's passes",
                    a.get("NotifierEvaluations")));
            out.add(counter("switchboard_notifier_evaluate_seconds", "Time the notifier's passes spent evaluating",
                    a.get("NotifierEvaluateSeconds")));
            out.add(counter("switchboard_notifier_deliver_seconds", "Time the notifier's passes spent delivering",
                    a.get("NotifierDeliverSeconds")));
            out.add(gauge("switchboard_notifier_last_pass_seconds", "Duration of the notifier's last pass",
                    a.get("NotifierLastPassMillis") instanceof Number n ? n.doubleValue() / 1000 : null));
        }
    }

    private void streams(List<MetricSnapshot> out) {
        Map<String, Object> a = attributes(name("io.switchboard:type=Streams"), "Clients");
        if (a != null) {
            out.add(gauge("switchboard_sse_clients", "Server-Sent Events clients connected to this node",
                    a.get("Clients")));
        }
    }

    private void interactions(List<MetricSnapshot> out) {
        GaugeSnapshot.Builder byState = GaugeSnapshot.builder().name("switchboard_interactions")
                .help("Interactions held by the active instance of each interaction node, by state");
        boolean any = false;
        for (ObjectName name : query("io.switchboard:type=InteractionNode,*")) {
            Map<String, Object> a = attributes(name, "Active", "Node", "InteractionsByState");
            if (a == null || !Boolean.TRUE.equals(a.get("Active"))) {
                continue; // a backup instance holds no interactions of its own; counting it would double them
            }
            any = true; // an idle node still declares the family
            Object states = a.get("InteractionsByState");
            if (states instanceof Map<?, ?> m) {
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    any = true;
                    byState.dataPoint(gauge(Labels.of("node", String.valueOf(a.get("Node")), "state",
                            String.valueOf(e.getKey())), e.getValue()));
                }
            } else if (states instanceof javax.management.openmbean.TabularData t) {
                for (Object row : t.values()) {
                    javax.management.openmbean.CompositeData c = (javax.management.openmbean.CompositeData) row;
                    any = true;
                    byState.dataPoint(gauge(Labels.of("node", String.valueOf(a.get("Node")), "state",
                            String.valueOf(c.get("key"))), c.get("value")));
                }
            }
        }
        if (any) {
            out.add(byState.build());
        }
    }

    /** Seats used per node from the licensing MBean when licensing is installed; absent otherwise. */
    private void seats(List<MetricSnapshot> out) {
        Map<String, Object> a = attributes(name("io.switchboard:type=Licensing"), "SeatsUsed");
        if (a == null) {
            return;
        }
        GaugeSnapshot.Builder used = GaugeSnapshot.builder().name("switchboard_seats_used")
                .help("Agent seats in use, by interaction node");
        Object v = a.get("SeatsUsed");
        boolean any = false;
        if (v instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                any = true;
                used.dataPoint(gauge(Labels.of("node", String.valueOf(e.getKey())), e.getValue()));
            }
        } else if (v instanceof Number) {
            any = true;
            used.dataPoint(gauge(Labels.EMPTY, v));
        }
        if (any) {
            out.add(used.build());
        }
    }

    private Set<ObjectName> query(String pattern) {
        return server.queryNames(name(pattern), null);
    }

    private static ObjectName name(String name) {
        try {
            return new ObjectName(name);
        } catch (javax.management.MalformedObjectNameException e) {
            throw new IllegalArgumentException(name, e);
        }
    }

    /** The attributes present (null when the MBean is not registered); a missing attribute is absent from the map. */
    private Map<String, Object> attributes(ObjectName name, String... names) {
        try {
            if (!server.isRegistered(name)) {
                return null;
            }
            Map<String, Object> values = new LinkedHashMap<>();
            for (javax.management.Attribute at : server.getAttributes(name, names).asList()) {
                values.put(at.getName(), at.getValue());
            }
            return values;
        } catch (Exception e) {
            // the MBean went away between the query and the read (a module stopping): leave it out this scrape
            LOG.debug("Could not read {}: {}", name, e.toString());
            return null;
        }
    }

    private static double number(Object v) {
        return v instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    private static CounterDataPointSnapshot counter(Labels labels, Object v) {
        return CounterDataPointSnapshot.builder().labels(labels).value(Math.max(0, number(v))).build();
    }

    private static GaugeDataPointSnapshot gauge(Labels labels, Object v) {
        return GaugeDataPointSnapshot.builder().labels(labels).value(number(v)).build();
    }

    /** Null (left out) when the MBean has no such attribute, e.g. an older module. */
    private static MetricSnapshot counter(String name, String help, Object v) {
        if (!(v instanceof Number)) {
            return null;
        }
        return CounterSnapshot.builder().name(name).help(help).dataPoint(counter(Labels.EMPTY, v)).build();
    }

    private static MetricSnapshot gauge(String name, String help, Object v) {
        if (!(v instanceof Number)) {
            return null;
        }
        return GaugeSnapshot.builder().name(name).help(help).dataPoint(gauge(Labels.EMPTY, v)).build();
    }
}
