package io.switchboard.recording.internal;

import io.switchboard.api.recording.MediaServerInfo;
import javax.management.MBeanException;
import javax.management.NotCompliantMBeanException;
import javax.management.StandardMBean;

/** A media server's MBean, registered by its component with {@code jmx.objectname} for the JMX whiteboard. */
final class MediaServerManagement extends StandardMBean implements MediaServerMBean {

    private final MediaServer server;

    MediaServerManagement(MediaServer server) throws NotCompliantMBeanException {
        super(MediaServerMBean.class);
        this.server = server;
    }

    static String objectName(String name) {
        return "io.switchboard:type=RecordingMediaServer,name=" + javax.management.ObjectName.quote(name);
    }

    private MediaServerInfo info() {
        return server.info();
    }

    @Override
    public String getPool() {
        return info().pool() == null ? "" : info().pool();
    }

    @Override
    public boolean isHealthy() {
        return info().healthy();
    }

    @Override
    public int getActive() {
        return info().active();
    }

    @Override
    public int getCapacity() {
        return info().capacity();
    }

    @Override
    public double getLoad() {
        return info().load();
    }

    @Override
    public long getRecordedMillis() {
        return info().recorded();
    }

    @Override
    public void kill() throws MBeanException {
        RecordingManagement.call("killing media server " + server.name(), () -> {
            if (!server.healthy()) {
                throw new IllegalStateException("media server " + server.name() + " is down already");
            }
            server.kill();
            return null;
        });
    }
}
