package io.switchboard.metrics.internal;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import javax.management.MBeanServer;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * {@code GET /metrics}: the Prometheus text format (0.0.4), or OpenMetrics 1.0 when the scraper
 * asks for {@code application/openmetrics-text}. Open like the other reads: scrapers rarely log in,
 * and nothing here is tenant data.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("switchboard-metrics")
@HttpWhiteboardServletPattern("/metrics")
public class MetricsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient PrometheusRegistry registry = new PrometheusRegistry();
    private final transient PrometheusTextFormatWriter text = PrometheusTextFormatWriter.create();
    private final transient OpenMetricsTextFormatWriter openMetrics = OpenMetricsTextFormatWriter.create();

    public MetricsServlet() {
        this(ManagementFactory.getPlatformMBeanServer());
    }

    /** For tests: metrics from another MBean server. */
    MetricsServlet(MBeanServer server) {
        registry.register(new SwitchboardCollector(server));
    }

    @Activate
    void activate() {
        // nothing to configure: the collector reads the MBeans at each scrape
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String accept = req.getHeader("Accept");
        resp.setStatus(200);
        resp.setContentType(writer(accept).getContentType());
        resp.setHeader("Cache-Control", "no-cache");
        scrape(accept, resp.getOutputStream());
    }

    ExpositionFormatWriter writer(String accept) {
        return accept != null && openMetrics.accepts(accept) ? openMetrics : text;
    }

    /** One scrape in the format the Accept header asks for. */
    void scrape(String accept, java.io.OutputStream out) throws IOException {
        writer(accept).write(out, registry.scrape(), EscapingScheme.fromAcceptHeader(accept));
    }
}
