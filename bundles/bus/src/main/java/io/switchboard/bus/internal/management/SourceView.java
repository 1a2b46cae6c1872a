package io.switchboard.bus.internal.management;

import io.switchboard.api.event.EventIngestService;
import io.switchboard.api.event.SourceStats;
import javax.management.NotCompliantMBeanException;
import javax.management.StandardMBean;

/** One source's counters as an MBean; reads the live counters on each access. */
public final class SourceView extends StandardMBean implements SourceMBean {

    private final String source;
    private final EventIngestService ingest;

    public SourceView(String source, EventIngestService ingest) throws NotCompliantMBeanException {
        super(SourceMBean.class);
        this.source = source;
        this.ingest = ingest;
    }

    private SourceStats stats() {
        for (SourceStats s : ingest.sources()) {
            if (s.source().equals(source)) {
                return s;
            }
        }
        return new SourceStats(source, ingest.lastSeq(source), 0, 0, 0, 0);
    }

    @Override
    public String getSource() {
        return source;
    }

    @Override
    public long getLastSeq() {
        return ingest.lastSeq(source);
    }

    @Override
    public long getAccepted() {
        return stats().accepted();
    }

    @Override
    public long getDuplicates() {
        return stats().duplicates();
    }

    @Override
    public long getRejected() {
        return stats().rejected();
    }

    @Override
    public long getLastEventAt() {
        return stats().lastEventAt();
    }
}
