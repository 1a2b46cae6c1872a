package io.switchboard.category.percentile.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import io.switchboard.api.model.ObjectRef;
import io.switchboard.api.model.StatType;
import io.switchboard.api.stats.CategoryPlugin;
import io.switchboard.api.stats.FinishedAction;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class PercentileCategoryTest {

    private static CategoryPlugin.Input input(List<FinishedAction> finished) {
        return new CategoryPlugin.Input() {
            @Override
            public StatType statType() {
                return null;
            }

            @Override
            public ObjectRef object() {
                return null;
            }

            @Override
            public long t() {
                return 0;
            }

            @Override
            public long intervalStart() {
                return 0;
            }

            @Override
            public List<FinishedAction> finished() {
                return finished;
            }

            @Override
            public boolean inMask(String action) {
                return "CallAnswered".equals(action);
            }
        };
    }

    @Test
    public void nearestRankPercentileOfTheMaskActionsInSeconds() {
        List<FinishedAction> actions = new ArrayList<>();
        // answered after 1..10 s, plus an abandoned call of 100 s that is not in the mask
        for (int s = 1; s <= 10; s++) {
            actions.add(new FinishedAction("CallAnswered", 0, s * 1000L, true, "voice", Map.of()));
        }
        actions.add(new FinishedAction("CallAbandoned", 0, 100_000, true, "voice", Map.of()));
        assertEquals(9.0, new PercentileCategory("P90", 90).compute(input(actions)));
        assertEquals(5.0, new PercentileCategory("P50", 50).compute(input(actions)));
        assertEquals(10.0, new PercentileCategory("P100", 100).compute(input(actions)));
        assertNull(new PercentileCategory("P90", 90).compute(input(List.of())));
    }
}
