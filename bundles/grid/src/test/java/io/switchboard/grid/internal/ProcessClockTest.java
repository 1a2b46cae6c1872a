package io.switchboard.grid.internal;

import static org.junit.Assert.assertEquals;

import io.switchboard.api.cluster.ClusterClock;
import org.junit.Test;

public class ProcessClockTest {

    @Test
    public void anOffsetIsMillisecondsEitherWayAndAnythingElseIsNone() {
        assertEquals(-90_000, ClusterClock.offsetMillis("-90000"));
        assertEquals(1500, ClusterClock.offsetMillis(" 1500 "));
        assertEquals(0, ClusterClock.offsetMillis(null));
        assertEquals(0, ClusterClock.offsetMillis(""));
        assertEquals(0, ClusterClock.offsetMillis("90s"));
    }
}
