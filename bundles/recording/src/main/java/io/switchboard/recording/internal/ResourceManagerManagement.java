package io.switchboard.recording.internal;

import io.switchboard.api.recording.ManagerInfo;
import java.time.Instant;
import javax.management.MBeanException;
import javax.management.NotCompliantMBeanException;
import javax.management.StandardMBean;

/** A resource manager's MBean, registered by the control plane with {@code jmx.objectname}. */
final class ResourceManagerManagement extends StandardMBean implements ResourceManagerMBean {

    private final RecordingControl control;
    private final String name;

    ResourceManagerManagement(RecordingControl control, String name) throws NotCompliantMBeanException {
        super(ResourceManagerMBean.class);
        this.control = control;
        this.name = name;
    }

    static String objectName(String name) {
        return "io.switchboard:type=RecordingManager,name=" + javax.management.ObjectName.quote(name);
    }

    private ManagerInfo info() {
        return control.managers().stream().filter(m -> m.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no resource manager " + name));
    }

    @Override
    public boolean isAlive() throws MBeanException {
        return RecordingManagement.call("reading manager " + name, () -> info().alive());
    }

    @Override
    public int getRecordings() throws MBeanException {
        return RecordingManagement.call("reading manager " + name, () -> info().recordings());
    }

    @Override
    public String getLastHeartbeat() throws MBeanException {
        return RecordingManagement.call("reading manager " + name, () -> {
            long hb = info().heartbeat();
            return hb <= 0 ? "" : Instant.ofEpochMilli(hb).toString();
        });
    }

    @Override
    public void kill() throws MBeanException {
        RecordingManagement.call("killing resource manager " + name, () -> {
            ResourceManager m = control.manager(name);
            if (m == null || !m.alive()) {
                throw new IllegalStateException("resource manager " + name + " is not running");
            }
            m.kill();
            return null;
        });
    }
}
