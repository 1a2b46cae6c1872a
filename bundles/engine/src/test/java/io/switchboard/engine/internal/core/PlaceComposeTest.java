package io.switchboard.engine.internal.core;

import static org.junit.Assert.assertEquals;

import io.switchboard.api.model.ObjectState;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.Test;

/** The place's composed points from one sweep equal each agent looked up at each point. */
public class PlaceComposeTest {

    private static final List<String> STATUSES = List.of(Actions.LOGGED_OUT, "WaitForNextCall", "NotReadyForNextCall",
            "CallInbound", "CallRinging", "AfterCallWork", "CallOnHold");

    /** What the place did before the sweep: every point, every agent's status there. */
    private static TreeMap<Long, String> lookedUp(List<PlaceState.Contribution> agents, long ts) {
        TreeSet<Long> points = new TreeSet<>();
        points.add(ts);
        for (PlaceState.Contribution each : agents) {
            points.addAll(each.timeline().tailMap(ts).keySet());
        }
        TreeMap<Long, String> out = new TreeMap<>();
        for (long p : points) {
            String composed = Actions.LOGGED_OUT;
            for (PlaceState.Contribution each : agents) {
                composed = StatusPriority.DEFAULT.higher(composed, each.statusAt(p, StatusPriority.DEFAULT));
            }
            out.put(p, composed);
        }
        return out;
    }

    @Test
    public void theSweepGivesEveryPointTheHighestStatusOfItsAgentsAsALookupAtEachPointDoes() {
        Random r = new Random(20261207);
        for (int round = 0; round < 5000; round++) {
            List<PlaceState.Contribution> agents = new ArrayList<>();
            int n = 1 + r.nextInt(5);
            for (int a = 0; a < n; a++) {
                TreeMap<Long, String> timeline = new TreeMap<>();
                int changes = r.nextInt(8);
                for (int c = 0; c < changes; c++) {
                    timeline.put(1000L + r.nextInt(60) * 10, STATUSES.get(r.nextInt(STATUSES.size())));
                }
                List<ObjectState.EndpointStatus> endpoints = r.nextBoolean() ? List.of()
                        : List.of(new ObjectState.EndpointStatus("dn" + a, "voice", STATUSES.get(r.nextInt(STATUSES.size())), null, null));
                agents.add(new PlaceState.Contribution(endpoints, List.of(), timeline));
            }
            // before, at and between the changes, after them all
            long ts = 990L + r.nextInt(64) * 10 + (r.nextBoolean() ? 0 : 5);
            TreeMap<Long, String> swept = new TreeMap<>();
            PlaceState.composeFrom(agents, ts, StatusPriority.DEFAULT, swept);
            assertEquals("round " + round + ", ts " + ts + ", agents " + agents, lookedUp(agents, ts), swept);
        }
    }
}
