package io.switchboard.engine.internal.registry;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

import io.switchboard.api.SwitchboardException;
import io.switchboard.api.model.StatType;
import java.util.List;
import org.junit.Test;

public class StatTypeCheckTest {

    private static StatType formula(String text) {
        return new StatType("F", List.of(), "Formula", StatType.Subject.Action, List.of(), List.of(), null, text);
    }

    @Test
    public void aFormulaWithASyntaxErrorIsRefusedWhenDefinedAndNamesTheField() {
        for (String bad : List.of("(((((", "A +", "A B", "2 * (A")) {
            try {
                StatRegistry.check(formula(bad));
                fail("accepted " + bad);
            } catch (SwitchboardException e) {
                assertEquals(bad, 400, e.code());
                assertEquals(bad, "statType.formula", e.detail());
            }
        }
        // names of stat types defined later are fine until the formula is evaluated
        StatRegistry.check(formula("Later * 2 + (Other - 1) / 3"));
    }
}
