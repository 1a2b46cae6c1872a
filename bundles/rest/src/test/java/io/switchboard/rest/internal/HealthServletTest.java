package io.switchboard.rest.internal;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

public class HealthServletTest {

    @Test
    public void everyPartRunningIsUpOnlyOnceKarafHasStartedItsBootFeatures() {
        assertEquals("UP", HealthServlet.status(true, true, true, true, true));
        // the interaction API's bundle may still be starting: a client told UP would post to the not-found servlet
        assertEquals("DEGRADED", HealthServlet.status(true, true, true, true, false));
    }

    @Test
    public void aMissingPartDegradesAndNoGridBusOrEngineIsDown() {
        assertEquals("DEGRADED", HealthServlet.status(true, true, true, false, true));
        assertEquals("DEGRADED", HealthServlet.status(true, false, true, true, true));
        assertEquals("DOWN", HealthServlet.status(false, false, false, true, true));
        assertEquals("DOWN", HealthServlet.status(false, false, false, false, false));
    }
}
