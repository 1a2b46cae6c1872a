package io.switchboard.adapter.queuelog.internal;

import io.switchboard.api.Limits;
import io.switchboard.api.event.CanonicalEvent;
import io.switchboard.api.event.EventType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Maps Asterisk {@code queue_log} lines ({@code epoch|callid|queue|agent|event|data1|data2|...}) to
 * canonical events (EVENTS.md). Plain Java, no OSGi; one instance per file or stream, because it is
 * stateful (queue membership and readiness per agent, what is open per call, the last time stamp per
 * call, member-name aliases). Not thread-safe.
 *
 * <h2>Identity of the events</h2>
 * Tenant and source come from configuration. {@code ts} is the line's epoch in milliseconds
 * (fractional seconds are kept to the millisecond). {@code seq = lineNumber * 10 + k}, k = 0..9 the
 * k-th event made from the line (line numbers start at 1), so {@code seq / 10} is the line.
 *
 * <h2>Mapping</h2>
 * <ul>
 * <li>ENTERQUEUE: CallQueued(queue, call).</li>
 * <li>CONNECT (data1 hold s, data2 bridged uniqueid, data3 ring s, any of them possibly absent or
 * empty): CallDiverted(queue, call, dn = agent) and CallRinging(agent, dn, call), both at
 * {@code ts - ringtime} (ts when the ring time is unknown), then CallEstablished at ts. The call is
 * diverted when it starts ringing at the agent that answers, so CallWait ends there and
 * CallAnswered (CallQueued to CallEstablished) still covers the whole wait.</li>
 * <li>COMPLETEAGENT, COMPLETECALLER, TRANSFER, BLINDTRANSFER, ATTENDEDTRANSFER: CallReleased(agent,
 * dn, call), only when the call is connected at that agent (see below).</li>
 * <li>ABANDON: CallAbandoned(queue, call). EXITWITHTIMEOUT, EXITWITHKEY, EXITEMPTY:
 * CallCleared(queue, call, reason = the event name).</li>
 * <li>RINGNOANSWER (data1 ring ms): CallRinging at {@code ts - ringtime}, CallReleased at ts; the
 * call stays in the queue.</li>
 * <li>AGENTLOGIN, AGENTCALLBACKLOGIN, ADDMEMBER: AgentLogin(agent, dn, queue unless NONE) +
 * AgentReady, only when the agent is not logged in yet. Membership is kept per agent: a queue per
 * ADDMEMBER, and one pseudo membership for an AGENT(CALLBACK)LOGIN (queue NONE, the chan_agent
 * login). REMOVEMEMBER: AgentLogout only when the agent leaves its last membership.
 * AGENTLOGOFF, AGENTCALLBACKLOGOFF: AgentLogout when logged in, and all memberships are forgotten.
 * AGENTCALLBACKLOGIN/LOGOFF (Asterisk 1.2/1.4, the PBXware log has them) are treated like
 * AGENTLOGIN/LOGOFF.</li>
 * <li>PAUSE, PAUSEALL: AgentNotReady(agent, dn, reason = data1 when not empty); UNPAUSE,
 * UNPAUSEALL: AgentReady. Readiness is per agent, not per queue (our agent has one status): an
 * event that does not change the agent's known readiness (UNPAUSEALL then UNPAUSE on each queue,
 * the UNPAUSE that follows an ADDMEMBER) makes nothing. Readiness events are emitted even for an
 * agent this stream never saw log in (a file that starts mid-day).</li>
 * <li>Everything else (CONFIGRELOAD, QUEUESTART, DID, OUTDIAL, ... and unknown events), callid
 * NONE/MANAGER/REALTIME on a call event, lines with too few fields, NUL bytes or garbage: no event,
 * counted in {@link Stats#skipped()} by reason; never an exception.</li>
 * </ul>
 *
 * <h2>Member names</h2>
 * A name with a known technology prefix, in any case ({@code SIP/201}, {@code PJSIP/201},
 * {@code IAX2/201}, {@code Local/201@ctx/n}, {@code Agent/201}, {@code local/201@...}) is agent
 * {@code 201}: the part after the slash, cut at the first {@code @} or {@code /}. A name without a
 * technology prefix ({@code Ann Lee}) stays as it is. The agent's DN (voice) is the agent id.
 * Decisions forced by the logs:
 * <ul>
 * <li><b>Case.</b> Names without prefix are compared ignoring case and keep the spelling first seen
 * in the stream ({@code karthik} after {@code Karthik} is agent {@code Karthik}). In the FreePBX log
 * both spellings come right after an ADDMEMBER of the same interface {@code SIP/1001}: one person
 * whose member name was retyped; Asterisk itself matches interfaces and member names without case.
 * Keeping the first spelling (instead of lower-casing) leaves {@code Ann Lee} as it is.</li>
 * <li><b>Interface and member name.</b> FreePBX logs ADDMEMBER/REMOVEMEMBER under the interface
 * ({@code SIP/1001}) but PAUSE/UNPAUSE/CONNECT/RINGNOANSWER under the member name
 * ({@code Sathish}), so without a link the agent who logs in never takes a call and the agent who
 * takes calls never logs in. Asterisk writes the (UN)PAUSE(ALL) of a member it adds in the same
 * second, on the next lines; so a plain name whose (UN)PAUSE(ALL) line comes within
 * {@value #ALIAS_WINDOW_LINES} lines after an ADDMEMBER of a prefixed interface and in the same
 * second becomes an alias of that interface's agent id ({@code Sathish} is {@code 1001}). An alias
 * is rebound by a later such pair (the FreePBX box gave {@code SIP/1000} the name {@code Karthik},
 * later {@code Agent 1}). A plain name never paired keeps its own id.</li>
 * </ul>
 *
 * <h2>Time and duplicates</h2>
 * <ul>
 * <li><b>Clamp per call.</b> A call event never has a ts before the previous event of the same call
 * (it is moved forward to it and counted in {@link Stats#clamped()}): no negative queue, ring or
 * talk time. Rings back-dated by their ring time are clamped the same way, so with a ring-all
 * strategy overlapping rings of one call are shortened to start at the call's previous event.
 * Agent events and events of different calls are not reordered: the lines' order is the order.</li>
 * <li><b>Duplicate lines.</b> A line identical to an earlier line of the same call is skipped
 * ("duplicate line": the fixture repeats an ENTERQUEUE six times after the call ended). Closed calls
 * are remembered for this (the last {@value #CLOSED_CALLS_KEPT}).</li>
 * <li><b>Repeated ends.</b> COMPLETE*, TRANSFER* for a call not connected at that agent (already
 * released, or never seen connected: a file starting mid-call) make nothing. An ENTERQUEUE for a
 * call already waiting in that queue, or an ABANDON/EXIT* for a known call not waiting in that
 * queue, make nothing; for a call this stream never saw they are emitted.</li>
 * <li><b>NUL bytes.</b> A run of NUL bytes before a well-formed line (a file block zero-filled by a
 * crash, the next write after the restart following it) is removed and the line is read (counted in
 * {@link Stats#recovered()}); a line that is only NULs, or has NULs elsewhere, is skipped.</li>
 * <li><b>Open at the end.</b> Calls still waiting or connected when the input ends stay open: no
 * event is invented; {@link #openCalls()} lists them.</li>
 * </ul>
 */
public final class QueueLogMapper {

    /** How many lines after an ADDMEMBER a (UN)PAUSE(ALL) line may come to name its member. */
    static final int ALIAS_WINDOW_LINES = 3;

    /** Closed calls remembered for duplicate lines and repeated ends. */
    static final int CLOSED_CALLS_KEPT = 20_000;

    /** Skip reasons that are errors in the input (answered as rejections); the others are noise. */
    public static final String MALFORMED = "malformed: ";

    private static final Set<String> TECHNOLOGIES = Set.of("sip", "pjsip", "iax2", "iax", "local", "agent",
            "dahdi", "zap", "h323", "ooh323", "skinny", "sccp", "mgcp", "unistim", "console", "motif", "jingle",
            "gtalk", "multicastrtp", "websocket", "audiosocket", "dongle", "khomp", "woomera", "misdn", "capi",
            "srx", "lcr", "vpb", "phone", "oss", "alsa", "jack", "bridge", "announcer", "recorder");

    private static final Set<String> NO_CALL = Set.of("NONE", "MANAGER", "REALTIME", "");

    private static final Set<String> NOISE = Set.of("CONFIGRELOAD", "QUEUESTART", "DID", "INFO", "SYSCOMPAT");

    /** Counters of one mapper (one file or stream). */
    public static final class Stats {
        private long lines;
        private long events;
        private long recovered;
        private long clamped;
        private final Map<String, Long> skipped = new TreeMap<>();

        public long lines() { return lines; }

        public long events() { return events; }

        /** Lines read after removing leading NUL bytes. */
        public long recovered() { return recovered; }

        /** Events moved forward to their call's previous event. */
        public long clamped() { return clamped; }

        /** Lines that made no event, by reason. */
        public Map<String, Long> skipped() { return Collections.unmodifiableMap(skipped); }

        public long skippedTotal() {
            return skipped.values().stream().mapToLong(Long::longValue).sum();
        }

        @Override
        public String toString() {
            return "lines=" + lines + " events=" + events + " skipped=" + skippedTotal() + " recovered=" + recovered
                    + " clamped=" + clamped + " " + skipped;
        }
    }

    /** What one line made: events, or the reason it made none. */
    public record Outcome(List<CanonicalEvent> events, String skipped) {
        public boolean malformed() {
            return skipped != null && skipped.startsWith(MALFORMED);
        }
    }

    /** A line of a body that was not a queue_log line. */
    public record Rejection(long line, String error) {
    }

    /**
     * The result of {@link #mapAll}: the events, the malformed lines, the counters, how many lines
     * the body had and which of them were blank.
     */
    public record Batch(List<CanonicalEvent> events, List<Rejection> rejected, Stats stats, int lines,
            Set<Long> blank) {
    }

    /** The line an event's seq came from (in a posted body; a rotated file's seq also carries its generation). */
    public static long lineOf(long seq) {
        return seq / 10;
    }

    /** The seq of the first event a line can give. */
    public static long firstSeqOf(long line) {
        return line * 10;
    }

    private static final class CallState {
        final Set<String> waiting = new HashSet<>();
        final Set<String> connected = new HashSet<>();
        final Set<String> released = new HashSet<>();
        final Set<String> lines = new HashSet<>();
        long lastTs = Long.MIN_VALUE;

        boolean open() {
            return !waiting.isEmpty() || !connected.isEmpty();
        }
    }

    private enum Readiness { UNKNOWN, READY, NOT_READY }

    private static final class AgentState {
        final Set<String> memberships = new TreeSet<>();
        Readiness readiness = Readiness.UNKNOWN;
        String reason;
    }

    /** Pseudo membership of an AGENTLOGIN (queue NONE). */
    private static final String AGENT_CHANNEL = "\u0000agent";

    private final String tenant;
    private final String source;
    private final Stats stats = new Stats();
    private final Map<String, CallState> openCalls = new HashMap<>();
    private final LinkedHashMap<String, CallState> closedCalls = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, CallState> eldest) {
            return size() > CLOSED_CALLS_KEPT;
        }
    };
    private final Map<String, AgentState> agents = new HashMap<>();
    /** Plain member names, lower case, to the agent id they stand for (first spelling or alias). */
    private final Map<String, String> plainNames = new HashMap<>();
    private String pendingAddAgent;
    private long pendingAddTs;
    private long pendingAddLine;

    public QueueLogMapper(String tenant, String source) {
        if (tenant == null || tenant.isBlank()) {
            throw new IllegalArgumentException("tenant is required");
        }
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException("source is required");
        }
        this.tenant = tenant;
        this.source = source;
    }

    public Stats stats() {
        return stats;
    }

    /** Calls still waiting in a queue or connected to an agent. */
    public Set<String> openCalls() {
        return new TreeSet<>(openCalls.keySet());
    }

    /** The events of one line; see the class comment. Never throws on bad input. */
    public List<CanonicalEvent> map(long lineNumber, String line) {
        return mapLine(lineNumber, line).events();
    }

    /** The events of one line, or why it made none. */
    public Outcome mapLine(long lineNumber, String line) {
        if (lineNumber < 1) {
            throw new IllegalArgumentException("line numbers start at 1, not " + lineNumber);
        }
        stats.lines++;
        List<CanonicalEvent> out = new ArrayList<>(3);
        String reason;
        try {
            reason = doMap(lineNumber, line, out);
        } catch (RuntimeException e) {
            // a bug must not stop a tail: count it like garbage
            out.clear();
            reason = MALFORMED + "internal error " + e.getClass().getSimpleName();
        }
        if (reason != null || out.isEmpty()) {
            String r = reason == null ? "no event" : reason;
            stats.skipped.merge(r, 1L, Long::sum);
            return new Outcome(List.of(), r);
        }
        stats.events += out.size();
        return new Outcome(List.copyOf(out), null);
    }

    /**
     * Maps a whole body of queue_log lines (the HTTP POST) with a fresh mapper: the events, and the
     * malformed lines with their number (1-based) and reason. Noise (CONFIGRELOAD, repeated ends...)
     * is not a rejection; it is counted in the stats.
     */
    public static Batch mapAll(String body, String tenant, String source) {
        return mapAll(body, tenant, source, 1);
    }

    /** As {@link #mapAll(String, String, String)}, the body's first line being line {@code firstLine}. */
    public static Batch mapAll(String body, String tenant, String source, long firstLine) {
        return mapAll(new QueueLogMapper(tenant, source), body, firstLine);
    }

    /** The lines of a body as {@link #mapAll} counts them: a final line end starts no line. */
    static long lineCount(String body) {
        if (body == null || body.isEmpty()) {
            return 0;
        }
        long n = 0;
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '\n' || c == '\r' && (i + 1 == body.length() || body.charAt(i + 1) != '\n')) {
                n++;
            }
        }
        char last = body.charAt(body.length() - 1);
        return last == '\n' || last == '\r' ? n : n + 1;
    }

    /** As {@link #mapAll(String, String, String, long)} with a mapper that read the lines before. */
    static Batch mapAll(QueueLogMapper m, String body, long firstLine) {
        List<CanonicalEvent> events = new ArrayList<>();
        List<Rejection> rejected = new ArrayList<>();
        Set<Long> blank = new HashSet<>();
        int n = 0;
        if (body != null && !body.isEmpty()) {
            String[] lines = body.split("\r?\n|\r", -1);
            n = lines.length;
            if (n > 0 && lines[n - 1].isEmpty()) {
                n--; // the final newline ends the last line, it does not start another
            }
            for (int i = 0; i < n; i++) {
                if (lines[i].isBlank()) {
                    blank.add(firstLine + i);
                }
                Outcome o = m.mapLine(firstLine + i, lines[i]);
                events.addAll(o.events());
                if (o.malformed()) {
                    rejected.add(new Rejection(firstLine + i, o.skipped().substring(MALFORMED.length())));
                }
            }
        }
        return new Batch(events, rejected, m.stats(), n, blank);
    }

    // ---------------------------------------------------------------------------------------------

    private String doMap(long lineNumber, String raw, List<CanonicalEvent> out) {
        if (raw == null) {
            return "blank line";
        }
        if (raw.length() > Limits.LINE) {
            // as on the other event transports; nothing of a line that long is kept
            return MALFORMED + "line longer than " + Limits.LINE + " characters";
        }
        if (lineNumber > Limits.QUEUE_LOG_LINE_MAX) {
            return MALFORMED + "line number beyond " + Limits.QUEUE_LOG_LINE_MAX;
        }
        String line = stripEol(raw);
        if (line.indexOf('\0') >= 0) {
            int i = 0;
            while (i < line.length() && line.charAt(i) == '\0') {
                i++;
            }
            String rest = line.substring(i);
            if (i == 0 || rest.isBlank() || rest.indexOf('\0') >= 0) {
                return MALFORMED + "NUL bytes";
            }
            line = rest;
            stats.recovered++;
        }
        if (line.isBlank()) {
            return "blank line";
        }
        String[] f = line.split("\\|", -1);
        if (f.length < 5) {
            return MALFORMED + "too few fields";
        }
        for (int i = 0; i < f.length; i++) {
            f[i] = f[i].trim();
        }
        long ts = parseEpochMillis(f[0]);
        if (ts < 0) {
            return MALFORMED + "bad timestamp";
        }
        String event = f[4];
        if (!isEventName(event)) {
            return MALFORMED + "bad event name";
        }
        String callId = f[1];
        String queue = "NONE".equals(f[2]) ? null : emptyToNull(f[2]);
        String member = "NONE".equals(f[3]) ? null : emptyToNull(f[3]);
        // the call, queue and member become the events' call, queue and agent, and keys of this
        // mapper's state: held to the events' limits before anything is remembered
        String tooBig = Limits.checkText("callid", callId);
        if (tooBig == null) {
            tooBig = Limits.checkText("queue", queue);
        }
        if (tooBig == null) {
            tooBig = Limits.checkText("agent", member);
        }
        // data1.. are numbers but for a PAUSE's reason: none may be longer than a reason
        for (int i = 5; tooBig == null && i < f.length; i++) {
            if (f[i].length() > Limits.REASON) {
                tooBig = "field 'data" + (i - 4) + "' is longer than " + Limits.REASON + " characters";
            }
        }
        if (tooBig != null) {
            return MALFORMED + tooBig;
        }
        Emitter em = new Emitter(lineNumber, out);

        switch (event) {
            case "ADDMEMBER":
            case "AGENTLOGIN":
            case "AGENTCALLBACKLOGIN":
                return login(em, ts, lineNumber, event, queue, member);
            case "REMOVEMEMBER":
            case "AGENTLOGOFF":
            case "AGENTCALLBACKLOGOFF":
                return logout(em, ts, event, queue, member);
            case "PAUSE":
            case "PAUSEALL":
                return readiness(em, ts, lineNumber, false, member, data(f, 1));
            case "UNPAUSE":
            case "UNPAUSEALL":
                return readiness(em, ts, lineNumber, true, member, null);
            case "ENTERQUEUE":
            case "CONNECT":
            case "COMPLETEAGENT":
            case "COMPLETECALLER":
            case "TRANSFER":
            case "BLINDTRANSFER":
            case "ATTENDEDTRANSFER":
            case "ABANDON":
            case "EXITWITHTIMEOUT":
            case "EXITWITHKEY":
            case "EXITEMPTY":
            case "RINGNOANSWER":
                return callEvent(em, ts, line, event, callId, queue, member, f);
            default:
                return (NOISE.contains(event) ? "ignored event " : "unknown event ") + event;
        }
    }

    private String callEvent(Emitter em, long ts, String line, String event, String callId, String queue,
            String member, String[] f) {
        // The bus takes a blank id for a missing one (EventRules), so must the mapper.
        if (callId.isBlank() || NO_CALL.contains(callId)) {
            return "call event without call id (" + (callId.isBlank() ? "blank" : callId) + ")";
        }
        boolean atQueue = event.equals("ENTERQUEUE") || event.equals("ABANDON") || event.startsWith("EXIT");
        if (atQueue && queue == null) {
            return "call event without queue";
        }
        String agent = atQueue ? null : agentOf(member);
        if (!atQueue && agent == null) {
            return "call event without agent";
        }
        CallState c = openCalls.get(callId);
        boolean known = true;
        if (c == null) {
            c = closedCalls.get(callId);
            if (c == null) {
                c = new CallState();
                known = false;
            }
        }
        String key = line.trim();
        if (c.lines.contains(key)) {
            return "duplicate line";
        }
        String skip = null;
        switch (event) {
            case "ENTERQUEUE":
                if (c.waiting.contains(queue)) {
                    skip = "call already in queue";
                    break;
                }
                c.waiting.add(queue);
                em.emit(c, ts, call(EventType.CallQueued, callId).queue(queue));
                break;
            case "CONNECT": {
                if (c.connected.contains(agent)) {
                    skip = "call already connected at agent";
                    break;
                }
                Long ring = seconds(data(f, 3));
                long ringAt = ring == null ? ts : Math.max(Limits.TS_MIN, ts - ring * 1000);
                if (queue != null) {
                    em.emit(c, ringAt, call(EventType.CallDiverted, callId).queue(queue).dn(agent));
                    c.waiting.remove(queue);
                }
                em.emit(c, ringAt, call(EventType.CallRinging, callId).agent(agent).dn(agent));
                em.emit(c, ts, call(EventType.CallEstablished, callId).agent(agent).dn(agent));
                c.connected.add(agent);
                c.released.remove(agent);
                break;
            }
            case "COMPLETEAGENT":
            case "COMPLETECALLER":
            case "TRANSFER":
            case "BLINDTRANSFER":
            case "ATTENDEDTRANSFER":
                if (!c.connected.remove(agent)) {
                    skip = c.released.contains(agent) ? "call already released at agent"
                            : "call not connected at agent";
                    break;
                }
                c.released.add(agent);
                em.emit(c, ts, call(EventType.CallReleased, callId).agent(agent).dn(agent));
                break;
            case "ABANDON":
            case "EXITWITHTIMEOUT":
            case "EXITWITHKEY":
            case "EXITEMPTY":
                if (known && !c.waiting.contains(queue)) {
                    skip = "call not waiting in queue";
                    break;
                }
                c.waiting.remove(queue);
                if (event.equals("ABANDON")) {
                    em.emit(c, ts, call(EventType.CallAbandoned, callId).queue(queue));
                } else {
                    em.emit(c, ts, call(EventType.CallCleared, callId).queue(queue).reason(event));
                }
                break;
            case "RINGNOANSWER": {
                Long ms = millis(data(f, 1));
                long ringAt = ms == null ? ts : Math.max(Limits.TS_MIN, ts - ms);
                em.emit(c, ringAt, call(EventType.CallRinging, callId).agent(agent).dn(agent));
                em.emit(c, ts, call(EventType.CallReleased, callId).agent(agent).dn(agent));
                break;
            }
            default:
                throw new IllegalStateException(event);
        }
        if (skip != null) {
            return skip;
        }
        c.lines.add(key);
        if (c.open()) {
            closedCalls.remove(callId);
            openCalls.put(callId, c);
        } else {
            openCalls.remove(callId);
            closedCalls.put(callId, c);
        }
        return null;
    }

    private String login(Emitter em, long ts, long lineNumber, String event, String queue, String member) {
        String agent = agentOf(member);
        if (agent == null) {
            return "agent event without agent";
        }
        if (event.equals("ADDMEMBER")) {
            if (queue == null) {
                return "ADDMEMBER without queue";
            }
            if (hasTechnology(member)) {
                pendingAddAgent = agent;
                pendingAddTs = ts;
                pendingAddLine = lineNumber;
            }
        }
        AgentState a = agents.computeIfAbsent(agent, k -> new AgentState());
        boolean wasIn = !a.memberships.isEmpty();
        a.memberships.add(event.equals("ADDMEMBER") ? queue : AGENT_CHANNEL);
        if (wasIn) {
            return "agent already logged in";
        }
        em.emit(null, ts, agentEvent(EventType.AgentLogin, agent).queue(queue));
        em.emit(null, ts, agentEvent(EventType.AgentReady, agent));
        a.readiness = Readiness.READY;
        a.reason = null;
        return null;
    }

    private String logout(Emitter em, long ts, String event, String queue, String member) {
        String agent = agentOf(member);
        if (agent == null) {
            return "agent event without agent";
        }
        AgentState a = agents.get(agent);
        if (a == null || a.memberships.isEmpty()) {
            return "agent not logged in";
        }
        if (event.equals("REMOVEMEMBER")) {
            if (queue == null) {
                return "REMOVEMEMBER without queue";
            }
            if (!a.memberships.remove(queue)) {
                return "agent not a member of the queue";
            }
            if (!a.memberships.isEmpty()) {
                return "agent still member of another queue or agent login";
            }
        } else {
            a.memberships.clear();
        }
        a.readiness = Readiness.UNKNOWN;
        a.reason = null;
        em.emit(null, ts, agentEvent(EventType.AgentLogout, agent));
        return null;
    }

    private String readiness(Emitter em, long ts, long lineNumber, boolean ready, String member, String reason) {
        if (member == null) {
            return "agent event without agent";
        }
        if (!hasTechnology(member) && pendingAddAgent != null && ts == pendingAddTs
                && lineNumber > pendingAddLine && lineNumber - pendingAddLine <= ALIAS_WINDOW_LINES) {
            plainNames.put(member.toLowerCase(Locale.ROOT), pendingAddAgent);
        }
        String agent = agentOf(member);
        AgentState a = agents.computeIfAbsent(agent, k -> new AgentState());
        if (ready) {
            if (a.readiness == Readiness.READY) {
                return "agent already ready";
            }
            a.readiness = Readiness.READY;
            a.reason = null;
            em.emit(null, ts, agentEvent(EventType.AgentReady, agent));
        } else {
            if (a.readiness == Readiness.NOT_READY && java.util.Objects.equals(a.reason, reason)) {
                return "agent already not ready";
            }
            a.readiness = Readiness.NOT_READY;
            a.reason = reason;
            em.emit(null, ts, agentEvent(EventType.AgentNotReady, agent).reason(reason));
        }
        return null;
    }

    // ---------------------------------------------------------------------------------------------

    /** Collects the events of one line, numbering them and clamping call events per call. */
    private final class Emitter {
        private final long lineNumber;
        private final List<CanonicalEvent> out;

        Emitter(long lineNumber, List<CanonicalEvent> out) {
            this.lineNumber = lineNumber;
            this.out = out;
        }

        void emit(CallState call, long ts, CanonicalEvent.Builder b) {
            if (out.size() >= 10) {
                throw new IllegalStateException("more than 10 events from one line");
            }
            long at = ts;
            if (call != null) {
                if (at < call.lastTs) {
                    at = call.lastTs;
                    stats.clamped++;
                }
                call.lastTs = at;
            }
            out.add(b.ts(at).seq(firstSeqOf(lineNumber) + out.size()).tenant(tenant).source(source).build());
        }
    }

    private static CanonicalEvent.Builder call(EventType type, String callId) {
        return CanonicalEvent.builder(type).call(callId);
    }

    private static CanonicalEvent.Builder agentEvent(EventType type, String agent) {
        return CanonicalEvent.builder(type).agent(agent).dn(agent);
    }

    /** The agent id of a member name in this stream: prefix removed, plain names by alias or first spelling. */
    String agentOf(String member) {
        if (member == null || member.isBlank() || "NONE".equals(member)) {
            return null;
        }
        String id = memberId(member);
        if (id.isBlank()) {
            return null;
        }
        if (!id.equals(member.trim()) || hasTechnology(member)) {
            return id;
        }
        return plainNames.computeIfAbsent(id.toLowerCase(Locale.ROOT), k -> id);
    }

    /**
     * The stream-independent part of the member-name rule: {@code SIP/201}, {@code PJSIP/201},
     * {@code IAX2/201}, {@code Local/201@ctx/n}, {@code Agent/201} (technology in any case) are
     * {@code 201}; a name without a known technology prefix is returned trimmed.
     */
    public static String memberId(String member) {
        String m = member.trim();
        int slash = m.indexOf('/');
        if (slash <= 0 || !TECHNOLOGIES.contains(m.substring(0, slash).toLowerCase(Locale.ROOT))) {
            return m;
        }
        String rest = m.substring(slash + 1);
        int end = rest.length();
        int at = rest.indexOf('@');
        if (at >= 0) {
            end = Math.min(end, at);
        }
        int sl = rest.indexOf('/');
        if (sl >= 0) {
            end = Math.min(end, sl);
        }
        String id = rest.substring(0, end).trim();
        return id.isEmpty() ? m : id;
    }

    static boolean hasTechnology(String member) {
        if (member == null) {
            return false;
        }
        String m = member.trim();
        int slash = m.indexOf('/');
        return slash > 0 && TECHNOLOGIES.contains(m.substring(0, slash).toLowerCase(Locale.ROOT))
                && !memberId(m).equals(m);
    }

    /** Epoch seconds, optionally with a fraction, to milliseconds; -1 when not a time stamp. */
    static long parseEpochMillis(String s) {
        if (s.isEmpty() || s.length() > 24) {
            return -1;
        }
        int dot = s.indexOf('.');
        String whole = dot < 0 ? s : s.substring(0, dot);
        String frac = dot < 0 ? "" : s.substring(dot + 1);
        if (whole.isEmpty() || whole.length() > 12 || !digits(whole) || !digits(frac)) {
            return -1;
        }
        long ms = Long.parseLong(whole) * 1000;
        if (!frac.isEmpty()) {
            String f3 = (frac + "00").substring(0, 3);
            ms += Long.parseLong(f3);
        }
        // beyond what an event's ts may be: the bus would refuse what the line maps to
        return ms > Limits.TS_MAX ? -1 : ms;
    }

    private static boolean digits(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static boolean isEventName(String s) {
        if (s.isEmpty() || s.length() > 40) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = c >= 'A' && c <= 'Z' || c == '_' || i > 0 && c >= '0' && c <= '9';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** A whole number of seconds (ring time of CONNECT), null when absent or not a number. */
    private static Long seconds(String s) {
        return s == null || s.isEmpty() || s.length() > 9 || !digits(s) ? null : Long.parseLong(s);
    }

    /** Milliseconds (ring time of RINGNOANSWER), null when absent or not a number. */
    private static Long millis(String s) {
        return s == null || s.isEmpty() || s.length() > 12 || !digits(s) ? null : Long.parseLong(s);
    }

    /** data1 is {@code data(f, 1)}. */
    private static String data(String[] f, int n) {
        int i = 4 + n;
        return i < f.length ? emptyToNull(f[i]) : null;
    }

    private static String emptyToNull(String s) {
        // blank as well: the bus refuses a blank queue or agent as missing
        return s == null || s.isBlank() ? null : s;
    }

    private static String stripEol(String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == '\n' || s.charAt(end - 1) == '\r')) {
            end--;
        }
        return s.substring(0, end);
    }
}
