package io.switchboard.rest.internal;

import static org.junit.Assert.assertEquals;

import io.switchboard.api.licensing.Licenses;
import java.util.List;
import org.junit.Test;

public class LicensesServletTest {

    @Test
    public void bodyHasEachNodesSeatsAndUsedAndTheCapacityWithNullForNoLimit() {
        Licenses l = new Licenses(List.of(new Licenses.NodeSeats("node1", 30, 3, true),
                new Licenses.NodeSeats("node2", null, 3, false)), 30);
        assertEquals("{\"nodes\":[{\"node\":\"node1\",\"seats\":30,\"used\":3},"
                + "{\"node\":\"node2\",\"seats\":null,\"used\":3}],\"capacity\":30}",
                LicensesServlet.body(l).toString());
        assertEquals("{\"nodes\":[],\"capacity\":null}", LicensesServlet.body(new Licenses(List.of(), null)).toString());
    }
}
