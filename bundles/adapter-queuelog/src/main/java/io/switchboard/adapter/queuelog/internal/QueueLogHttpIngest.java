package io.switchboard.adapter.queuelog.internal;

import io.switchboard.api.event.CanonicalEvent;
import io.switchboard.api.event.EventIngestService;
import io.switchboard.api.event.IngestResult;
import io.switchboard.api.event.QueueLogIngestService;
import java.util.ArrayList;
import java.util.List;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * queue_log bodies posted over HTTP: mapped with a fresh mapper per body and ingested through
 * the bus, answered like the NDJSON POST with rejections by line number.
 */
@Component(service = QueueLogIngestService.class)
public class QueueLogHttpIngest implements QueueLogIngestService {

    @Reference
    private EventIngestService ingest;

    @Override
    public IngestResult ingest(String tenant, String source, long firstLine, String body) {
        QueueLogMapper.Batch batch = QueueLogMapper.mapAll(body, tenant, source, firstLine);
        List<IngestResult.Rejection> rejected = new ArrayList<>();
        for (QueueLogMapper.Rejection r : batch.rejected()) {
            rejected.add(new IngestResult.Rejection((int) r.line(), r.error(), null));
        }
        if (batch.events().isEmpty()) {
            return new IngestResult(0, 0, rejected);
        }
        IngestResult result = ingest.ingest(batch.events());
        for (IngestResult.Rejection r : result.rejected()) {
            CanonicalEvent e = batch.events().get(r.line() - 1);
            // the events' seq encodes the line they came from
            rejected.add(new IngestResult.Rejection((int) (e.seq() / 10), r.error(), e.seq()));
        }
        rejected.sort((a, b) -> Integer.compare(a.line(), b.line()));
        return new IngestResult(result.accepted(), result.duplicates(), rejected);
    }
}
