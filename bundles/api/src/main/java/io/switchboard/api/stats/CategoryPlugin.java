package io.switchboard.api.stats;

import io.switchboard.api.model.ObjectRef;
import io.switchboard.api.model.StatType;
import java.util.List;

/**
 * A statistic category computed by another bundle: a stat type with category
 * {@code Java:<name>} is evaluated by the registered plug-in of that {@link #name()}. Plug-ins
 * come and go with their bundles; while one is missing, its statistics are null.
 */
public interface CategoryPlugin {

    /** The name after {@code Java:}. */
    String name();

    /** The value over the input's interval (a Number, or null where undefined). Must not block. */
    Number compute(Input input);

    /** What a plug-in computes from. */
    interface Input {
        StatType statType();

        ObjectRef object();

        /** Evaluation time (epoch ms). */
        long t();

        /** Start of the interval [start, t] of the time profile. */
        long intervalStart();

        /** Actions that ended in the interval and pass the request's filter, oldest first. */
        List<FinishedAction> finished();

        /** Whether an action name is in the stat type's mask. */
        boolean inMask(String action);
    }
}
