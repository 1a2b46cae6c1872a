package io.switchboard.adapter.queuelog.internal;

import io.switchboard.api.event.CanonicalEvent;
import io.switchboard.api.event.EventIngestService;
import io.switchboard.api.event.IngestResult;
import io.switchboard.api.event.QueueLogIngestService;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * queue_log bodies posted over HTTP: mapped with a fresh mapper per body and ingested through
 * the bus, answered like the NDJSON POST — by line, as the body is lines: every line is accepted,
 * a duplicate (all it says was accepted before) or rejected with its number and the reason. A
 * line that maps to no event (CONFIGRELOAD, an unknown event) is accepted and changes nothing.
 */
@Component(service = QueueLogIngestService.class)
public class QueueLogHttpIngest implements QueueLogIngestService {

    @Reference
    private EventIngestService ingest;

    public QueueLogHttpIngest() {
    }

    QueueLogHttpIngest(EventIngestService ingest) {
        this.ingest = ingest;
    }

    /** A log posted in parts: the mapper that read the previous part and the line it expects next. */
    private record Continuation(QueueLogMapper mapper, long nextLine) {
    }

    /** Per tenant and source, the most recent posts' mappers (a bounded number of logs). */
    private final Map<String, Continuation> continuations = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Continuation> eldest) {
                    return size() > 1000;
                }
            });

    @Override
    public IngestResult ingest(String tenant, String source, long firstLine, String body) {
        // A body that goes on where the last one of this log ended (line=N) continues its calls and
        // members: a COMPLETECALLER knows the CONNECT of the part before. A body from line 1 is a
        // log read afresh.
        if (firstLine < 1 || firstLine > Integer.MAX_VALUE
                || QueueLogMapper.lineCount(body) > Integer.MAX_VALUE - firstLine + 1) {
            // the answer numbers lines with 32-bit integers; refused whole, before any mapper hears of it
            throw io.switchboard.api.SwitchboardException.badRequest("the body's lines must be numbered from 1 to "
                    + Integer.MAX_VALUE + " (parameter 'line' and the lines after it)", "line");
        }
        String log = tenant + '|' + source;
        Continuation before = continuations.get(log);
        QueueLogMapper mapper = before != null && firstLine > 1 && before.nextLine() == firstLine ? before.mapper()
                : new QueueLogMapper(tenant, source);
        QueueLogMapper.Batch batch;
        synchronized (mapper) {
            batch = QueueLogMapper.mapAll(mapper, body, firstLine);
        }
        continuations.put(log, new Continuation(mapper, firstLine + batch.lines()));
        Map<Long, IngestResult.Rejection> rejected = new TreeMap<>();
        for (QueueLogMapper.Rejection r : batch.rejected()) {
            rejected.put(r.line(), new IngestResult.Rejection((int) r.line(), r.error(), null));
        }
        // what this source had before: the lines at or below it were posted already
        long last = ingest.lastSeq(source);
        if (!batch.events().isEmpty()) {
            IngestResult result = ingest.ingest(batch.events());
            for (IngestResult.Rejection r : result.rejected()) {
                CanonicalEvent e = batch.events().get(r.line() - 1);
                // the events' seq encodes the line they came from
                long line = QueueLogMapper.lineOf(e.seq());
                rejected.putIfAbsent(line, new IngestResult.Rejection((int) line, r.error(), e.seq()));
            }
        }
        Map<Long, Boolean> allSeen = new HashMap<>();
        for (CanonicalEvent e : batch.events()) {
            allSeen.merge(QueueLogMapper.lineOf(e.seq()), e.seq() <= last, Boolean::logicalAnd);
        }
        int accepted = 0;
        int duplicates = 0;
        for (long line = firstLine; line < firstLine + batch.lines(); line++) {
            if (rejected.containsKey(line) || batch.blank().contains(line)) {
                continue;
            }
            Boolean seen = allSeen.get(line);
            if (seen == null ? last >= QueueLogMapper.firstSeqOf(line) : seen) {
                duplicates++;
            } else {
                accepted++;
            }
        }
        return new IngestResult(accepted, duplicates, new ArrayList<>(rejected.values()));
    }
}
