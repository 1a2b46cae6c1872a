package io.switchboard.api;

/**
 * The input limits of every field Switchboard takes from outside (events over TCP, HTTP and
 * queue_log, statistics requests, interaction requests), in one place so that each edge judges a
 * value the same way and answers a 400 naming the field rather than letting it reach a store,
 * the grid or a date calculation that cannot hold it.
 */
public final class Limits {

    /** tenant, queue, id, agent, place, dn, call, source, workbin, owner, names: characters. */
    public static final int NAME = 128;
    /** media: characters. */
    public static final int MEDIA = 64;
    /** one attached-data key: characters. */
    public static final int DATA_KEY = 128;
    /** one attached-data value: characters. */
    public static final int DATA_VALUE = 4000;
    /** attached data as a whole: keys and values, characters (the interaction store keeps 32000). */
    public static final int DATA_TOTAL = 16000;
    /** a stop, reject or not-ready reason: characters. */
    public static final int REASON = 1000;
    /**
     * The largest event {@code seq}: a signed 64-bit integer, so that a source numbering its
     * events by epoch nanoseconds (above 2^53) keeps working; larger numbers are refused by name.
     */
    public static final long SEQ_MAX = Long.MAX_VALUE;
    /** The earliest event {@code ts} (inclusive): 1970-01-01T00:00:00Z. */
    public static final long TS_MIN = 0L;
    /** The latest event {@code ts} (inclusive): 9999-12-31T23:59:59.999Z. */
    public static final long TS_MAX = 253_402_300_799_999L;
    /** A notification frequency or insensitivity of a statistics request: at most a day / this percent. */
    public static final long FREQUENCY_MAX_SECONDS = 86_400L;
    public static final double INSENSITIVITY_MAX = 1_000_000d;
    /** Entries in a statistics filter's media list. */
    public static final int FILTER_MEDIA_MAX = 64;
    /** Statistics opened by one request ({@code POST /api/v1/stats} with an array). */
    public static final int OPEN_BATCH_MAX = 10_000;
    /** Objects in one configuration document ({@code POST /api/v1/config/import}). */
    public static final int CONFIG_OBJECTS_MAX = 100_000;
    /** Members of one configured group. */
    public static final int CONFIG_MEMBERS_MAX = 10_000;
    /** Attributes (name, strict, ...) of one configuration object, identity fields not counted. */
    public static final int CONFIG_ATTRIBUTES_MAX = 64;
    /** One line of events or queue_log, in characters (as on the TCP transport: 64 KiB). */
    public static final int LINE = 64 * 1024;
    /**
     * The largest queue_log line number: an event's {@code seq} is ten times its line plus its
     * index in the line (at most 9), which must stay within {@link #SEQ_MAX}.
     */
    public static final long QUEUE_LOG_LINE_MAX = (SEQ_MAX - 9) / 10;

    private Limits() {
    }

    /** The limit in characters of a named text field (its last path element decides). */
    public static int of(String field) {
        String leaf = field.substring(field.lastIndexOf('.') + 1);
        switch (leaf) {
            case "media":
                return MEDIA;
            case "reason":
                return REASON;
            default:
                return NAME;
        }
    }

    /**
     * Null when {@code value} fits the text field {@code field}, otherwise the message of the 400:
     * too long, or holding a control character (which no identifier of ours needs and which breaks
     * logs, CSV exports and the NDJSON lines of the journal).
     */
    public static String checkText(String field, String value) {
        if (value == null) {
            return null;
        }
        int max = of(field);
        if (value.length() > max) {
            return "field '" + field + "' is longer than " + max + " characters";
        }
        if (!"reason".equals(field.substring(field.lastIndexOf('.') + 1))) {
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c < 0x20 || c == 0x7f) {
                    return "field '" + field + "' must not contain control characters";
                }
            }
        }
        return null;
    }
    /**
     * Null when attached data fits (keys of 1 to {@link #DATA_KEY}, values up to {@link #DATA_VALUE},
     * all of it up to {@link #DATA_TOTAL} characters), otherwise the message of the 400 naming
     * {@code field}, {@code field.<key>} for one value.
     */
    public static String checkData(String field, java.util.Map<String, String> data) {
        if (data == null) {
            return null;
        }
        int total = 0;
        for (java.util.Map.Entry<String, String> e : data.entrySet()) {
            String key = e.getKey();
            if (key == null || key.isEmpty() || key.length() > DATA_KEY) {
                return "a key of '" + field + "' must have 1 to " + DATA_KEY + " characters";
            }
            String v = e.getValue();
            if (v != null && v.length() > DATA_VALUE) {
                return "field '" + field + "." + key + "' is longer than " + DATA_VALUE + " characters";
            }
            total += key.length() + (v == null ? 0 : v.length());
            if (total > DATA_TOTAL) {
                return "field '" + field + "' is longer than " + DATA_TOTAL + " characters in all";
            }
        }
        return null;
    }
}
