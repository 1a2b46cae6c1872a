package io.switchboard.rest.internal;

import javax.management.NotCompliantMBeanException;
import javax.management.StandardMBean;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Registered through Karaf's JMX whiteboard by its {@code jmx.objectname}. */
@Component(service = StreamsMBean.class, property = "jmx.objectname=io.switchboard:type=Streams")
public class StreamsManagement extends StandardMBean implements StreamsMBean {

    @Reference
    private StreamDirectory streams;

    public StreamsManagement() throws NotCompliantMBeanException {
        super(StreamsMBean.class);
    }

    private java.util.List<String> peers() {
        return streams.streams().stream().map(StreamInfo::peer).toList();
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
