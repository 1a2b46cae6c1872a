package io.switchboard.adapter.queuelog.internal;

import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.switchboard.api.event.CanonicalEvent;
import io.switchboard.api.event.EventRules;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Test helpers: run lines through a mapper, check every event, render events compactly. */
final class Mapped {

    static final String TENANT = "t1";
    static final String SOURCE = "pbx1";

    private Mapped() {
    }

    /** Maps lines numbered from 1 with a fresh mapper; checks the invariants of every event. */
    static List<CanonicalEvent> run(QueueLogMapper m, String... lines) {
        List<CanonicalEvent> all = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            all.addAll(m.map(i + 1, lines[i]));
        }
        checkAll(all);
        return all;
    }

    static List<CanonicalEvent> run(String... lines) {
        return run(new QueueLogMapper(TENANT, SOURCE), lines);
    }

    /**
     * Every event passes EventRules, seqs strictly increase, seq / 10 is a line, and a call's
     * events never go back in time.
     */
    static void checkAll(List<CanonicalEvent> events) {
        long lastSeq = 0;
        Map<String, Long> lastTsPerCall = new HashMap<>();
        for (CanonicalEvent e : events) {
            assertNull("EventRules for " + render(e), EventRules.check(e));
            assertTrue("seq increases at " + render(e), e.seq() > lastSeq);
            assertTrue("seq/10 is a line number: " + e.seq(), e.seq() / 10 >= 1);
            lastSeq = e.seq();
            if (e.call() != null) {
                Long prev = lastTsPerCall.put(e.call(), e.ts());
                assertTrue("call " + e.call() + " goes back in time at " + render(e), prev == null || e.ts() >= prev);
            }
        }
    }

    /** {@code seq Type@ts q= a= dn= c= r=} with only the fields that are set. */
    static String render(CanonicalEvent e) {
        StringBuilder b = new StringBuilder().append(e.seq()).append(' ').append(e.type()).append('@').append(e.ts());
        field(b, "q", e.queue());
        field(b, "a", e.agent());
        field(b, "dn", e.dn());
        field(b, "c", e.call());
        field(b, "r", e.reason());
        return b.toString();
    }

    static List<String> render(List<CanonicalEvent> events) {
        List<String> out = new ArrayList<>();
        for (CanonicalEvent e : events) {
            out.add(render(e));
        }
        return out;
    }

    private static void field(StringBuilder b, String name, String v) {
        if (v != null) {
            b.append(' ').append(name).append('=').append(v);
        }
    }
}
