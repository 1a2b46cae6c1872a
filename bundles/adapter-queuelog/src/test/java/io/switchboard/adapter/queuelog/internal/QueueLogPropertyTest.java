package io.switchboard.adapter.queuelog.internal;

import io.switchboard.api.Limits;
import io.switchboard.api.SwitchboardException;
import io.switchboard.api.event.CanonicalEvent;
import io.switchboard.api.event.EventRules;
import io.switchboard.api.event.IngestResult;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Fuzzes queue_log lines and posted bodies: lines shaped like Asterisk's with fields of any
 * length and characters, NULs, over-long lines, and plain garbage. A line maps to events that
 * pass the events' rules or is skipped with a reason, never an exception; a malformed line leaves
 * the mapper's state as it was (the lines after it map as if it had never been there); a body is
 * answered or refused with a 400 naming {@code line}, and a refused body reaches no bus.
 */
public class QueueLogPropertyTest {

    private static final String[] PREFIX = {
        "1000|c1|sales|NONE|ENTERQUEUE||1|1",
        "1001|NONE|sales|SIP/201|ADDMEMBER|",
    };
    private static final String[] SUFFIX = {
        "1005|c1|sales|SIP/201|CONNECT|5|1|2",
        "1010|c1|sales|SIP/201|COMPLETECALLER|5|5|1",
        "1011|c2|sales|NONE|ENTERQUEUE||1|1",
        "1012|c2|sales|Agent/201|RINGNOANSWER|1000",
        "1013|c2|sales|NONE|ABANDON|1|1|2",
        "1020|NONE|sales|SIP/201|PAUSE|lunch",
        "1030|NONE|sales|SIP/201|REMOVEMEMBER|",
    };

    private static QueueLogMapper afterPrefix() {
        QueueLogMapper m = new QueueLogMapper(Mapped.TENANT, Mapped.SOURCE);
        for (int i = 0; i < PREFIX.length; i++) {
            m.map(i + 1, PREFIX[i]);
        }
        return m;
    }

    private static List<String> suffix(QueueLogMapper m, long from) {
        List<CanonicalEvent> events = new ArrayList<>();
        for (int i = 0; i < SUFFIX.length; i++) {
            events.addAll(m.map(from + i, SUFFIX[i]));
        }
        return Mapped.render(events);
    }

    /** Found by a long run of the property above: blank ids passed the mapper and the bus refused them. */
    @Example
    void aBlankCallIdQueueOrMemberIsSkippedLikeAMissingOne() {
        // U+2003 and U+3000: whitespace to String.isBlank (and so to the bus), not to String.trim
        for (String line : new String[] {"1003|\u2003|sales|SIP/201|ENTERQUEUE", "1003|\u3000|sales|NONE|ENTERQUEUE||1|1",
                "1003|c7|\u2003|NONE|ENTERQUEUE||1|1", "1003|c1|sales|\u2003|CONNECT|5|1|2"}) {
            aLineMapsToValidEventsOrIsSkippedAndAMalformedOneChangesNothing(line);
            QueueLogMapper.Outcome o = afterPrefix().mapLine(PREFIX.length + 1, line);
            if (!o.events().isEmpty()) {
                throw new AssertionError(printable(line) + " gave " + o.events());
            }
        }
    }

    /** Found by CI: a ring back-dated by its ring time from a time near the epoch went before it. */
    @Example
    void aRingBackDatedBeforeTheEpochStartsAtTheEpoch() {
        for (String line : new String[] {"0|c2|sales|SIP/201|RINGNOANSWER|5", "1|c2|sales|SIP/201|CONNECT|5|1|9"}) {
            aLineMapsToValidEventsOrIsSkippedAndAMalformedOneChangesNothing(line);
        }
    }

    @Property
    void aLineMapsToValidEventsOrIsSkippedAndAMalformedOneChangesNothing(@ForAll("lines") String line) {
        QueueLogMapper seen = afterPrefix();
        QueueLogMapper twin = afterPrefix();
        long n = PREFIX.length + 1;
        QueueLogMapper.Outcome o = seen.mapLine(n, line);
        for (CanonicalEvent e : o.events()) {
            String rule = EventRules.check(e);
            if (rule != null) {
                throw new AssertionError(printable(line) + " mapped to an event the bus refuses: " + rule);
            }
        }
        if (o.events().isEmpty() == (o.skipped() == null)) {
            throw new AssertionError(printable(line) + " gave events " + o.events() + " and reason " + o.skipped());
        }
        if (o.malformed()) {
            List<String> after = suffix(seen, n + 1);
            List<String> without = suffix(twin, n + 1);
            if (!after.equals(without)) {
                throw new AssertionError(printable(line) + " was malformed (" + o.skipped()
                        + ") but changed what follows:\n" + after + "\n" + without);
            }
        }
    }

    @Property
    void aBodyIsAnsweredByLineOrRefusedWholeWithA400NamingLine(@ForAll("bodies") String body,
            @ForAll("firstLines") long firstLine) {
        QueueLogFileReaderTest.FakeBus bus = new QueueLogFileReaderTest.FakeBus();
        QueueLogHttpIngest http = new QueueLogHttpIngest(bus);
        long lines = QueueLogMapper.lineCount(body);
        IngestResult r;
        try {
            r = http.ingest("ql", "pbx", firstLine, body);
        } catch (SwitchboardException e) {
            if (e.code() != 400 || !"line".equals(e.detail())) {
                throw new AssertionError("line " + firstLine + " gave " + e.code() + " " + e.error() + " / " + e.detail());
            }
            if (bus.size() != 0) {
                throw new AssertionError("refused, yet " + bus.size() + " events reached the bus");
            }
            if (firstLine >= 1 && firstLine <= Integer.MAX_VALUE && lines <= Integer.MAX_VALUE - firstLine + 1) {
                throw new AssertionError("refused lines " + firstLine + ".." + (firstLine + lines - 1));
            }
            return;
        }
        if (r.accepted() + r.duplicates() + r.rejected().size() > lines) {
            throw new AssertionError(r + " counts more than the " + lines + " lines");
        }
        for (IngestResult.Rejection x : r.rejected()) {
            if (x.line() < firstLine || x.line() >= firstLine + lines) {
                throw new AssertionError("rejected line " + x.line() + " is not one of " + firstLine + ".."
                        + (firstLine + lines - 1));
            }
        }
    }

    @Property
    void theLinesOfABodyAreCountedAsTheMapperReadsThem(@ForAll("bodies") String body) {
        long counted = QueueLogMapper.lineCount(body);
        int mapped = QueueLogMapper.mapAll(body, "t", "s").lines();
        if (counted != mapped) {
            throw new AssertionError(printable(body) + ": counted " + counted + ", mapped " + mapped);
        }
    }

    private static String printable(String s) {
        String t = s.length() > 300 ? s.substring(0, 300) + "...(" + s.length() + " chars)" : s;
        StringBuilder b = new StringBuilder();
        for (char c : t.toCharArray()) {
            b.append(c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return b.toString();
    }

    private static Arbitrary<String> field(String... usual) {
        return Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.of(usual)),
                Tuple.of(1, Arbitraries.strings().ofMaxLength(6)),
                Tuple.of(1, Arbitraries.strings().withChars('x').ofLength(Limits.NAME + 1)),
                Tuple.of(1, Arbitraries.strings().withChars('y').ofLength(Limits.NAME - 4).map(s -> "SIP/" + s)),
                Tuple.of(1, Arbitraries.strings().withCharRange('\u0001', '\u001f').ofMinLength(1).ofMaxLength(2)
                        .map(s -> usual[0] + s)));
    }

    @Provide
    Arbitrary<String> lines() {
        Arbitrary<String> ts = Arbitraries.oneOf(Arbitraries.of("1003", "1003.5", "1000", "abc", "-5", "",
                "99999999999999999999", "1003.123456"), Arbitraries.strings().numeric().ofMaxLength(14));
        Arbitrary<String> call = field("c1", "c2", "NONE", "");
        Arbitrary<String> queue = field("sales", "NONE", "", "support");
        Arbitrary<String> member = field("SIP/201", "Local/201@ctx/n", "Agent/201", "NONE", "", "Ann Lee");
        Arbitrary<String> event = Arbitraries.of("ENTERQUEUE", "CONNECT", "COMPLETEAGENT", "COMPLETECALLER", "ABANDON",
                "EXITWITHTIMEOUT", "EXITWITHKEY", "EXITEMPTY", "RINGNOANSWER", "TRANSFER", "BLINDTRANSFER",
                "ATTENDEDTRANSFER", "AGENTLOGIN", "ADDMEMBER", "AGENTLOGOFF", "REMOVEMEMBER", "PAUSE", "UNPAUSE",
                "PAUSEALL", "UNPAUSEALL", "CONFIGRELOAD", "FOO", "enterqueue", "");
        Arbitrary<String> datum = Arbitraries.frequencyOf(Tuple.of(5, Arbitraries.of("", "5", "1", "2", "abc",
                "1772442000.1", "lunch")), Tuple.of(1, Arbitraries.strings().ofMaxLength(8)),
                Tuple.of(1, Arbitraries.strings().withChars('r').ofLength(Limits.REASON + 1)));
        Arbitrary<String> data = datum.list().ofMaxSize(5).map(l -> l.isEmpty() ? "" : "|" + String.join("|", l));
        Arbitrary<String> shaped = Combinators.combine(ts, call, queue, member, event, data)
                .as((a, b, c, d, e, f) -> a + "|" + b + "|" + c + "|" + d + "|" + e + f);
        Arbitrary<String> nuls = shaped.map(s -> "\0\0\0" + s);
        Arbitrary<String> tooLong = Arbitraries.integers().between(Limits.LINE - 40, Limits.LINE + 2)
                .map(n -> "1003|c1|sales|SIP/201|PAUSE|" + "z".repeat(n));
        return Arbitraries.frequencyOf(Tuple.of(12, shaped), Tuple.of(1, nuls), Tuple.of(1, tooLong),
                Tuple.of(2, Arbitraries.strings().ofMaxLength(40)));
    }

    @Provide
    Arbitrary<String> bodies() {
        Arbitrary<String> end = Arbitraries.of("\n", "\r\n", "\r", "\n\n");
        return Combinators.combine(lines().list().ofMaxSize(4), end, Arbitraries.of(true, false))
                .as((ls, e, finalEnd) -> ls.isEmpty() ? "" : String.join(e, ls) + (finalEnd ? e : ""));
    }

    @Provide
    Arbitrary<Long> firstLines() {
        return Arbitraries.oneOf(Arbitraries.of(1L, 2L, 7L, 0L, -3L, (long) Integer.MAX_VALUE,
                Integer.MAX_VALUE - 1L, Integer.MAX_VALUE + 1L, Limits.QUEUE_LOG_LINE_MAX, Long.MAX_VALUE),
                Arbitraries.longs().between(1, 1000));
    }
}
