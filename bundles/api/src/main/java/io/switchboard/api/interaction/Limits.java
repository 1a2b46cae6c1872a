package io.switchboard.api.interaction;

/**
 * Input limits of interaction requests, checked at the edge so that a value the store cannot hold
 * is a 400 naming the field rather than a data error deep in a node (the columns of the node's
 * schema are these widths).
 */
public final class Limits {

    /** tenant, queue, id, agent, place, workbin, owner: characters. */
    public static final int NAME = 128;
    /** media: characters. */
    public static final int MEDIA = 64;
    /** one attached-data key: characters. */
    public static final int DATA_KEY = 128;
    /** one attached-data value: characters. */
    public static final int DATA_VALUE = 4000;
    /** attached data as a whole: keys and values, characters (the store keeps it in 32000). */
    public static final int DATA_TOTAL = 16000;
    /** a stop or reject reason: characters. */
    public static final int REASON = 1000;

    private Limits() {
    }

    /** The limit for a named text field of an interaction request. */
    public static int of(String field) {
        switch (field) {
            case "media":
                return MEDIA;
            case "reason":
                return REASON;
            default:
                return NAME;
        }
    }
}
