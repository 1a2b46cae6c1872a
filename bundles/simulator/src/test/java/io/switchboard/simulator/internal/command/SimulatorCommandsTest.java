package io.switchboard.simulator.internal.command;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.switchboard.simulator.internal.SimulatorControl;
import io.switchboard.simulator.internal.SimulatorStatus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.support.parsing.CommandLineImpl;
import org.junit.Test;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

public class SimulatorCommandsTest {

    /** Configuration Admin holding the simulator's one configuration, as Felix's would. */
    private Dictionary<String, Object> stored;
    private int updates;

    private final ConfigurationAdmin configAdmin = (ConfigurationAdmin) Proxy.newProxyInstance(
            getClass().getClassLoader(), new Class<?>[] {ConfigurationAdmin.class}, (p, m, args) -> {
                if (m.getName().equals("getConfiguration") && SimulatorControl.PID.equals(args[0])) {
                    return configuration();
                }
                throw new UnsupportedOperationException(m.getName());
            });

    private Configuration configuration() {
        return (Configuration) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {Configuration.class}, (p, m, args) -> switch (m.getName()) {
                    case "getProperties" -> stored == null ? null : copy(stored);
                    case "update" -> {
                        @SuppressWarnings("unchecked")
                        Dictionary<String, Object> d = (Dictionary<String, Object>) args[0];
                        stored = copy(d);
                        updates++;
                        yield null;
                    }
                    case "getPid" -> SimulatorControl.PID;
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    private static Dictionary<String, Object> copy(Dictionary<String, Object> d) {
        Hashtable<String, Object> c = new Hashtable<>();
        for (var e = d.keys(); e.hasMoreElements();) {
            String k = e.nextElement();
            c.put(k, d.get(k));
        }
        return c;
    }

    private static String run(Action a) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            a.execute();
        } finally {
            System.setOut(original);
        }
        return bytes.toString(StandardCharsets.UTF_8).replace('\u2502', '|');
    }

    private static String[] row(String out) {
        return out.split("\\R")[2].split("\\s*\\|\\s*");
    }

    @Test
    public void withoutConfigurationTheStatusSaysHowToStartIt() throws Exception {
        SimulatorCommand c = new SimulatorCommand();
        c.configAdmin = configAdmin;

        String out = run(c);

        assertTrue(out, out.split("\\R")[0].matches(
                "State\\s+\\| Tenant \\| Source \\| Agents \\| Queues \\| Calls/min \\| Events sent"));
        assertTrue(out, row(out)[0].startsWith("not configured"));
    }

    @Test
    public void startConfiguresAndEnablesItAtTheGivenRate() throws Exception {
        SimulatorStartCommand c = new SimulatorStartCommand();
        c.configAdmin = configAdmin;
        c.rate = 30.0;

        String[] row = row(run(c));

        assertEquals(Boolean.TRUE, stored.get("enabled"));
        assertEquals(30.0, stored.get("callsPerMinute"));
        assertEquals("rate and enabled in one update (a second could be undone by etc/'s watcher)", 1, updates);
        assertEquals("starting", row[0]);
        assertEquals("demo", row[1]);
        assertEquals("30.0", row[5]);
    }

    @Test
    public void stopDisablesAndKeepsTheRestOfTheConfiguration() throws Exception {
        stored = new Hashtable<>();
        stored.put("tenant", "acme");
        stored.put("queues", new String[] {"q1", "q2"});
        stored.put("enabled", true);
        SimulatorStopCommand c = new SimulatorStopCommand();
        c.configAdmin = configAdmin;

        String[] row = row(run(c));

        assertEquals(Boolean.FALSE, stored.get("enabled"));
        assertEquals("acme", stored.get("tenant"));
        assertEquals("acme", row[1]);
        assertEquals("q1,q2", row[4]);
    }

    @Test
    public void stoppingWhatIsNotConfiguredFailsAndChangesNothing() {
        SimulatorStopCommand c = new SimulatorStopCommand();
        c.configAdmin = configAdmin;

        assertThrows(IllegalStateException.class, () -> run(c));
        assertNull(stored);
    }

    @Test
    public void rateChangesOnlyTheRateAndRefusesNonPositiveOnes() throws Exception {
        stored = new Hashtable<>();
        stored.put("enabled", true);
        SimulatorRateCommand c = new SimulatorRateCommand();
        c.configAdmin = configAdmin;
        c.callsPerMinute = 120;

        assertEquals("120.0", row(run(c))[5]);
        assertEquals(Boolean.TRUE, stored.get("enabled"));

        c.callsPerMinute = 0;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> run(c));
        assertEquals("callsPerMinute must be a positive number, not 0.0", e.getMessage());
        assertEquals(120.0, stored.get("callsPerMinute"));
        assertEquals(1, updates);
    }

    @Test
    public void statusShowsTheRunningSimulatorsEventsOrWhyItIsIdle() throws Exception {
        stored = new Hashtable<>();
        stored.put("callsPerMinute", "12");
        SimulatorCommand c = new SimulatorCommand();
        c.configAdmin = configAdmin;
        c.status = status(null, 42);
        String[] running = row(run(c));
        assertEquals("running", running[0]);
        assertEquals("42", running[6].trim());

        c.status = status("disabled (enabled = false)", 0);
        assertEquals("disabled (enabled = false)", row(run(c))[0]);
    }

    @Test
    public void rateCompletesTheUsualRatesAndTheConfiguredOne() {
        stored = new Hashtable<>();
        stored.put("callsPerMinute", 45.0);
        RateCompleter completer = new RateCompleter();
        completer.configAdmin = configAdmin;
        List<String> candidates = new ArrayList<>();
        String[] words = {"switchboard:simulator-rate", "4"};
        completer.complete(null, new CommandLineImpl(words, 1, 1, 28, "switchboard:simulator-rate 4"), candidates);
        candidates.replaceAll(String::trim);

        assertEquals(List.of("45.0"), candidates);
    }

    private static SimulatorStatus status(String idle, long sent) {
        return new SimulatorStatus() {
            @Override
            public String idleReason() {
                return idle;
            }

            @Override
            public long eventsSent() {
                return sent;
            }
        };
    }
}
