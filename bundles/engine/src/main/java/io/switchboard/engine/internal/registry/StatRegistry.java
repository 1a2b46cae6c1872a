package io.switchboard.engine.internal.registry;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.switchboard.api.SwitchboardException;
import io.switchboard.api.model.Category;
import io.switchboard.api.model.StatType;
import io.switchboard.api.model.TimeProfileDefinition;
import io.switchboard.engine.internal.core.Mask;
import io.switchboard.engine.internal.stats.TimeProfile;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Stat types and named time profiles, kept in grid maps so that every node knows the same ones
 * and a PUT on one node applies everywhere.
 */
public final class StatRegistry {

    public static final String STAT_TYPES = "sb.stattypes";
    public static final String TIME_PROFILES = "sb.timeprofiles";

    private final IMap<String, StatType> statTypes;
    private final IMap<String, TimeProfileDefinition> timeProfiles;
    private final Consumer<TimeProfileDefinition> profileCheck;
    private final LocalView<StatType> statTypeCopies;
    private final LocalView<TimeProfileDefinition> timeProfileCopies;

    /**
     * @param profileCheck throws a 400 {@link SwitchboardException} for a profile that cannot be
     *     evaluated
     */
    public StatRegistry(HazelcastInstance hz, Consumer<TimeProfileDefinition> profileCheck) {
        this.statTypes = hz.getMap(STAT_TYPES);
        this.timeProfiles = hz.getMap(TIME_PROFILES);
        this.profileCheck = profileCheck;
        this.statTypeCopies = new LocalView<>(statTypes);
        this.timeProfileCopies = new LocalView<>(timeProfiles);
    }

    /** Stops following the grid maps' changes. */
    public void close() {
        statTypeCopies.close();
        timeProfileCopies.close();
    }

    public StatType statType(String name) {
        return statTypes.get(name);
    }

    /**
     * As {@link #statType}, from this node's copy: for the notifier's passes, which may see a
     * change made on another node milliseconds late, and must not pay a grid read per statistic.
     */
    public StatType statTypeCopy(String name) {
        return statTypeCopies.get(name);
    }

    /** As {@link #timeProfile}, from this node's copy (see {@link #statTypeCopy}). */
    public TimeProfileDefinition timeProfileCopy(String name) {
        return timeProfileCopies.get(name);
    }

    public Collection<StatType> statTypes() {
        List<StatType> all = new ArrayList<>(statTypes.values());
        all.sort(Comparator.comparing(StatType::name));
        return all;
    }

    public StatType putStatType(StatType type) {
        check(type);
        statTypes.set(type.name(), type);
        statTypeCopies.invalidate(type.name());
        return type;
    }

    public TimeProfileDefinition timeProfile(String name) {
        return timeProfiles.get(name);
    }

    public Collection<TimeProfileDefinition> timeProfiles() {
        List<TimeProfileDefinition> all = new ArrayList<>(timeProfiles.values());
        all.sort(Comparator.comparing(TimeProfileDefinition::name));
        return all;
    }

    public TimeProfileDefinition putTimeProfile(TimeProfileDefinition profile) {
        profileCheck.accept(profile);
        timeProfiles.set(profile.name(), profile);
        timeProfileCopies.invalidate(profile.name());
        return profile;
    }

    /** Seeds both maps, unless the cluster already has stat types (a restart keeps its changes). */
    public boolean seedIfEmpty(Map<String, StatType> types, Map<String, TimeProfileDefinition> profiles) {
        if (!statTypes.isEmpty() || !timeProfiles.isEmpty()) {
            return false;
        }
        for (TimeProfileDefinition p : profiles.values()) {
            putTimeProfile(p);
        }
        for (StatType t : types.values()) {
            putStatType(t);
        }
        return true;
    }

    /** Checks that a time profile can be evaluated; a 400 naming the field otherwise. */
    public static void checkProfile(TimeProfileDefinition p) {
        try {
            TimeProfile.parse(p.definition());
        } catch (IllegalArgumentException e) {
            String msg = e.getMessage();
            String field = msg != null && msg.startsWith("timeProfile") ? msg.split("[ :]", 2)[0] : "timeProfile";
            throw SwitchboardException.badRequest("time profile '" + p.name() + "': " + msg, field);
        }
    }

    /** The longest sliding window among the named profiles, which history must cover too. */
    public long longestWindowMillis() {
        long longest = 0;
        for (TimeProfileDefinition p : timeProfiles.values()) {
            try {
                TimeProfile t = TimeProfile.parse(p.definition());
                if (t.type() == TimeProfile.Type.SLIDING) {
                    longest = Math.max(longest, t.window().toMillis());
                }
            } catch (IllegalArgumentException ignored) {
                // only valid profiles are stored
            }
        }
        return longest;
    }

    /** The engine-side checks of a stat type: those the JSON shape cannot tell. */
    public static void check(StatType t) {
        Category c = t.parsedCategory();
        if (c == null) {
            throw SwitchboardException.badRequest("unknown category '" + t.category() + "'", "statType.category");
        }
        try {
            Mask.parse(t.mask());
        } catch (IllegalArgumentException e) {
            throw SwitchboardException.badRequest(e.getMessage(), "statType.mask");
        }
        try {
            Mask.parse(t.relMask());
        } catch (IllegalArgumentException e) {
            throw SwitchboardException.badRequest(e.getMessage(), "statType.relMask");
        }
        if ((c == Category.TotalNumberInTimeRange || c == Category.ServiceFactor) && t.range() == null) {
            throw SwitchboardException.badRequest("category " + c + " needs a range [lo, hi]", "statType.range");
        }
        if (c == Category.ServiceFactor && t.relMask().isEmpty()) {
            throw SwitchboardException.badRequest("category ServiceFactor needs a relMask", "statType.relMask");
        }
        if (c == Category.Formula && (t.formula() == null || t.formula().isBlank())) {
            throw SwitchboardException.badRequest("category Formula needs a formula", "statType.formula");
        }
        if (c == Category.Formula) {
            // a syntax error is refused when the type is defined, not first when it is opened; the
            // stat types it names may still come later
            try {
                io.switchboard.engine.internal.stats.Formula.parse(t.formula());
            } catch (IllegalArgumentException e) {
                throw SwitchboardException.badRequest("formula of " + t.name() + ": " + e.getMessage(),
                        "statType.formula");
            }
        }
        if (c != Category.Formula && c != Category.CurrentState && c != Category.Java && t.mask().isEmpty()) {
            throw SwitchboardException.badRequest("category " + c + " needs a mask", "statType.mask");
        }
    }
}
