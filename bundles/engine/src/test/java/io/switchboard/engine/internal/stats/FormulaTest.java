package io.switchboard.engine.internal.stats;

import static io.switchboard.engine.internal.stats.Fixtures.DAILY;
import static io.switchboard.engine.internal.stats.Fixtures.assertValue;
import static io.switchboard.engine.internal.stats.Fixtures.at;
import static io.switchboard.engine.internal.stats.Fixtures.ended;
import static io.switchboard.engine.internal.stats.Fixtures.formula;
import static io.switchboard.engine.internal.stats.Fixtures.media;
import static io.switchboard.engine.internal.stats.Fixtures.started;
import static io.switchboard.engine.internal.stats.Fixtures.type;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.switchboard.api.model.ObjectType;
import io.switchboard.api.model.StatType;
import io.switchboard.api.stats.StatRequest.Filter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.Test;

public class FormulaTest {

    private static final Map<String, Value> VALUES = Map.of(
            "Calls", Value.of(4L), "TalkTime", Value.of(1000.0), "Zero", Value.of(0L),
            "Nothing", Value.NULL, "Half", new Value(0.5, true));

    private static Value eval(String text) {
        return Formula.parse(text).evaluate(VALUES::get);
    }

    @Test
    public void arithmeticFollowsPrecedenceAndKeepsCountsWhole() {
        Object[][] rows = {
                // expression, expected
                {"1 + 2 * 3", 7L},
                {"(1 + 2) * 3", 9L},
                {"10 - 4 - 3", 3L},  // left-associative
                {"-Calls + 10", 6L},
                {"2 * -3", -6L},
                {"Calls * 2", 8L},
                {"TalkTime / Calls", 250.0},
                {"7 / 2", 3.5},  // division always gives a double
                {"8 / 2", 4.0},
                {"1.5 * 2", 3.0},
                {"100 * (Calls - 1) / Calls", 75.0},
                {"((Calls))", 4L},
                {"2.5e1 + 0", 25.0},
                {"\"Calls\" + 1", 5L},  // quoted name
                {"TalkTime / Zero", null},  // division by zero
                {"TalkTime / (Calls - 4)", null},
                {"Nothing + 1", null},  // any null operand
                {"0 * Nothing", null},
        };
        for (Object[] row : rows) {
            assertValue((String) row[0], (Number) row[1], eval((String) row[0]));
        }
    }

    @Test
    public void partialOperandsMakeThePartialFlag() {
        assertEquals(true, eval("Calls + Half").partial());
        assertEquals(false, eval("Calls + 1").partial());
        assertEquals(Set.of("Calls", "Half"), Formula.parse("Calls * (Half + Calls)").references());
    }

    @Test
    public void syntaxErrorsNameThePosition() {
        String[][] rows = {
                // expression, expected fragment
                {"Calls +", "position 8"},
                {"(Calls", "position 7"},
                {"Calls $ 2", "position 7"},
                {"Calls 2", "position 7"},
                {"* 2", "position 1"},
                {"2 + )", "position 5"},
                {"3x", "position 2"},
                {"\"Calls", "position 1"},
                {"1e", "position 2"},
        };
        for (String[] row : rows) {
            try {
                Formula.parse(row[0]);
                fail(row[0] + " must be rejected");
            } catch (IllegalArgumentException e) {
                assertTrue(row[0] + ": " + e.getMessage(), e.getMessage().contains(row[1]));
            }
        }
        for (String empty : new String[] {"", "  ", null}) {
            try {
                Formula.parse(empty);
                fail("empty formula must be rejected");
            } catch (IllegalArgumentException expected) {
                assertTrue(expected.getMessage().contains("empty"));
            }
        }
    }

    @Test
    public void unknownNamesAreRejected() {
        try {
            eval("Calls + Missing");
            fail();
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("Missing"));
        }
    }

    /** Talk: voice 100 s and 200 s, chat 300 s. */
    private static ActionHistory agent() {
        return Fixtures.history(ended("CallInbound", "08:00:00", "08:01:40").call("a"),
                ended("CallInbound", "08:10:00", "08:13:20").call("b"),
                ended("CallInbound", "08:20:00", "08:25:00").call("c").media("chat"),
                started("LoggedIn", "07:00:00"));
    }

    private static Function<String, StatType> types(StatType... list) {
        Map<String, StatType> m = new HashMap<>();
        for (StatType t : list) {
            m.put(t.name(), t);
        }
        m.put("Inbound", rename(type("TotalNumber", "CallInbound"), "Inbound"));
        m.put("InboundTime", rename(type("TotalTime", "CallInbound"), "InboundTime"));
        m.put("Dialing", rename(type("AverageTime", "CallDialing"), "Dialing"));
        return m::get;
    }

    private static StatType rename(StatType t, String name) {
        return new StatType(name, t.objects(), t.category(), t.subject(), t.mask(), t.relMask(), t.range(),
                t.formula());
    }

    private static Value evaluate(StatType f, Function<String, StatType> types, Filter filter) {
        ActionHistory h = agent();
        return StatEvaluator.evaluate(f, ObjectType.Agent, h, DAILY, at("09:00:00"), filter,
                StatEvaluator.resolver(types, ObjectType.Agent, h, DAILY, at("09:00:00"), filter));
    }

    @Test
    public void formulaStatTypesUseOtherStatTypesOfTheSameObjectWithTheRequestsProfileAndFilter() {
        StatType avg = formula("AvgTalk", "InboundTime / Inbound");
        StatType nested = formula("Nested", "AvgTalk * 2");
        StatType byZero = formula("ByZero", "InboundTime / (Inbound - 3)");
        StatType withNull = formula("WithNull", "Dialing + 1");
        Function<String, StatType> types = types(avg, nested, byZero, withNull);
        Object[][] rows = {
                // (100 + 200 + 300) / 3
                {avg, Filter.NONE, 200.0},
                {nested, Filter.NONE, 400.0},
                // the request's filter applies to the operands: voice (100 + 200) / 2
                {avg, media("voice"), 150.0},
                {byZero, Filter.NONE, null},
                // no dialing: AverageTime null, so the formula is null
                {withNull, Filter.NONE, null},
        };
        for (Object[] row : rows) {
            StatType f = (StatType) row[0];
            assertValue(f.name() + " " + row[1], (Number) row[2], evaluate(f, types, (Filter) row[1]));
        }
    }

    @Test
    public void aFormulaReferringToItselfIsRejected() {
        StatType a = formula("A", "B + 1");
        StatType b = formula("B", "A * 2");
        try {
            evaluate(a, types(a, b), Filter.NONE);
            fail();
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("itself"));
        }
    }

    @Test
    public void aFormulaWithASyntaxErrorIsRejectedByValidation() {
        try {
            StatEvaluator.validate(formula("Bad", "Inbound */ 2"), DAILY);
            fail();
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("position 10"));
        }
    }

    @Test
    public void unknownCategoriesAndMasksAreRejected() {
        List<StatType> bad = List.of(type("Bogus", "CallInbound"), type("TotalNumber", "CallFlying"),
                type("CurrentState"), type("Java:MyPlugin", "CallInbound"));
        for (StatType t : bad) {
            try {
                StatEvaluator.validate(t, DAILY);
                fail(t.category() + " " + t.mask());
            } catch (IllegalArgumentException expected) {
                // a 400 for the client
            }
        }
    }
}
