package io.switchboard.engine.internal.registry;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.switchboard.api.SwitchboardException;
import io.switchboard.api.model.ObjectType;
import io.switchboard.api.model.StatType;
import io.switchboard.api.model.TimeProfileDefinition;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class RegistrySeedsTest {

    @Test
    public void theShippedStatTypesAndTimeProfilesAreValid() throws Exception {
        Map<String, StatType> types = RegistrySeeds.statTypes(Paths.get("../../etc/switchboard-stattypes.json"));
        assertTrue(types.keySet().toString(), types.keySet().containsAll(List.of("CallsWaiting", "OldestWaiting",
                "CallsAnswered", "CallsAbandoned", "ASA", "AHT", "ServiceLevel20s", "AgentsReady", "AgentsNotReady",
                "AgentsTalking", "Occupancy")));
        types.values().forEach(StatRegistry::check);
        Map<String, TimeProfileDefinition> profiles = RegistrySeeds.timeProfiles(
                Paths.get("../../etc/switchboard-timeprofiles.json"));
        assertTrue(profiles.containsKey("Default"));
        profiles.values().forEach(StatRegistry::checkProfile);
    }

    private static void assertRejected(StatType t, String detail) {
        try {
            StatRegistry.check(t);
            fail("expected rejection of " + t);
        } catch (SwitchboardException e) {
            assertEquals(400, e.code());
            assertEquals(e.error(), detail, e.detail());
        }
    }

    @Test
    public void statTypesTheEngineCannotEvaluateAreRejectedByField() {
        List<ObjectType> q = List.of(ObjectType.Queue);
        assertRejected(new StatType("x", q, "TotalNumber", StatType.Subject.Action, List.of("CallWaited"), List.of(),
                null, null), "statType.mask");
        assertRejected(new StatType("x", q, "TotalNumber", StatType.Subject.Action, List.of(), List.of(), null, null),
                "statType.mask");
        assertRejected(new StatType("x", q, "ServiceFactor", StatType.Subject.Action, List.of("CallAnswered"),
                List.of("CallAnswered"), null, null), "statType.range");
        assertRejected(new StatType("x", q, "ServiceFactor", StatType.Subject.Action, List.of("CallAnswered"),
                List.of(), new double[] {0, 20}, null), "statType.relMask");
        assertRejected(new StatType("x", q, "Formula", StatType.Subject.Action, List.of(), List.of(), null, null),
                "statType.formula");
        assertRejected(new StatType("x", q, "Sometimes", StatType.Subject.Action, List.of(), List.of(), null, null),
                "statType.category");
    }
}
