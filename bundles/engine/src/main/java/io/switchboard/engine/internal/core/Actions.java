package io.switchboard.engine.internal.core;

import java.util.List;

/** Action and status names of STATISTICS.md. */
public final class Actions {

    public static final String LOGGED_IN = "LoggedIn";
    public static final String LOGGED_OUT = "LoggedOut";
    public static final String WAIT_FOR_NEXT_CALL = "WaitForNextCall";
    public static final String NOT_READY_FOR_NEXT_CALL = "NotReadyForNextCall";
    public static final String AFTER_CALL_WORK = "AfterCallWork";
    public static final String CALL_RINGING = "CallRinging";
    public static final String CALL_DIALING = "CallDialing";
    public static final String CALL_INBOUND = "CallInbound";
    public static final String CALL_OUTBOUND = "CallOutbound";
    public static final String CALL_INTERNAL = "CallInternal";
    public static final String CALL_CONSULT = "CallConsult";
    public static final String CALL_ON_HOLD = "CallOnHold";
    public static final String CALL_ANSWERED = "CallAnswered";
    public static final String CALL_ABANDONED_FROM_RINGING = "CallAbandonedFromRinging";

    public static final String CALL_ENTERED = "CallEntered";
    public static final String CALL_WAIT = "CallWait";
    public static final String CALL_DISTRIBUTED = "CallDistributed";
    public static final String CALL_ABANDONED = "CallAbandoned";
    public static final String CALL_CLEARED = "CallCleared";

    /** Default status priority, highest first. */
    public static final List<String> DEFAULT_PRIORITY = List.of(CALL_RINGING, CALL_DIALING, CALL_ON_HOLD,
            CALL_CONSULT, CALL_INTERNAL, CALL_OUTBOUND, CALL_INBOUND, AFTER_CALL_WORK, NOT_READY_FOR_NEXT_CALL,
            WAIT_FOR_NEXT_CALL, LOGGED_IN, LOGGED_OUT);

    /** Every action an agent-side object (DN, Agent, Place) can have. */
    public static final List<String> AGENT_ACTIONS = List.of(LOGGED_IN, WAIT_FOR_NEXT_CALL,
            NOT_READY_FOR_NEXT_CALL, AFTER_CALL_WORK, CALL_RINGING, CALL_DIALING, CALL_INBOUND, CALL_OUTBOUND,
            CALL_INTERNAL, CALL_CONSULT, CALL_ON_HOLD, CALL_ANSWERED, CALL_ABANDONED_FROM_RINGING);

    /** Every action a queue-side object (Queue, QueueGroup) can have. */
    public static final List<String> QUEUE_ACTIONS = List.of(CALL_ENTERED, CALL_WAIT, CALL_DISTRIBUTED,
            CALL_ABANDONED, CALL_CLEARED, CALL_ANSWERED);

    private Actions() {
    }

    /** The talk action of a call by its direction. */
    public static String talkAction(String direction) {
        switch (direction == null ? "inbound" : direction) {
            case "outbound":
                return CALL_OUTBOUND;
            case "internal":
                return CALL_INTERNAL;
            case "consult":
                return CALL_CONSULT;
            default:
                return CALL_INBOUND;
        }
    }

    public static boolean isKnown(String name) {
        return AGENT_ACTIONS.contains(name) || QUEUE_ACTIONS.contains(name) || LOGGED_OUT.equals(name);
    }
}
