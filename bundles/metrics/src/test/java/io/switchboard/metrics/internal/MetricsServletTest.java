package io.switchboard.metrics.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import org.junit.Test;

/**
 * The scrape is the Prometheus text format (parsed strictly) with the values the io.switchboard
 * MBeans hold. The MBeans here have the attribute names of the real ones (bus, engine, rest,
 * ixn-node): that names-only contract is what the collector depends on.
 */
public class MetricsServletTest {

    public interface SourceMBean {
        String getSource();
        long getAccepted();
        long getRejected();
        long getDuplicates();
        long getLastSeq();
    }

    public interface JournalMBean {
        long getCommits();
        long getCommittedEvents();
        int getLag();
    }

    public interface EngineMBean {
        long getEventsApplied();
        double getEventsPerSecond();
        int getOpenStatistics();
        long getNotificationsSent();
        double getNotificationsPerSecond();
        int getSubscriptions();
        long getObjects();
    }

    public interface StreamsMBean {
        int getClients();
    }

    public interface NodeMBean {
        String getNode();
        boolean isActive();
        Map<String, Long> getInteractionsByState();
    }

    private final MBeanServer server = MBeanServerFactory.newMBeanServer();

    private <T> void register(String name, Class<T> type, T impl) throws Exception {
        server.registerMBean(new StandardMBean(impl, type), new ObjectName(name));
    }

    private String scrape(String accept) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new MetricsServlet(server).scrape(accept, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private void source(String name, long accepted, long rejected, long duplicates) throws Exception {
        register("io.switchboard:type=Source,name=" + ObjectName.quote(name), SourceMBean.class, new SourceMBean() {
            public String getSource() { return name; }
            public long getAccepted() { return accepted; }
            public long getRejected() { return rejected; }
            public long getDuplicates() { return duplicates; }
            public long getLastSeq() { return accepted + duplicates; }
        });
    }

    private void node(String node, String instance, boolean active, Map<String, Long> states) throws Exception {
        register("io.switchboard:type=InteractionNode,node=" + node + ",instance=" + instance, NodeMBean.class,
                new NodeMBean() {
                    public String getNode() { return node; }
                    public boolean isActive() { return active; }
                    public Map<String, Long> getInteractionsByState() { return states; }
                });
    }

    @Test
    public void everyMetricOfTheContractIsScrapedWithTheMBeansValues() throws Exception {
        source("pbx-1", 120, 3, 7);
        source("pbx \"2\"", 5, 0, 0);
        register("io.switchboard:type=Journal", JournalMBean.class, new JournalMBean() {
            public long getCommits() { return 40; }
            public long getCommittedEvents() { return 125; }
            public int getLag() { return 2; }
        });
        register("io.switchboard:type=Engine", EngineMBean.class, new EngineMBean() {
            public long getEventsApplied() { return 123; }
            public double getEventsPerSecond() { return 2.05; }
            public int getOpenStatistics() { return 9; }
            public long getNotificationsSent() { return 77; }
            public double getNotificationsPerSecond() { return 1.5; }
            public int getSubscriptions() { return 4; }
            public long getObjects() { return 31; }
        });
        register("io.switchboard:type=Streams", StreamsMBean.class, () -> 3);
        node("node-a", "primary", true, Map.of("queued", 4L, "offered", 1L));
        node("node-a", "backup", false, Map.of("queued", 4L, "offered", 1L));

        String body = scrape("text/plain");
        PrometheusText t = PrometheusText.parse(body);

        assertEquals(body, "counter", t.types.get("switchboard_events_accepted_total"));
        assertEquals(120, t.value("switchboard_events_accepted_total", "source", "pbx-1"), 0);
        assertEquals(3, t.value("switchboard_events_rejected_total", "source", "pbx-1"), 0);
        assertEquals(7, t.value("switchboard_events_duplicate_total", "source", "pbx-1"), 0);
        assertEquals("label values are escaped and read back", 5,
                t.value("switchboard_events_accepted_total", "source", "pbx \"2\""), 0);
        assertEquals(40, t.value("switchboard_journal_commits_total"), 0);
        assertEquals(125, t.value("switchboard_journal_events_total"), 0);
        assertEquals(2, t.value("switchboard_journal_lag_events"), 0);
        assertEquals(123, t.value("switchboard_engine_events_applied_total"), 0);
        assertEquals(2.05, t.value("switchboard_engine_apply_rate_events_per_second"), 1e-9);
        assertEquals(9, t.value("switchboard_statistics_open"), 0);
        assertEquals(77, t.value("switchboard_notifications_sent_total"), 0);
        assertEquals(3, t.value("switchboard_sse_clients"), 0);
        assertEquals("the backup instance is not counted twice", 4,
                t.value("switchboard_interactions", "node", "node-a", "state", "queued"), 0);
        assertEquals(1, t.value("switchboard_interactions", "node", "node-a", "state", "offered"), 0);
        assertFalse("no licensing MBean, no seats metric", t.types.containsKey("switchboard_seats_used"));
        for (String family : t.types.keySet()) {
            assertTrue("every family has help: " + family, t.help.containsKey(family));
        }
    }

    @Test
    public void aNodeWithoutModulesScrapesAnEmptyValidBody() throws Exception {
        PrometheusText t = PrometheusText.parse(scrape(null));
        assertTrue(t.samples.isEmpty());
    }

    @Test
    public void openMetricsIsServedWhenAsked() throws Exception {
        source("pbx-1", 1, 0, 0);
        String body = scrape("application/openmetrics-text; version=1.0.0");
        assertTrue(body, body.endsWith("# EOF\n"));
        assertTrue(body, body.contains("switchboard_events_accepted_total{source=\"pbx-1\"} 1.0"));
    }
}
