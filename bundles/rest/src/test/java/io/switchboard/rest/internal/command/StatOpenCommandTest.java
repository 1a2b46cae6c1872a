package io.switchboard.rest.internal.command;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.switchboard.api.model.ObjectType;
import io.switchboard.api.stats.Notification;
import io.switchboard.api.stats.StatRequest;
import io.switchboard.rest.internal.KnownRefs;
import java.util.List;
import org.junit.Test;

public class StatOpenCommandTest {

    private final FakeStats stats = new FakeStats().type("CallsWaiting");

    private StatOpenCommand command(String statType, String tenant, String type, String id) {
        StatOpenCommand c = new StatOpenCommand();
        c.stats = stats;
        c.statType = statType;
        c.tenant = tenant;
        c.type = type;
        c.id = id;
        return c;
    }

    @Test
    public void opensInThePoolAndPrintsRefValueAndTime() throws Exception {
        String out = Shell.run(command("CallsWaiting", "demo", "Queue", "sales"));

        StatRequest r = stats.opened.get(0);
        assertEquals(ObjectType.Queue, r.object().type());
        assertEquals("sales", r.object().id());
        assertEquals("Default", r.timeProfile());
        assertEquals(Notification.CHANGES, stats.notifications.get(0));
        String[] lines = out.split("\\R");
        assertTrue(out, lines[0].matches("Ref\\s+\\| Stat type\\s+\\| Object\\s+\\| Profile \\| Mode\\s+\\| Value \\| At\\s*"));
        assertTrue(out, lines[2].matches("ref-1 \\| CallsWaiting \\| demo/Queue/sales \\| Default\\s+\\| changes \\| 7\\s+\\| "
                + "2023-11-14T22:13:20Z\\s*"));
        assertTrue(KnownRefs.all().contains("ref-1"));
    }

    @Test
    public void passesProfileNotificationAndMediaFilter() throws Exception {
        StatOpenCommand c = command("CallsWaiting", "demo", "Queue", "sales");
        c.profile = "Shift";
        c.mode = "periodic";
        c.frequency = 5;
        c.insensitivity = 10;
        c.media = List.of("voice,chat", "email");

        Shell.run(c);

        assertEquals("Shift", stats.opened.get(0).timeProfile());
        assertEquals(List.of("voice", "chat", "email"), stats.opened.get(0).filter().media());
        assertEquals(new Notification(Notification.Mode.periodic, 10, 5), stats.notifications.get(0));
    }

    @Test
    public void unknownStatTypeObjectTypeOrModeOpensNothingAndSaysWhich() {
        assertEquals("unknown stat type 'Nope'", assertThrows(IllegalArgumentException.class,
                () -> Shell.run(command("Nope", "demo", "Queue", "sales"))).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> Shell.run(command("CallsWaiting", "demo", "Queues", "sales"))).getMessage()
                .startsWith("unknown object type 'Queues'"));
        StatOpenCommand badMode = command("CallsWaiting", "demo", "Queue", "sales");
        badMode.mode = "sometimes";
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Shell.run(badMode)).getMessage()
                .startsWith("unknown notification mode 'sometimes'"));
        assertTrue(stats.opened.isEmpty());
    }
}
