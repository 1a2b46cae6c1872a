package io.switchboard.bus.internal.management;

import io.switchboard.api.event.EventIngestService;
import io.switchboard.bus.internal.Committer;
import io.switchboard.bus.internal.EventBus;
import javax.management.NotCompliantMBeanException;
import javax.management.StandardMBean;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Registered through Karaf's JMX whiteboard by its {@code jmx.objectname}; zeros while the bus has no pipeline. */
@Component(service = JournalMBean.class, property = "jmx.objectname=io.switchboard:type=Journal")
public class JournalManagement extends StandardMBean implements JournalMBean {

    @Reference
    private EventIngestService ingest;

    public JournalManagement() throws NotCompliantMBeanException {
        super(JournalMBean.class);
    }

    private Committer committer() {
        return ingest instanceof EventBus bus ? bus.committer() : null;
    }

    @Override
    public long getCommits() {
        Committer c = committer();
        return c == null ? 0 : c.commits();
    }

    @Override
    public long getCommittedEvents() {
        Committer c = committer();
        return c == null ? 0 : c.committedEvents();
    }

    @Override
    public long getAppliedEvents() {
        Committer c = committer();
        return c == null ? 0 : c.appliedEvents();
    }

    @Override
    public int getLag() {
        Committer c = committer();
        return c == null ? 0 : c.lag();
    }

    @Override
    public String getStatus() {
        Committer c = committer();
        if (c == null) {
            return "stopped";
        }
        RuntimeException failure = c.failure();
        return failure == null ? "ok" : "FAILED: " + failure.getMessage();
    }
}
