package io.switchboard.engine.internal.core;

import io.switchboard.api.event.CanonicalEvent;
import io.switchboard.api.event.EventType;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import io.switchboard.engine.internal.stats.ActionHistory;

/**
 * The state machine of one DN (voice) or one media login (other media): login, readiness and the
 * calls present. The actions in progress are derived from that state after every event, and the
 * difference to the previous set is reported as started/ended actions; the status is the
 * highest-priority action in progress.
 */
public final class EndpointState {

    final String dn;
    final String media;
    boolean loggedIn;
    /**
     * The sources that hold this media login (not on voice, where one source reports a DN): an
     * agent logged in on chat through two interaction nodes stays logged in until both logged
     * out. Empty for a login read from a version-1 state (its sources unknown). Null until one is
     * held: voice endpoints, most of a center's, never need the set.
     */
    private java.util.TreeSet<String> holders;
    Readiness readiness = Readiness.NONE;
    final LinkedHashMap<String, CallLeg> calls = new LinkedHashMap<>();
    final List<RunningAction> running = new ArrayList<>();
    String status = Actions.LOGGED_OUT;
    /** -1 while the endpoint has had no event. */
    long statusSince = -1;
    String statusCall;
    /** This endpoint's finished actions and status stretches, for DN statistics. */
    ActionHistory history = new ActionHistory();

    public EndpointState(String dn, String media) {
        this.dn = dn;
        this.media = media;
    }

    public String dn() {
        return dn;
    }

    public String media() {
        return media;
    }

    public boolean loggedIn() {
        return loggedIn;
    }

    public Readiness readiness() {
        return readiness;
    }

    public Map<String, CallLeg> calls() {
        return calls;
    }

    public List<RunningAction> running() {
        return running;
    }

    public String status() {
        return status;
    }

    public long statusSince() {
        return statusSince;
    }

    public String statusCall() {
        return statusCall;
    }

    public ActionHistory history() {
        return history;
    }

    /** The sources holding this media login (empty on voice). */
    public java.util.SortedSet<String> holders() {
        return holders == null ? java.util.Collections.emptySortedSet()
                : java.util.Collections.unmodifiableSortedSet(holders);
    }

    /** Marks {@code source} as holding this media login. */
    void addHolder(String source) {
        if (holders == null) {
            holders = new java.util.TreeSet<>();
        }
        holders.add(source);
    }

    private boolean composesSources(CanonicalEvent e) {
        return !e.isVoice() && e.agent() != null && e.source() != null;
    }

    private void hold(CanonicalEvent e) {
        if (composesSources(e)) {
            addHolder(e.source());
        }
    }

    /** A logout from one source; true when no source holds the login any more (it ends). */
    private boolean release(CanonicalEvent e) {
        if (!composesSources(e)) {
            holders = null;
            return true;
        }
        if (holders != null) {
            holders.remove(e.source());
            if (!holders.isEmpty()) {
                return false;
            }
            holders = null;
        }
        return true;
    }

    /** The endpoint key inside its agent: the DN on voice, {@code @media} elsewhere. */
    public static String key(CanonicalEvent e) {
        return e.isVoice() || e.agent() == null ? e.dn() : "@" + e.media();
    }

    /** Applies one event addressed to this endpoint; returns the action changes it caused. */
    public List<ActionRecord> apply(CanonicalEvent e, StatusPriority priority) {
        List<ActionRecord> out = new ArrayList<>(4);
        long ts = e.ts();
        CallLeg removed = null;
        switch (e.type()) {
            case AgentLogin:
                hold(e);
                loggedIn = true;
                break;
            case AgentLogout:
                if (release(e)) {
                    loggedIn = false;
                    readiness = Readiness.NONE;
                }
                break;
            case AgentReady:
                // Feeds that start mid-day send readiness without the login before it.
                hold(e);
                loggedIn = true;
                readiness = Readiness.READY;
                break;
            case AgentNotReady:
                hold(e);
                loggedIn = true;
                readiness = CanonicalEvent.ACW.equals(e.workMode()) ? Readiness.ACW : Readiness.NOT_READY;
                break;
            case CallRinging:
                leg(e, CallLeg.Phase.RINGING, ts);
                break;
            case CallDialing:
                leg(e, CallLeg.Phase.DIALING, ts);
                break;
            case CallEstablished: {
                CallLeg leg = calls.get(e.call());
                if (leg == null) {
                    // Answered without ringing here first: the ringing time is 0.
                    leg = leg(e, CallLeg.Phase.TALKING, ts);
                    if ("inbound".equals(leg.direction)) {
                        out.add(instant(Actions.CALL_ANSWERED, leg, ts));
                    }
                } else if (leg.phase != CallLeg.Phase.TALKING) {
                    merge(leg, e);
                    boolean wasRinging = leg.phase == CallLeg.Phase.RINGING;
                    leg.phase = CallLeg.Phase.TALKING;
                    if (e.direction() != null && !e.direction().isEmpty()) {
                        leg.direction = e.direction();
                    }
                    if (wasRinging && "inbound".equals(leg.direction)) {
                        out.add(instant(Actions.CALL_ANSWERED, leg, ts));
                    }
                } else {
                    merge(leg, e);
                }
                break;
            }
            case CallHeld: {
                CallLeg leg = calls.get(e.call());
                if (leg != null) {
                    merge(leg, e);
                    leg.held = true;
                }
                break;
            }
            case CallRetrieved: {
                CallLeg leg = calls.get(e.call());
                if (leg != null) {
                    merge(leg, e);
                    leg.held = false;
                }
                break;
            }
            case CallReleased:
                removed = calls.remove(e.call());
                break;
            case CallAbandoned: {
                removed = calls.remove(e.call());
                if (removed != null) {
                    merge(removed, e);
                    if (removed.phase == CallLeg.Phase.RINGING) {
                        out.add(instant(Actions.CALL_ABANDONED_FROM_RINGING, removed, ts));
                    }
                }
                break;
            }
            default:
                break;
        }
        derive(ts, priority, out, removed);
        history.append(out);
        if (e.call() != null && !e.data().isEmpty()) {
            history.updateCallData(e.call(), e.data());
        }
        history.recordStatus(status, statusSince);
        return out;
    }

    private ActionRecord instant(String name, CallLeg leg, long ts) {
        return new ActionRecord(ActionRecord.Kind.INSTANT, name, leg.offeredAt, ts, leg.call, media,
                Map.copyOf(leg.data));
    }

    private CallLeg leg(CanonicalEvent e, CallLeg.Phase phase, long ts) {
        CallLeg leg = calls.get(e.call());
        if (leg == null) {
            leg = new CallLeg(e.call(), phase, e.effectiveDirection(), ts);
            calls.put(e.call(), leg);
        }
        merge(leg, e);
        return leg;
    }

    private static void merge(CallLeg leg, CanonicalEvent e) {
        leg.data.putAll(e.data());
    }

    /** Recomputes the actions in progress from the state and reports the difference. */
    private void derive(long ts, StatusPriority priority, List<ActionRecord> out, CallLeg removed) {
        List<RunningAction> desired = new ArrayList<>(4);
        if (loggedIn) {
            desired.add(new RunningAction(Actions.LOGGED_IN, ts, null, media));
            if (calls.isEmpty() && readiness.action() != null) {
                desired.add(new RunningAction(readiness.action(), ts, null, media));
            }
        }
        for (CallLeg leg : calls.values()) {
            String name;
            switch (leg.phase) {
                case RINGING:
                    name = Actions.CALL_RINGING;
                    break;
                case DIALING:
                    name = Actions.CALL_DIALING;
                    break;
                default:
                    name = Actions.talkAction(leg.direction);
                    break;
            }
            desired.add(new RunningAction(name, ts, leg.call, media));
            if (leg.held) {
                desired.add(new RunningAction(Actions.CALL_ON_HOLD, ts, leg.call, media));
            }
        }
        for (Iterator<RunningAction> it = running.iterator(); it.hasNext();) {
            RunningAction r = it.next();
            if (!contains(desired, r.name(), r.call())) {
                it.remove();
                out.add(new ActionRecord(ActionRecord.Kind.ENDED, r.name(), r.start(), ts, r.call(), r.media(),
                        dataOf(r.call(), removed)));
            }
        }
        for (RunningAction d : desired) {
            if (!contains(running, d.name(), d.call())) {
                running.add(d);
                out.add(new ActionRecord(ActionRecord.Kind.STARTED, d.name(), ts, ts, d.call(), d.media(),
                        dataOf(d.call(), null)));
            }
        }
        RunningAction top = priority.top(running);
        String newStatus = top == null ? Actions.LOGGED_OUT : top.name();
        if (!newStatus.equals(status) || statusSince < 0) {
            status = newStatus;
            statusSince = ts;
        }
        statusCall = top == null ? null : top.call();
    }

    private Map<String, String> dataOf(String call, CallLeg removed) {
        if (call == null) {
            return Map.of();
        }
        CallLeg leg = calls.get(call);
        if (leg == null && removed != null && removed.call.equals(call)) {
            leg = removed;
        }
        return leg == null ? Map.of() : Map.copyOf(leg.data);
    }

    private static boolean contains(List<RunningAction> list, String name, String call) {
        for (RunningAction r : list) {
            if (r.sameAs(name, call)) {
                return true;
            }
        }
        return false;
    }

    /** True when nothing is going on here and it can be forgotten. */
    public boolean idle() {
        return !loggedIn && calls.isEmpty();
    }
}
