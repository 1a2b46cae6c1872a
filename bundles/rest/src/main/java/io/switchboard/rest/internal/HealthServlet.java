package io.switchboard.rest.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hazelcast.core.HazelcastInstance;
import io.switchboard.api.event.EventIngestService;
import io.switchboard.api.stats.StatisticsService;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * {@code GET /api/v1/health}: UP when grid, bus, engine and database run and Karaf has installed
 * its boot features; DEGRADED when the node runs but a part is missing or still starting; DOWN
 * when nothing can be accepted or answered.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("switchboard-health")
@HttpWhiteboardServletPattern("/api/v1/health")
public class HealthServlet extends ApiServlet {

    private static final long serialVersionUID = 1L;

    /**
     * Health answers once the servlets that clients use right after it are registered too: a
     * client that waits for UP and then posts must not meet a 404.
     */
    @Reference(target = "(osgi.http.whiteboard.servlet.name=switchboard-events)")
    private transient javax.servlet.Servlet eventsServlet;

    @Reference(target = "(osgi.http.whiteboard.servlet.name=switchboard-stats)")
    private transient javax.servlet.Servlet statsServlet;

    /** Karaf's features service, and the marker it registers once every boot feature is installed and started. */
    static final String FEATURES = "org.apache.karaf.features.FeaturesService";
    static final String BOOT_FINISHED = "org.apache.karaf.features.BootFinished";

    /**
     * The servlets of other bundles (the interaction API of ixn-proxy) start when their feature
     * does, possibly after this bundle's: until Karaf's boot is done, UP would let a client post
     * to the not-found servlet. Looked up by name, so that the bundle needs no Karaf import.
     */
    private transient volatile BundleContext context;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile transient HazelcastInstance grid;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile transient EventIngestService bus;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile transient StatisticsService engine;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, target = "(dataSourceName=switchboard)")
    private volatile transient DataSource database;

    @Activate
    void activate(BundleContext bundleContext) {
        this.context = bundleContext;
    }

    /** False while Karaf's features service still installs the boot features; true outside Karaf. */
    private boolean booted() {
        BundleContext c = context;
        try {
            return c == null || c.getServiceReference(FEATURES) == null || c.getServiceReference(BOOT_FINISHED) != null;
        } catch (IllegalStateException stopping) {
            return false;
        }
    }

    /** The overall status of the parts' states. */
    static String status(boolean gridUp, boolean busUp, boolean engineUp, boolean databaseUp, boolean booted) {
        // Without grid, bus or engine nothing can be accepted or answered.
        if (!gridUp && !busUp && !engineUp) {
            return "DOWN";
        }
        return gridUp && busUp && engineUp && databaseUp && booted ? "UP" : "DEGRADED";
    }

    private static boolean answers(DataSource ds) {
        try (Connection c = ds.getConnection()) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        ObjectNode body = Json.MAPPER.createObjectNode();
        ObjectNode checks = Json.MAPPER.createObjectNode();
        HazelcastInstance g = grid;
        boolean gridUp = g != null && g.getLifecycleService().isRunning();
        ObjectNode gridCheck = checks.putObject("grid").put("status", gridUp ? "UP" : "DOWN");
        if (gridUp) {
            gridCheck.put("members", g.getCluster().getMembers().size());
            gridCheck.put("clusterSafe", g.getPartitionService().isClusterSafe());
        }
        boolean busUp = bus != null;
        ObjectNode busCheck = checks.putObject("bus").put("status", busUp ? "UP" : "DOWN");
        if (busUp) {
            busCheck.put("accepted", bus.acceptedTotal());
            busCheck.put("rejected", bus.rejectedTotal());
        }
        StatisticsService e = engine;
        boolean engineUp = e != null;
        ObjectNode engineCheck = checks.putObject("engine").put("status", engineUp ? "UP" : "DOWN");
        if (engineUp) {
            engineCheck.put("objects", e.objectCount());
        }
        DataSource ds = database;
        boolean databaseUp = ds != null && answers(ds);
        checks.putObject("database").put("status", databaseUp ? "UP" : "DOWN");
        boolean booted = booted();
        checks.putObject("boot").put("status", booted ? "UP" : "STARTING");
        String status = status(gridUp, busUp, engineUp, databaseUp, booted);
        body.put("status", status);
        body.set("checks", checks);
        Json.write(resp, "DOWN".equals(status) ? 503 : 200, body);
    }
}
