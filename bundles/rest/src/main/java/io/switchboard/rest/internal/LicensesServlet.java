package io.switchboard.rest.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.api.SwitchboardException;
import io.switchboard.api.licensing.Licenses;
import io.switchboard.api.licensing.LicensingService;
import java.io.IOException;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * {@code GET /api/v1/licenses}: per node {@code {"node", "seats", "used"}} ({@code seats} null =
 * no limit) and the cluster's {@code capacity} (null = no limit), from the licensing feature;
 * 404 while it is not installed.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("switchboard-licenses")
@HttpWhiteboardServletPattern("/api/v1/licenses")
public class LicensesServlet extends ApiServlet {

    private static final long serialVersionUID = 1L;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile transient LicensingService licensing;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        LicensingService l = licensing;
        if (l == null) {
            throw SwitchboardException.notFound("licensing is not installed", "feature switchboard-licensing");
        }
        Json.write(resp, 200, body(l.licenses()));
    }

    static ObjectNode body(Licenses licenses) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        ArrayNode nodes = body.putArray("nodes");
        for (Licenses.NodeSeats n : licenses.nodes()) {
            ObjectNode o = nodes.addObject();
            o.put("node", n.node());
            if (n.seats() == null) {
                o.putNull("seats");
            } else {
                o.put("seats", n.seats());
            }
            o.put("used", n.used());
        }
        if (licenses.capacity() == null) {
            body.putNull("capacity");
        } else {
            body.put("capacity", licenses.capacity());
        }
        return body;
    }
}
