package io.switchboard.engine.internal.grid;

import com.hazelcast.map.EntryProcessor;
import java.util.Map;

/**
 * An entry processor that gives its result to a caller in the same JVM by reference. Hazelcast
 * turns every entry processor's result into bytes (its entry operation keeps the result as
 * serialized data), even when the key's partition is on the calling member, and the caller then
 * decodes it again: the apply's place updates, call infos, and every evaluation's values paid for
 * that twice per operation. So the caller marks its own instance ({@link #handOffHere}); run on
 * that instance (a local partition: Hazelcast does not copy operations it runs locally), the
 * result stays in the instance and the operation returns null. A copy sent to another member, or
 * as a backup, is decoded without the mark and returns its result the usual way.
 *
 * <p>Results handed over are shared, not copied: a processor's result must not be changed after
 * it returns, by the state it came from or by the caller (they are records and copies today).
 */
abstract class HandOff implements EntryProcessor<String, Object, Object> {

    private static final long serialVersionUID = 1L;

    private transient boolean here;
    private transient boolean handedOver;
    private transient Object result;

    @Override
    public final Object process(Map.Entry<String, Object> entry) {
        Object r = run(entry);
        if (here) {
            result = r;
            handedOver = true;
            return null;
        }
        return r;
    }

    /** What {@link EntryProcessor#process} would do. */
    protected abstract Object run(Map.Entry<String, Object> entry);

    /** Marks this instance as the caller's own, before it is submitted. */
    final HandOff handOffHere() {
        here = true;
        return this;
    }

    /** The result: handed over if this instance ran here, else what the operation returned. */
    final Object resultOr(Object returned) {
        return handedOver ? result : returned;
    }
}
