package io.switchboard.adapter.queuelog.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.switchboard.api.event.CanonicalEvent;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/** Garbage never throws, makes no event and is counted with a reason. */
public class QueueLogGarbageTest {

    @Test
    public void garbageIsSkippedWithReasons() {
        QueueLogMapper m = new QueueLogMapper(Mapped.TENANT, Mapped.SOURCE);
        String[] lines = {
            "\0\0\0\0\0\0",                                   // only NULs
            "1000|c1|sales|NONE|ENTER\0QUEUE||1|1",            // NUL inside
            "1000|c1|sales",                                   // too few fields
            "",                                                // blank
            "   ",                                             // blank
            "abc|c1|sales|NONE|ENTERQUEUE||1|1",               // bad time stamp
            "-5|c1|sales|NONE|ENTERQUEUE||1|1",                // bad time stamp
            "1000|c1|sales|NONE|enterqueue||1|1",              // bad event name
            "1000|c1|sales|NONE|FOOBAR|1",                     // unknown event
            "1000|NONE|NONE|NONE|CONFIGRELOAD|",               // noise
            "\u00ff\u00fe\u0001garbage",                       // binary garbage
            "1000|c1|sales|NONE|ENTERQUEUE||1|1\0\0\0",       // NULs at the end
            "1000|c1|sales|NONE|CONNECT|x|y|z",                // CONNECT without agent
            "1000|c1|sales|SIP/201|RINGNOANSWER|notanumber",   // ring time unknown: still mapped
            null,
        };
        int events = 0;
        for (int i = 0; i < lines.length; i++) {
            events += m.map(i + 1, lines[i]).size();
        }
        assertEquals("only the RINGNOANSWER maps", 2, events);
        Map<String, Long> skipped = m.stats().skipped();
        assertEquals(Long.valueOf(3), skipped.get("malformed: NUL bytes"));
        assertEquals(Long.valueOf(2), skipped.get("malformed: too few fields"));
        assertEquals(Long.valueOf(3), skipped.get("blank line"));
        assertEquals(Long.valueOf(2), skipped.get("malformed: bad timestamp"));
        assertEquals(Long.valueOf(1), skipped.get("malformed: bad event name"));
        assertEquals(Long.valueOf(1), skipped.get("unknown event FOOBAR"));
        assertEquals(Long.valueOf(1), skipped.get("ignored event CONFIGRELOAD"));
        assertEquals(Long.valueOf(1), skipped.get("call event without agent"));
        assertEquals(lines.length, m.stats().lines());
        assertEquals(lines.length - 1, m.stats().skippedTotal());
    }

    @Test
    public void leadingNulBytesBeforeAGoodLineAreRemoved() {
        QueueLogMapper m = new QueueLogMapper(Mapped.TENANT, Mapped.SOURCE);
        List<CanonicalEvent> ev = Mapped.run(m, "\0\0\0\0\0\0\0\0" + "1000|c1|sales|NONE|ENTERQUEUE||1|1");
        assertEquals(List.of("10 CallQueued@1000000 q=sales c=c1"), Mapped.render(ev));
        assertEquals(1, m.stats().recovered());
    }

    @Test
    public void mapAllAnswersLikeTheNdjsonPost() {
        String body = "1000|c1|sales|NONE|ENTERQUEUE||1|1\r\n"
            + "1000|NONE|NONE|NONE|CONFIGRELOAD|\n"
            + "garbage\n"
            + "\n"
            + "1030|c1|sales|NONE|ABANDON|1|1|30\n";
        QueueLogMapper.Batch b = QueueLogMapper.mapAll(body, "t1", "s1");
        assertEquals(List.of("10 CallQueued@1000000 q=sales c=c1", "50 CallAbandoned@1030000 q=sales c=c1"),
            Mapped.render(b.events()));
        assertEquals(List.of(new QueueLogMapper.Rejection(3, "too few fields")), b.rejected());
        assertEquals(5, b.stats().lines());
        assertTrue(b.stats().skipped().containsKey("ignored event CONFIGRELOAD"));
        Mapped.checkAll(b.events());
        assertEquals(0, QueueLogMapper.mapAll("", "t1", "s1").events().size());
    }

    @Test
    public void fieldsAndLinesOverTheirLimitsAreMalformedNamingTheField() {
        QueueLogMapper m = new QueueLogMapper(Mapped.TENANT, Mapped.SOURCE);
        String longName = "q".repeat(io.switchboard.api.Limits.NAME + 1);
        assertEquals("malformed: field 'queue' is longer than 128 characters",
            m.mapLine(1, "1000|c1|" + longName + "|NONE|ENTERQUEUE||1|1").skipped());
        assertEquals("malformed: field 'callid' is longer than 128 characters",
            m.mapLine(2, "1000|" + longName + "|sales|NONE|ENTERQUEUE||1|1").skipped());
        assertEquals("malformed: field 'agent' must not contain control characters",
            m.mapLine(3, "1000|c1|sales|SIP/2\u000101|CONNECT|1|1|1").skipped());
        assertEquals("malformed: field 'data1' is longer than 1000 characters",
            m.mapLine(4, "1000|NONE|sales|SIP/201|PAUSE|" + "r".repeat(1001)).skipped());
        assertEquals("malformed: line longer than 65536 characters",
            m.mapLine(5, "1000|NONE|sales|SIP/201|PAUSE|" + "r".repeat(65536)).skipped());
        assertEquals("malformed: line number beyond " + io.switchboard.api.Limits.QUEUE_LOG_LINE_MAX,
            m.mapLine(io.switchboard.api.Limits.QUEUE_LOG_LINE_MAX + 1, "1000|c1|sales|NONE|ENTERQUEUE||1|1").skipped());
        assertEquals("nothing of them is remembered", java.util.Set.of(), m.openCalls());
        assertEquals(1, m.map(io.switchboard.api.Limits.QUEUE_LOG_LINE_MAX, "1000|c1|sales|NONE|ENTERQUEUE||1|1").size());
    }

    @Test(expected = IllegalArgumentException.class)
    public void tenantIsRequired() {
        new QueueLogMapper(" ", "s");
    }
}
