package io.switchboard.licensing.internal.management;

import static org.junit.Assert.assertEquals;

import io.switchboard.api.licensing.Licenses;
import io.switchboard.api.licensing.LicensingService;
import io.switchboard.api.licensing.Seat;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.Test;

/** Read as the metrics collector reads it: SeatsUsed as a map of node → seats. */
public class LicensingManagementTest {

    @Test
    public void seatsUsedCapacityAndSeatsReadThroughTheMBeanServer() throws Exception {
        LicensingService l = new LicensingService() {
            @Override
            public Licenses licenses() {
                return new Licenses(List.of(new Licenses.NodeSeats("n1", 30, 2, true),
                        new Licenses.NodeSeats("n2", null, 1, true)), 30);
            }

            @Override
            public List<Seat> seats() {
                return List.of(new Seat("n1", "acme", "ann", 1), new Seat("n1", "acme", "bob", 2),
                        new Seat("n2", "acme", "ann", 1));
            }
        };
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName("io.switchboard:type=Licensing");
        server.registerMBean(new LicensingManagement(l), name);
        try {
            assertEquals(Map.of("n1", 2, "n2", 1), server.getAttribute(name, "SeatsUsed"));
            assertEquals(Map.of("n1", 30, "n2", -1), server.getAttribute(name, "Seats"));
            assertEquals(30, server.getAttribute(name, "Capacity"));
            assertEquals(2, server.getAttribute(name, "AgentsSeated"));
        } finally {
            server.unregisterMBean(name);
        }
    }
}
