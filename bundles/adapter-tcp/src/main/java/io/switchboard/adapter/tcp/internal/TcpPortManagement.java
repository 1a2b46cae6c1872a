package io.switchboard.adapter.tcp.internal;

import java.util.Map;
import javax.management.StandardMBean;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Registered through Karaf's JMX whiteboard by its {@code jmx.objectname}, while the port is active. */
@Component(service = TcpPortMXBean.class, property = "jmx.objectname=io.switchboard:type=TcpPort")
public class TcpPortManagement extends StandardMBean implements TcpPortMXBean {

    @Reference
    private TcpPortStatus port;

    public TcpPortManagement() {
        super(TcpPortMXBean.class, true);
    }

    TcpPortManagement(TcpPortStatus port) {
        this();
        this.port = port;
    }

    @Override
    public int getConnections() {
        return port.connections();
    }

    @Override
    public int getMaxConnections() {
        return port.maxConnections();
    }

    @Override
    public boolean isTls() {
        return port.tls();
    }

    @Override
    public Map<String, Long> getSourceLag() {
        return port.lagBySource();
    }

    @Override
    public long getLag() {
        return port.lagBySource().values().stream().mapToLong(Long::longValue).sum();
    }
}
