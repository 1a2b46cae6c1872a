package io.switchboard.engine.internal.stats;

import io.switchboard.api.model.Category;
import io.switchboard.api.model.StatType;
import io.switchboard.api.stats.StatRequest.Filter;
import io.switchboard.engine.internal.core.Actions;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What an applied batch changed in an object's history, and which statistics such a change can
 * move. The apply path reports, per object, the names of the actions that started, ended or
 * happened, and markers for a status change, attached data and anything else ({@link
 * #EVERYTHING}: pruning, a restore); the notifier re-evaluates in mode changes only the
 * statistics whose {@link #relevance} meets it. Everything a value depends on besides these is
 * time, which the notifier's own schedule covers (resets, sliding steps): a value that grows with
 * the clock alone (CurrentTime, TotalTime of an action in progress) is re-sent when an event
 * concerning it arrives, as before, but no longer when an unrelated event touches its object.
 */
public final class Changes {

    /** The object's status (composed, for agents and places) changed. */
    public static final String STATUS = "@status";
    /** Attached data of one of its calls changed (data filters). */
    public static final String DATA = "@data";
    /** Anything may have changed. */
    public static final String EVERYTHING = "*";

    private Changes() {
    }

    /**
     * The changes that can move a statistic of this definition; null when any change can
     * (formulas, plug-in categories, masks by exclusion or {@code *}, unknown categories).
     */
    public static Set<String> relevance(StatType type, TimeProfile profile, Filter filter) {
        Category category = type.parsedCategory();
        if (category == null || category == Category.Formula || category == Category.Java
                || category == Category.CurrentState) {
            return null;
        }
        Set<String> names = new HashSet<>();
        if (type.subject() == StatType.Subject.Status) {
            names.add(STATUS);
        } else {
            if (!addNames(type.mask(), names) || !addNames(type.relMask(), names)) {
                return null;
            }
            if (filter != null && filter.data() != null && !filter.data().isEmpty()) {
                names.add(DATA);
            }
        }
        if (category == Category.CurrentTime) {
            // the time since the status began, when the status is in the mask
            names.add(STATUS);
        }
        if (profile != null && profile.type() == TimeProfile.Type.SINCE_LOGIN) {
            names.add(Actions.LOGGED_IN);
        }
        return Set.copyOf(names);
    }

    private static boolean addNames(List<String> mask, Set<String> into) {
        if (mask == null) {
            return true;
        }
        for (String m : mask) {
            if ("*".equals(m) || m.startsWith("~")) {
                return false;
            }
            into.add(m);
        }
        return true;
    }

    /** Whether {@code changed} (null: unknown, so everything) can move a statistic of this relevance. */
    public static boolean meets(Set<String> relevance, Collection<String> changed) {
        if (relevance == null || changed == null || changed.contains(EVERYTHING)) {
            return true;
        }
        for (String c : changed) {
            if (relevance.contains(c)) {
                return true;
            }
        }
        return false;
    }
}
