package io.switchboard.api.interaction;

/**
 * Input limits of interaction requests: those of {@link io.switchboard.api.Limits}, which every
 * edge shares; kept here under their interaction names for the proxy and its tests.
 */
public final class Limits {

    /** tenant, queue, id, agent, place, workbin, owner: characters. */
    public static final int NAME = io.switchboard.api.Limits.NAME;
    /** media: characters. */
    public static final int MEDIA = io.switchboard.api.Limits.MEDIA;
    /** one attached-data key: characters. */
    public static final int DATA_KEY = io.switchboard.api.Limits.DATA_KEY;
    /** one attached-data value: characters. */
    public static final int DATA_VALUE = io.switchboard.api.Limits.DATA_VALUE;
    /** attached data as a whole: keys and values, characters. */
    public static final int DATA_TOTAL = io.switchboard.api.Limits.DATA_TOTAL;
    /** a stop or reject reason: characters. */
    public static final int REASON = io.switchboard.api.Limits.REASON;

    private Limits() {
    }

    /** The limit for a named text field of an interaction request. */
    public static int of(String field) {
        return io.switchboard.api.Limits.of(field);
    }
}
