package io.switchboard.adapter.queuelog.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.switchboard.api.event.CanonicalEvent;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.Test;

/**
 * Replays the three real logs of {@code shared/data/queue_log/} through the mapper and a small
 * evaluator, and compares with counts made by reading the logs by hand (shell commands in the
 * comments, run in that directory; {@code tr -d '\000'} first where a file has NUL bytes).
 */
public class QueueLogReplayTest {

    /** From bundles/adapter-queuelog, shared/ sits beside the repository root. */
    static final Path DIR = Paths.get("../../../shared/data/queue_log");

    /** What the statistics of STATISTICS.md would count from the events, per queue and per agent. */
    static final class Evaluator {
        final Map<String, Integer> entered = new TreeMap<>();
        final Map<String, Integer> answered = new TreeMap<>();
        final Map<String, Integer> abandoned = new TreeMap<>();
        final Map<String, Integer> cleared = new TreeMap<>();
        final Map<String, Integer> callsPerAgent = new TreeMap<>();
        final Map<String, Integer> ringsPerAgent = new TreeMap<>();
        final Map<String, Integer> counts = new TreeMap<>();
        private final Map<String, String> divertedFrom = new HashMap<>();
        private final Set<String> answeredCalls = new java.util.HashSet<>();

        void apply(CanonicalEvent e) {
            counts.merge(e.type().name(), 1, Integer::sum);
            switch (e.type()) {
                case CallQueued -> entered.merge(e.queue(), 1, Integer::sum);
                case CallDiverted -> divertedFrom.put(e.call(), e.queue());
                case CallAbandoned -> abandoned.merge(e.queue(), 1, Integer::sum);
                case CallCleared -> cleared.merge(e.queue(), 1, Integer::sum);
                case CallRinging -> ringsPerAgent.merge(e.agent(), 1, Integer::sum);
                case CallEstablished -> {
                    callsPerAgent.merge(e.agent(), 1, Integer::sum);
                    String q = divertedFrom.get(e.call());
                    // fine point 14: CallAnswered once per call, on the queue it was distributed from
                    if (q != null && answeredCalls.add(e.call())) {
                        answered.merge(q, 1, Integer::sum);
                    }
                }
                default -> { }
            }
        }
    }

    record Replay(QueueLogMapper mapper, List<CanonicalEvent> events, Evaluator eval) {
        int count(String type) {
            return eval.counts.getOrDefault(type, 0);
        }
    }

    static Replay replay(String file) throws IOException {
        Path p = DIR.resolve(file);
        if (!Files.isRegularFile(p)) {
            fail("queue_log test data missing: " + p.toAbsolutePath().normalize()
                + " (expected shared/data/queue_log/ beside the repository root)");
        }
        QueueLogMapper m = new QueueLogMapper("t1", file);
        List<CanonicalEvent> all = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(p, StandardCharsets.UTF_8)) {
            String line;
            long n = 0;
            while ((line = r.readLine()) != null) {
                all.addAll(m.map(++n, line));
            }
        }
        Mapped.checkAll(all);
        System.out.println(file + ": " + m.stats());
        Evaluator ev = new Evaluator();
        all.forEach(ev::apply);
        return new Replay(m, all, ev);
    }

    @Test
    public void fixture201() throws IOException {
        Replay r = replay("fixture-201-2018.queue_log");
        // wc -l: 23 lines (2 of them empty)
        assertEquals(23, r.mapper().stats().lines());
        // grep -c '|ENTERQUEUE|' = 8, but sort | uniq -d shows the line of call 1546015415.757927 seven
        // times: without exact duplicates, 2 calls entered (757927, 761192)
        assertEquals(Map.of("201", 2), r.eval().entered);
        // grep -c '|CONNECT|' = 3 distinct calls; 1546023970.760296 never entered (the log is a cut),
        // it is still distributed from 201 and answered
        assertEquals(Map.of("201", 3), r.eval().answered);
        assertEquals(Map.of(), r.eval().abandoned);
        assertEquals(Map.of(), r.eval().cleared);
        // awk -F'|' '$5=="CONNECT"{print $4}' | sort | uniq -c
        assertEquals(Map.of("Paty Marin", 3), r.eval().callsPerAgent);
        // rings: 3 RINGNOANSWER (people's names) + 3 CONNECT
        assertEquals(Map.of("Paty Marin", 3, "John Rembold", 1, "Tania Lissete Flores Zavala", 1,
            "Sara Sangri", 1), r.eval().ringsPerAgent);
        // releases: 3 RINGNOANSWER + COMPLETECALLER of 757927 + the first COMPLETEAGENT of 760296; the
        // COMPLETECALLER of 1546023604.760166 (never connected) and the three repeated COMPLETEAGENT
        // make nothing
        assertEquals(5, r.count("CallReleased"));
        Map<String, Long> skipped = r.mapper().stats().skipped();
        assertEquals(Long.valueOf(6), skipped.get("duplicate line"));
        assertEquals(Long.valueOf(3), skipped.get("call already released at agent"));
        assertEquals(Long.valueOf(1), skipped.get("call not connected at agent"));
        assertEquals(Long.valueOf(2), skipped.get("blank line"));
        assertEquals(Long.valueOf(1), skipped.get("ignored event DID"));
        // 761192 is connected to Paty Marin when the cut ends
        assertEquals(Set.of("1546027663.761192"), r.mapper().openCalls());
    }

    @Test
    public void freepbx500() throws IOException {
        Replay r = replay("freepbx-500-2022.queue_log");
        assertEquals(923, r.mapper().stats().lines());
        // grep -ac '|ENTERQUEUE|' = 33 (33 distinct callids, no duplicate line: tr -d '\000' | sort | uniq -d)
        assertEquals(Map.of("500", 33), r.eval().entered);
        // grep -ac '|CONNECT|' = 3
        assertEquals(Map.of("500", 3), r.eval().answered);
        // grep -ac '|ABANDON|' = 30
        assertEquals(Map.of("500", 30), r.eval().abandoned);
        assertEquals(Map.of(), r.eval().cleared);
        // the 3 CONNECT are by 'Sathish', the member name of SIP/1001 (each ADDMEMBER SIP/1001 is
        // followed in the same second by UNPAUSEALL/UNPAUSE of Sathish): agent 1001
        assertEquals(Map.of("1001", 3), r.eval().callsPerAgent);
        // 3 CONNECT + 1 RINGNOANSWER, all Sathish
        assertEquals(Map.of("1001", 4), r.eval().ringsPerAgent);
        // grep -ac '|ADDMEMBER|' = grep -ac '|REMOVEMEMBER|' = 60, alternating per interface (awk check:
        // no interface added twice without a removal): 60 logins and 60 logouts
        assertEquals(60, r.count("AgentLogin"));
        assertEquals(60, r.count("AgentLogout"));
        // the UNPAUSEALL/UNPAUSE after each ADDMEMBER find the agent already ready
        assertEquals(60, r.count("AgentReady"));
        assertEquals(0, r.count("AgentNotReady"));
        assertEquals(120, (long) r.mapper().stats().skipped().get("agent already ready"));
        // agents: 1000 (SIP/1000 = Karthik, then 'Agent 1'), 1001 (Karthik/karthik, then Sathish), 1003
        // (kishore); no event names a plain name
        assertTrue(r.events().stream().allMatch(e -> e.agent() == null || e.agent().matches("100[013]")));
        // 482 CONFIGRELOAD + 98 QUEUESTART, 33 DID; grep -naP '\x00': 3 lines with NUL bytes (78, 156
        // and 78 of them), each a run of NULs then a whole QUEUESTART line: read, then ignored
        Map<String, Long> skipped = r.mapper().stats().skipped();
        assertEquals(Long.valueOf(482), skipped.get("ignored event CONFIGRELOAD"));
        assertEquals(Long.valueOf(98), skipped.get("ignored event QUEUESTART"));
        assertEquals(Long.valueOf(33), skipped.get("ignored event DID"));
        assertEquals(null, skipped.get("malformed: NUL bytes"));
        assertEquals(3, r.mapper().stats().recovered());
        assertEquals(Set.of(), r.mapper().openCalls());
    }

    @Test
    public void pbxwareIt() throws IOException {
        Replay r = replay("pbxware-it-2018.queue_log");
        assertEquals(1000, r.mapper().stats().lines());
        // grep -c '|ENTERQUEUE|' = 108 (no callid twice)
        assertEquals(Map.of("IT", 108), r.eval().entered);
        // grep -c '|CONNECT|' = 93 (no callid twice, every one entered IT before)
        assertEquals(Map.of("IT", 93), r.eval().answered);
        // grep -c '|ABANDON|' = 12; grep -c '|EXITWITHTIMEOUT|' = 1
        assertEquals(Map.of("IT", 12), r.eval().abandoned);
        assertEquals(Map.of("IT", 1), r.eval().cleared);
        // awk -F'|' '$5=="CONNECT"{print $4}' | sort | uniq -c  (all Agent/NNNN)
        assertEquals(Map.of("1109", 17, "1126", 13, "1127", 18, "1128", 13, "1141", 22, "1144", 10),
            r.eval().callsPerAgent);
        // rings = RINGNOANSWER per agent (awk ... $5=="RINGNOANSWER") + CONNECT per agent
        assertEquals(Map.of("1109", 64 + 17, "1126", 50 + 13, "1127", 58 + 18, "1128", 25 + 13,
            "1141", 110 + 22, "1144", 53 + 10), r.eval().ringsPerAgent);
        // 51 COMPLETEAGENT + 38 COMPLETECALLER + 1 BLINDTRANSFER + 1 ATTENDEDTRANSFER + 360 RINGNOANSWER
        assertEquals(51 + 38 + 2 + 360, r.count("CallReleased"));
        // 14 ADDMEMBER+AGENTCALLBACKLOGIN pairs log in; the 12 ADDMEMBER by MANAGER after QUEUESTART
        // re-add members already logged in; 10 REMOVEMEMBER+AGENTCALLBACKLOGOFF pairs log out
        assertEquals(14, r.count("AgentLogin"));
        assertEquals(10, r.count("AgentLogout"));
        // OUTDIAL (128), OUTANSWER (77), OUTCANCEL (24), OUTCHANUNAVAIL (18), OUTCONGESTION (9),
        // OUTTRANSFER (1): PBXware callback-agent outbound calls, not queue calls
        Map<String, Long> skipped = r.mapper().stats().skipped();
        assertEquals(Long.valueOf(128), skipped.get("unknown event OUTDIAL"));
        assertEquals(Long.valueOf(77), skipped.get("unknown event OUTANSWER"));
        // open at the end (awk over ENTERQUEUE/CONNECT/ABANDON/EXIT*/COMPLETE*/TRANSFER): two waiting
        // in IT, two still connected
        assertEquals(Set.of("1543942788.2389", "1543942842.2438", "1543942189.2194", "1543942358.2226"),
            r.mapper().openCalls());
    }
}
