package io.switchboard.adapter.queuelog.internal;

import static org.junit.Assert.assertEquals;

import io.switchboard.api.event.IngestResult;
import org.junit.Test;

public class QueueLogHttpIngestTest {

    private static final String LOG = String.join("\n",
            "1772442000|c1|support|NONE|ENTERQUEUE||+15550001|1",
            "1772442000|NONE|NONE|NONE|CONFIGRELOAD|",
            "",
            "1772442005|c1|support|SIP/201|RINGNOANSWER|4000",
            "garbage",
            "1772442010|c1|support|Local/202@from-queue/n|CONNECT|10|1772442000.1|3", "");

    @Test
    public void aBodyIsAnsweredByLineAcceptedDuplicateOrRejectedWithItsNumber() {
        QueueLogFileReaderTest.FakeBus bus = new QueueLogFileReaderTest.FakeBus();
        QueueLogHttpIngest http = new QueueLogHttpIngest(bus);
        IngestResult first = http.ingest("ql", "pbx", 1, LOG);
        assertEquals("four lines with content and a form, one of them no event (CONFIGRELOAD)", 4, first.accepted());
        assertEquals(0, first.duplicates());
        assertEquals(1, first.rejected().size());
        assertEquals(5, first.rejected().get(0).line());
        assertEquals("every event of the mapped lines reached the bus", 1 + 2 + 3, bus.size());

        IngestResult again = http.ingest("ql", "pbx", 1, LOG);
        assertEquals(0, again.accepted());
        assertEquals("the same lines posted again", 4, again.duplicates());
        assertEquals(1, again.rejected().size());
        assertEquals(6, bus.size());

        // the next lines of the same log, numbered on from where the first post ended
        IngestResult next = http.ingest("ql", "pbx", 7,
                "1772442070|c1|support|Agent/202|COMPLETECALLER|10|60|1\n");
        assertEquals(1, next.accepted());
        assertEquals(7, bus.size());
    }
}
