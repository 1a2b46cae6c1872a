package io.switchboard.rest.internal;

import javax.management.NotCompliantMBeanException;
import javax.management.StandardMBean;
import javax.servlet.Servlet;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Registered through Karaf's JMX whiteboard by its {@code jmx.objectname}. */
@Component(service = StreamsMBean.class, property = "jmx.objectname=io.switchboard:type=Streams")
public class StreamsManagement extends StandardMBean implements StreamsMBean {

    @Reference(target = "(osgi.http.whiteboard.servlet.name=switchboard-stats)")
    private Servlet statsServlet;

    public StreamsManagement() throws NotCompliantMBeanException {
        super(StreamsMBean.class);
    }

    private java.util.List<String> peers() {
        return statsServlet instanceof StatsServlet s ? s.streamPeers() : java.util.List.of();
    }

    @Override
    public int getClients() {
        return peers().size();
    }

    @Override
    public String[] getPeers() {
        return peers().toArray(String[]::new);
    }
}
