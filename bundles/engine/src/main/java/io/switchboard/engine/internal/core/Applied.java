package io.switchboard.engine.internal.core;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The last event of each source applied to one object. Hazelcast retries an operation whose
 * member died before answering, on the backup that already ran it; with this mark the retry
 * changes nothing, so a member's death never counts an event twice. The results of the recent
 * applications are kept (in memory only, on primary and backup alike, since both ran them) so
 * that a retry, or a whole batch resent, answers what the first run did.
 */
public final class Applied {

    /** Results of the last events applied, so that a resent batch gets them all again. */
    private static final int RECENT = 256;

    private final Map<String, Long> lastSeq = new HashMap<>(4);
    private transient LinkedHashMap<String, Object> recent;

    /**
     * Marks {@code (source, seq)} applied; false if it already was (then {@link #lastResult}
     * may hold what the first run returned).
     */
    public boolean mark(String source, long seq) {
        Long last = lastSeq.get(source);
        if (last != null && seq <= last) {
            return false;
        }
        lastSeq.put(source, seq);
        return true;
    }

    public void remember(String source, long seq, Object result) {
        if (result == null) {
            return;
        }
        if (recent == null) {
            recent = new LinkedHashMap<>(16, 0.75f, false) {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Object> eldest) {
                    return size() > RECENT;
                }
            };
        }
        recent.put(source + '#' + seq, result);
    }

    /** What the first run returned for this event, if this replica ran it recently. */
    public Object lastResult(String source, long seq) {
        return recent == null ? null : recent.get(source + '#' + seq);
    }

    public void write(DataOutput out) throws IOException {
        out.writeInt(lastSeq.size());
        for (Map.Entry<String, Long> e : lastSeq.entrySet()) {
            out.writeUTF(e.getKey());
            out.writeLong(e.getValue());
        }
    }

    public void read(DataInput in) throws IOException {
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            lastSeq.put(in.readUTF(), in.readLong());
        }
    }
}
