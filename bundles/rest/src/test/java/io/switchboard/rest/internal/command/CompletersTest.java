package io.switchboard.rest.internal.command;

import static org.junit.Assert.assertEquals;

import io.switchboard.rest.internal.KnownRefs;
import io.switchboard.rest.internal.StatsServlet;
import io.switchboard.rest.internal.StreamInfo;
import java.util.List;
import org.junit.Test;

public class CompletersTest {

    private final FakeConfig config = new FakeConfig()
            .with("demo", "Tenant", "demo").with("demo", "Queue", "sales").with("demo", "Queue", "support")
            .with("demo", "Agent", "a1").with("acme", "Queue", "sales-vip");

    @Test
    public void statTypesCompleteByPrefix() {
        StatTypeCompleter c = new StatTypeCompleter();
        c.stats = new FakeStats().type("CallsWaiting").type("CallsAnswered").type("AgentStatus");

        assertEquals(List.of("CallsAnswered", "CallsWaiting"), Shell.complete(c, "switchboard:stat-open Calls"));
        assertEquals(List.of("AgentStatus", "CallsAnswered", "CallsWaiting"),
                Shell.complete(c, "switchboard:stat-open "));
    }

    @Test
    public void profilesComplete() {
        ProfileCompleter c = new ProfileCompleter();
        c.stats = new FakeStats().profile("Default").profile("Shift").profile("Sliding5");

        assertEquals(List.of("Shift", "Sliding5"), Shell.complete(c, "switchboard:stat-open -p S"));
    }

    @Test
    public void tenantsAreThoseWithConfiguredObjects() {
        TenantCompleter c = new TenantCompleter();
        c.config = config;

        assertEquals(List.of("acme", "demo"), Shell.complete(c, "switchboard:stat-open CallsWaiting "));
        assertEquals(List.of("demo"), Shell.complete(c, "switchboard:stat-open CallsWaiting d"));
    }

    @Test
    public void withoutConfigurationThereIsNothingToOffer() {
        assertEquals(List.of(), Shell.complete(new TenantCompleter(), "switchboard:stat-open CallsWaiting "));
        assertEquals(List.of(), Shell.complete(new ObjectIdCompleter(), "switchboard:stat-open CallsWaiting demo Queue "));
    }

    @Test
    public void objectTypesComplete() {
        assertEquals(List.of("Queue", "QueueGroup"),
                Shell.complete(new ObjectTypeCompleter(), "switchboard:stat-open CallsWaiting demo Que"));
    }

    @Test
    public void objectIdsAreThoseOfTheTenantAndTypeOnTheLine() {
        ObjectIdCompleter c = new ObjectIdCompleter();
        c.config = config;

        assertEquals(List.of("sales", "support"),
                Shell.complete(c, "switchboard:stat-open -p Default CallsWaiting demo Queue "));
        assertEquals(List.of("a1"), Shell.complete(c, "switchboard:stat-open AgentStatus demo Agent "));
        assertEquals(List.of("sales-vip"), Shell.complete(c, "switchboard:stat-open CallsWaiting acme Queue s"));
    }

    @Test
    public void refsAreThoseOpenedHereAndThoseTheStreamsFollow() {
        KnownRefs.add("opened-1");
        RefCompleter c = new RefCompleter();
        c.streams = () -> List.of(new StreamInfo("127.0.0.1:1", 1, List.of("streamed-1", "opened-1"), 0, 0));

        assertEquals(List.of("opened-1"), Shell.complete(c, "switchboard:stat-tail op"));
        assertEquals(List.of("streamed-1"), Shell.complete(c, "switchboard:stat-tail str"));
    }

    @Test
    public void mediaAreTheBuiltInAndTheConfiguredOnes() {
        MediaCompleter c = new MediaCompleter();
        assertEquals(List.of("chat", "email", "voice"), Shell.complete(c, "switchboard:stat-open --media "));
        c.config = new FakeConfig().with("demo", "MediaType", "sms").with("demo", "Queue", "sales");
        assertEquals(List.of("sms"), Shell.complete(c, "switchboard:stat-open --media s"));
        assertEquals(List.of("chat", "email", "sms", "voice"), Shell.complete(c, "switchboard:stat-open --media "));
    }

    /** Every argument and option that takes a value completes it, so the shell can offer what to type. */
    @Test
    public void everyValueOfEveryCommandHasACompleter() {
        List<String> missing = new java.util.ArrayList<>();
        for (Class<?> command : List.of(StatOpenCommand.class, StatCloseCommand.class, StatTailCommand.class,
                SseClientsCommand.class)) {
            for (java.lang.reflect.Field f : command.getDeclaredFields()) {
                boolean takesValue = f.isAnnotationPresent(org.apache.karaf.shell.api.action.Argument.class)
                        || f.isAnnotationPresent(org.apache.karaf.shell.api.action.Option.class)
                        && f.getType() != boolean.class;
                if (takesValue && !f.isAnnotationPresent(org.apache.karaf.shell.api.action.Completion.class)) {
                    missing.add(command.getSimpleName() + "." + f.getName());
                }
            }
        }
        assertEquals(List.of(), missing);
    }
}
