package io.switchboard.recording.internal;

import io.switchboard.api.recording.Recording;
import io.switchboard.api.recording.RecordingQuery;
import io.switchboard.api.recording.Segment;
import java.time.Instant;
import java.util.concurrent.Callable;
import javax.management.MBeanException;
import javax.management.NotCompliantMBeanException;
import javax.management.StandardMBean;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Registered through Karaf's JMX whiteboard by its {@code jmx.objectname} while the control plane runs. */
@Component(service = RecordingMBean.class, property = "jmx.objectname=io.switchboard:type=Recording")
public class RecordingManagement extends StandardMBean implements RecordingMBean {

    @Reference
    private RecordingComponent recording;

    public RecordingManagement() throws NotCompliantMBeanException {
        super(RecordingMBean.class);
    }

    RecordingManagement(RecordingComponent recording) throws NotCompliantMBeanException {
        this();
        this.recording = recording;
    }

    /** Any failure becomes an MBeanException naming what was asked, so a JMX client sees the reason. */
    static <T> T call(String what, Callable<T> c) throws MBeanException {
        try {
            return c.call();
        } catch (Exception e) {
            throw new MBeanException(e, what + " failed: " + e.getMessage());
        }
    }

    @Override
    public int getActiveRecordings() throws MBeanException {
        return call("reading the active recordings", () -> recording.control().state().active().size());
    }

    @Override
    public long getRecordingsStarted() throws MBeanException {
        return call("reading the recordings started", () -> recording.control().started());
    }

    @Override
    public long getFailovers() throws MBeanException {
        return call("reading the failovers", () -> recording.control().failovers());
    }

    @Override
    public long getUnrecorded() throws MBeanException {
        return call("reading the unrecorded calls", () -> recording.control().unrecorded());
    }

    @Override
    public int getCatalogPending() throws MBeanException {
        return call("reading the catalog's pending writes", () -> recording.processor().pending());
    }

    @Override
    public String getStore() throws MBeanException {
        return call("reading the store", recording::storeDescription);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    @Override
    public String[] findRecordings(String tenant, String call, String agent) throws MBeanException {
        return call("searching recordings", () -> recording.find(new RecordingQuery(blankToNull(tenant),
                blankToNull(call), blankToNull(agent), null, null)).stream().map(RecordingManagement::line)
                .toArray(String[]::new));
    }

    @Override
    public String describeRecording(String id) throws MBeanException {
        return call("describing recording " + id, () -> {
            Recording r = recording.get(id);
            if (r == null) {
                throw new IllegalArgumentException("no recording " + id);
            }
            StringBuilder b = new StringBuilder(line(r));
            for (Segment s : r.segments()) {
                b.append("\n  segment ").append(s.index()).append(" on ").append(s.mediaServer()).append(" from ")
                        .append(Instant.ofEpochMilli(s.start())).append(" to ")
                        .append(s.end() == null ? "-" : Instant.ofEpochMilli(s.end())).append(", gap ")
                        .append(s.gapMillis()).append(" ms, ").append(s.bytes()).append(" bytes")
                        .append(s.complete() ? ", complete" : "");
            }
            return b.toString();
        });
    }

    static String line(Recording r) {
        return r.id() + " " + r.tenant() + " call " + r.call() + " agent " + (r.agent() == null ? "-" : r.agent())
                + " " + r.state() + " from " + Instant.ofEpochMilli(r.start()) + " to "
                + (r.end() == null ? "-" : Instant.ofEpochMilli(r.end())) + ", " + r.segments().size()
                + " segment(s), gap " + r.gapMillis() + " ms, media server " + r.mediaServer();
    }
}
