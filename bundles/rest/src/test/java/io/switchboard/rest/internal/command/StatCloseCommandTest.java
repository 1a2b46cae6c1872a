package io.switchboard.rest.internal.command;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.switchboard.api.model.StatValue;
import java.util.List;
import org.junit.Test;

public class StatCloseCommandTest {

    private final FakeStats stats = new FakeStats();

    private StatCloseCommand command(String... refs) {
        StatCloseCommand c = new StatCloseCommand();
        c.stats = stats;
        c.refs = List.of(refs);
        return c;
    }

    @Test
    public void closesEachRefAndPrintsTheResult() throws Exception {
        stats.values.put("r1", new StatValue(1, 1, false));
        stats.values.put("r2", new StatValue(2, 1, false));

        String out = Shell.run(command("r1", "r2"));

        String[] lines = out.split("\\R");
        assertTrue(out, lines[0].matches("Ref \\| Result\\s*"));
        assertTrue(out, lines[2].matches("r1\\s+\\| closed\\s*"));
        assertTrue(out, lines[3].matches("r2\\s+\\| closed\\s*"));
    }

    @Test
    public void anUnknownRefIsShownAndFailsTheCommand() {
        stats.values.put("r1", new StatValue(1, 1, false));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Shell.run(command("r1", "gone")));

        assertEquals("1 of 2 refs unknown", e.getMessage());
    }
}
