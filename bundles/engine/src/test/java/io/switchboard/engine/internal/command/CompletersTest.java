package io.switchboard.engine.internal.command;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;

import com.hazelcast.core.HazelcastInstance;
import io.switchboard.api.grid.GridCodec;
import io.switchboard.api.model.TimeProfileDefinition;
import io.switchboard.engine.internal.config.ConfigStore;
import io.switchboard.engine.internal.grid.GridEngine;
import io.switchboard.engine.internal.registry.StatRegistry;
import io.switchboard.grid.internal.CodecRegistry;
import io.switchboard.grid.internal.GridConfigFactory;
import io.switchboard.grid.internal.GridSettings;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.support.completers.FileCompleter;
import org.apache.karaf.shell.support.parsing.CommandLineImpl;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/** The engine's completers over the configuration and profiles of a real one-member grid. */
public class CompletersTest {

    private static HazelcastInstance hz;
    private static ConfigStore config;
    private static StatRegistry registry;

    @BeforeClass
    public static void grid() {
        CodecRegistry codecs = new CodecRegistry();
        for (GridCodec<?> c : GridEngine.codecs()) {
            codecs.add(c);
        }
        hz = GridConfigFactory.start(GridConfigFactory.config(
                new GridSettings("completers-16871", null, "127.0.0.1", 16871, 1, List.of("127.0.0.1:16871"), 1, 71),
                CompletersTest.class.getClassLoader(), codecs));
        config = new ConfigStore(hz);
        config.put("demo", "Tenant", "demo", Map.of());
        config.put("demo", "Queue", "sales", Map.of());
        config.put("demo", "Queue", "support", Map.of());
        config.put("demo", "Agent", "agent-001", Map.of());
        config.put("demo", "MediaType", "chat", Map.of());
        config.put("acme", "Agent", "ann", Map.of());
        config.put("acme", "Queue", "sales-vip", Map.of());
        registry = new StatRegistry(hz, p -> { });
        registry.putTimeProfile(new TimeProfileDefinition("Today", Map.of("type", "growing", "reset", "00:00")));
        registry.putTimeProfile(new TimeProfileDefinition("LastHour",
                Map.of("type", "sliding", "window", 3600, "step", 60)));
        registry.putTimeProfile(new TimeProfileDefinition("Last20Calls", Map.of("type", "selection", "count", 20)));
    }

    @AfterClass
    public static void shutdown() {
        if (registry != null) {
            registry.close();
        }
        if (hz != null) {
            hz.getLifecycleService().terminate();
        }
    }

    @Test
    public void tenantsAreThoseWithConfiguredObjects() {
        TenantCompleter c = new TenantCompleter();
        c.config = config;
        assertEquals(List.of("acme", "demo"), complete(c, "switchboard:state "));
        assertEquals(List.of("demo"), complete(c, "switchboard:peek CallsWaiting d"));
        assertEquals(List.of("acme"), complete(c, "switchboard:stats -t a"));
    }

    @Test
    public void objectIdsAreThoseOfTheTenantAndTypeOnTheLine() {
        ObjectIdCompleter c = new ObjectIdCompleter();
        c.config = config;
        assertEquals(List.of("sales", "support"), complete(c, "switchboard:peek -p Today CallsWaiting demo Queue "));
        assertEquals(List.of("agent-001"), complete(c, "switchboard:state demo Agent "));
        assertEquals(List.of("ann"), complete(c, "switchboard:state acme Agent a"));
        // a type without configured objects of the tenant: every object of it, never its media types
        assertEquals(List.of("agent-001", "demo", "sales", "support"), complete(c, "switchboard:state demo DN "));
    }

    @Test
    public void withoutConfigurationThereIsNothingToOffer() {
        assertEquals(List.of(), complete(new TenantCompleter(), "switchboard:state "));
        assertEquals(List.of(), complete(new ObjectIdCompleter(), "switchboard:state demo Agent "));
    }

    @Test
    public void profilesAreTheDefinedOnes() {
        assertEquals(new TreeSet<>(Set.of("Last20Calls", "LastHour", "Today")),
                ProfileCompleter.names(registry.timeProfiles()));
    }

    /** Every argument and option that takes a value completes it: the shell offers what to type. */
    @Test
    public void everyValueOfEveryCommandHasACompleter() throws Exception {
        List<String> missing = new ArrayList<>();
        for (Class<?> command : List.of(PeekCommand.class, StateCommand.class, StatsCommand.class,
                BackupCommand.class, RestoreCommand.class)) {
            for (Field f : command.getDeclaredFields()) {
                boolean takesValue = f.isAnnotationPresent(Argument.class)
                        || f.isAnnotationPresent(Option.class) && f.getType() != boolean.class;
                if (takesValue && !f.isAnnotationPresent(Completion.class)) {
                    missing.add(command.getSimpleName() + "." + f.getName());
                }
            }
        }
        assertEquals(List.of(), missing);
        Completion file = BackupCommand.class.getDeclaredField("file").getAnnotation(Completion.class);
        assertNotNull(file);
        assertEquals(FileCompleter.class, file.value());
        assertEquals(FileCompleter.class,
                RestoreCommand.class.getDeclaredField("file").getAnnotation(Completion.class).value());
    }

    /** The candidates for the last word of the line (a trailing space starts a new word), as the console asks. */
    static List<String> complete(Completer completer, String line) {
        List<String> words = new ArrayList<>(Arrays.asList(line.trim().split("\\s+")));
        if (line.endsWith(" ")) {
            words.add("");
        }
        String last = words.get(words.size() - 1);
        CommandLineImpl commandLine = new CommandLineImpl(words.toArray(String[]::new), words.size() - 1,
                last.length(), line.length(), line);
        List<String> candidates = new ArrayList<>();
        completer.complete(null, commandLine, candidates);
        List<String> trimmed = new ArrayList<>();
        for (String c : candidates) {
            trimmed.add(c.trim());
        }
        Collections.sort(trimmed);
        return trimmed;
    }
}
