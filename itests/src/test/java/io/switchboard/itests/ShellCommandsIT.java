package io.switchboard.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.lang.management.ManagementFactory;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The management shell of every module in the built distribution: the commands load, find
 * their services and print what the unit tests check in detail; and the Cluster MBean.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ShellCommandsIT extends ItSupport {

    private static final Ports PORTS = new Ports(39181, 39101, 39099, 39443, 39801);

    @Configuration
    public Option[] config() {
        List<Option> options = containerOptions(switchboardDistribution(), "shell", PORTS);
        options.add(editConfigurationFilePut("etc/io.switchboard.adapter.tcp.cfg", "port",
                Integer.toString(39121 + Integer.getInteger(PORT_OFFSET, 0))));
        // the test starts it, so that what it sends is known
        options.add(editConfigurationFilePut("etc/io.switchboard.simulator.cfg", "enabled", "false"));
        return options.toArray(new Option[0]);
    }

    @Override
    protected int httpPort() {
        return PORTS.http();
    }

    private static String[] row(String out, String first) {
        String[] r = rowOrNull(out, first);
        if (r == null) {
            throw new AssertionError("no row " + first + " in\n" + out);
        }
        return r;
    }

    /** For polls: no such row yet (the simulator shows "starting" while its component restarts). */
    private static String[] rowOrNull(String out, String first) {
        return Arrays.stream(out.split("\\R")).filter(l -> l.startsWith(first)).findFirst()
                .map(l -> l.split("\\s*[|\u2502]\\s*")).orElse(null);
    }

    /**
     * Runs a command once its bundle has registered it: health says UP when grid, bus, engine
     * and database run, not when every bundle's commands are in the shell ('Command not found:
     * switchboard:tcp' was seen right after UP).
     */
    private String once(String command) throws Exception {
        String[] out = new String[1];
        await(command + " in the shell", Duration.ofSeconds(60), () -> {
            out[0] = executeCommand(command);
            return true;
        });
        return out[0];
    }

    @Test
    public void clusterCommandAndMBeanShowTheOneMember() throws Exception {
        awaitUp(Duration.ofSeconds(120));
        String out = once("switchboard:cluster");
        String member = "127.0.0.1:" + PORTS.grid();
        String[] m = row(out, member);
        assertEquals(out, "*", m[2]);
        assertEquals(out, "271", m[4]);
        assertTrue(out, out.contains("ACTIVE"));

        MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
        ObjectName cluster = new ObjectName("io.switchboard:type=Cluster");
        awaitEquals("Cluster MBean", Duration.ofSeconds(30), member, () -> jmx.isRegistered(cluster)
                ? jmx.getAttribute(cluster, "LocalMember") : null);
        assertEquals(271, jmx.getAttribute(cluster, "PartitionCount"));
        assertEquals(1, jmx.getAttribute(cluster, "MemberCount"));
        assertEquals("ACTIVE", jmx.getAttribute(cluster, "ClusterState"));
    }

    @Test
    public void tcpDatabaseAndSseCommandsFindTheirServices() throws Exception {
        awaitUp(Duration.ofSeconds(120));
        String tcp = once("switchboard:tcp");
        assertTrue(tcp, tcp.contains("127.0.0.1:" + (39121 + Integer.getInteger(PORT_OFFSET, 0))));
        assertTrue(tcp, tcp.contains("no source has said hello"));

        String db = once("switchboard:database");
        String[] row = row(db, "switchboard");
        assertTrue(db, row[1].startsWith("jdbc:derby:"));
        assertEquals(db, "yes", row[5].trim());

        assertTrue(once("switchboard:sse-clients").contains("no event stream clients"));
    }

    @Test
    public void statOpenTailAndCloseFollowAStatisticAsEventsArrive() throws Exception {
        awaitUp(Duration.ofSeconds(120));
        String opened = once("switchboard:stat-open CallsEntered shelltest Queue sales");
        String[] cells = opened.split("\\R")[2].split("\\s*[|\u2502]\\s*");
        String ref = cells[0];
        assertTrue(opened, !ref.isBlank());
        assertEquals(opened, "0", cells[5]);

        CompletableFuture<String> tail = CompletableFuture.supplyAsync(() -> {
            try {
                return executeCommand("switchboard:stat-tail -n 2 " + ref);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        // The tail prints the current value once it has subscribed, then one line per notification.
        // When it subscribes is not visible from here, so calls keep entering until it has printed
        // two lines: the second must be a later, larger count (before, one event posted at once
        // could be applied before the subscription, and the tail waited for a second line forever).
        int seq = 0;
        while (!tail.isDone() && seq < 120) {
            seq++;
            HttpResponse<String> r = post("/api/v1/events", "{\"type\":\"CallQueued\",\"ts\":\"" + Instant.now()
                    + "\",\"source\":\"shell-it\",\"seq\":" + seq + ",\"tenant\":\"shelltest\",\"call\":\"c" + seq
                    + "\",\"queue\":\"sales\"}");
            assertEquals(r.body(), 200, r.statusCode());
            try {
                tail.get(500, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException notYet) {
                // the tail still waits for its lines
            }
        }
        String lines = tail.get(60, TimeUnit.SECONDS);
        String[] l = lines.trim().split("\\R");
        assertEquals(lines, 2, l.length);
        String prefix = ref + "  ";
        assertTrue(lines, l[0].contains(prefix) && l[1].contains(prefix));
        long first = Long.parseLong(l[0].substring(l[0].lastIndexOf(prefix) + prefix.length()).trim());
        long second = Long.parseLong(l[1].substring(l[1].lastIndexOf(prefix) + prefix.length()).trim());
        assertTrue(lines, second > first && second <= seq);

        String closed = executeCommand("switchboard:stat-close " + ref);
        assertTrue(closed, closed.contains("closed"));
    }

    @Test
    public void simulatorStartsAtARateAndStops() throws Exception {
        awaitUp(Duration.ofSeconds(120));
        assertTrue(row(once("switchboard:simulator"), "disabled")[0].startsWith("disabled"));

        executeCommand("switchboard:simulator-start -r 600");
        await("the simulator running and sending", Duration.ofSeconds(60), () -> {
            String[] r = rowOrNull(executeCommand("switchboard:simulator"), "running");
            return r != null && Long.parseLong(r[6].trim()) > 0 && r[5].startsWith("600");
        });
        executeCommand("switchboard:simulator-rate 60");
        await("the new rate", Duration.ofSeconds(30), () -> {
            String[] r = rowOrNull(executeCommand("switchboard:simulator"), "running");
            return r != null && r[5].trim().equals("60.0");
        });

        executeCommand("switchboard:simulator-stop");
        await("the simulator stopped", Duration.ofSeconds(30),
                () -> executeCommand("switchboard:simulator").contains("disabled"));
    }

    @Test
    public void completersOfferWhatTheContainerKnows() throws Exception {
        awaitUp(Duration.ofSeconds(120));
        for (String path : List.of("/api/v1/config/compl/Tenant/compl", "/api/v1/config/compl/Queue/q-east",
                "/api/v1/config/compl/Queue/q-west", "/api/v1/config/compl/Agent/ag-1",
                "/api/v1/config/compl/MediaType/sms")) {
            HttpResponse<String> r = send("PUT", path, "{}");
            assertEquals(r.body(), 200, r.statusCode());
        }
        assertTrue(complete("switchboard:peek CallsWaiting co").contains("compl"));
        assertEquals(List.of("q-east", "q-west"), complete("switchboard:peek -p Default CallsWaiting compl Queue q-"));
        assertTrue(complete("switchboard:peek -p To").contains("Today"));
        assertEquals(List.of("ag-1"), complete("switchboard:state compl Agent a"));
        assertTrue(complete("switchboard:stats -t co").contains("compl"));
        assertEquals(List.of("q-east", "q-west"), complete("switchboard:stat-open CallsWaiting compl Queue q-"));
        assertEquals(List.of("sms"), complete("switchboard:stat-open --media s"));
        assertTrue(complete("switchboard:stat-open CallsW").contains("CallsWaiting"));
    }

    /** What the console offers for the last word of {@code line}, from the command's own completer in the container. */
    private List<String> complete(String line) throws Exception {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        java.io.PrintStream out = new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8);
        org.apache.karaf.shell.api.console.Session session = sessionFactory().create(System.in, out, out);
        try {
            List<String> words = new java.util.ArrayList<>(Arrays.asList(line.split(" ")));
            String[] name = words.get(0).split(":");
            String last = words.get(words.size() - 1);
            org.apache.karaf.shell.api.console.Command[] found = new org.apache.karaf.shell.api.console.Command[1];
            await(words.get(0) + " in the shell", Duration.ofSeconds(60),
                    () -> (found[0] = session.getRegistry().getCommand(name[0], name[1])) != null);
            org.apache.karaf.shell.api.console.Command command = found[0];
            org.apache.karaf.shell.support.parsing.CommandLineImpl commandLine =
                    new org.apache.karaf.shell.support.parsing.CommandLineImpl(words.toArray(String[]::new),
                            words.size() - 1, last.length(), line.length(), line);
            List<String> candidates = new java.util.ArrayList<>();
            command.getCompleter(true).complete(session, commandLine, candidates);
            return candidates.stream().map(String::trim).sorted().distinct().toList();
        } finally {
            session.close();
        }
    }
}
