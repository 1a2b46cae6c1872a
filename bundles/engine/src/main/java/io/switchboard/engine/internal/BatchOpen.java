package io.switchboard.engine.internal;

import io.switchboard.api.SwitchboardException;
import io.switchboard.api.model.StatType;
import io.switchboard.api.model.StatValue;
import io.switchboard.api.model.TimeProfileDefinition;
import io.switchboard.api.stats.Notification;
import io.switchboard.api.stats.StatRequest;
import io.switchboard.api.stats.StatisticsService;
import io.switchboard.api.stats.StatisticsService.OpenOutcome;
import io.switchboard.api.stats.StatisticsService.Opened;
import io.switchboard.engine.internal.core.EngineClock;
import io.switchboard.engine.internal.pool.PooledStat;
import io.switchboard.engine.internal.pool.StatPool;
import io.switchboard.engine.internal.registry.StatRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One batch of opens ({@code POST /api/v1/stats} with an array). */
final class BatchOpen {

    private static final Logger LOG = LoggerFactory.getLogger(BatchOpen.class);

    private final StatQueries queries;
    private final StatRegistry registry;
    private final StatPool pool;
    private final EngineClock clock;

    BatchOpen(StatQueries queries, StatRegistry registry, StatPool pool, EngineClock clock) {
        this.queries = queries;
        this.registry = registry;
        this.pool = pool;
        this.clock = clock;
    }

    /**
     * Many opens for the price of a few grid operations: named definitions read once per batch,
     * first values evaluated per object as a notifier pass does, and the pool read and written
     * once. A center's start opens a million statistics; one round trip each was the limit.
     * Each request fails or succeeds as {@link StatisticsService#open} would: checks first, then
     * its first value, then the pool.
     */
    List<OpenOutcome> open(List<StatRequest> requests, List<Notification> notifications, long usedAt) {
        if (requests.size() != notifications.size()) {
            throw new IllegalArgumentException("one notification per request");
        }
        Map<String, java.util.Optional<TimeProfileDefinition>> profiles = new java.util.HashMap<>();
        Map<String, java.util.Optional<StatType>> types = new java.util.HashMap<>();
        java.util.function.Function<String, TimeProfileDefinition> namedProfile = name -> profiles
                .computeIfAbsent(name, n -> java.util.Optional.ofNullable(registry.timeProfile(n))).orElse(null);
        java.util.function.Function<String, StatType> namedType = name -> types
                .computeIfAbsent(name, n -> java.util.Optional.ofNullable(registry.statType(n))).orElse(null);
        SwitchboardException[] failures = new SwitchboardException[requests.size()];
        List<StatRequest> checked = new ArrayList<>(requests.size());
        List<Map<String, Object>> checkedProfiles = new ArrayList<>(requests.size());
        List<Integer> slots = new ArrayList<>(requests.size());
        for (int i = 0; i < requests.size(); i++) {
            StatRequest r = requests.get(i);
            try {
                Map<String, Object> profile = queries.check(r, namedProfile);
                StatQueries.checkNotification(profile, notifications.get(i));
                checked.add(r);
                checkedProfiles.add(profile);
                slots.add(i);
            } catch (SwitchboardException e) {
                failures[i] = e;
            } catch (IllegalArgumentException e) {
                failures[i] = SwitchboardException.badRequest(e.getMessage(), "timeProfile");
            }
        }
        Object[] values = queries.peekAll(checked, checkedProfiles, clock.now(), namedType);
        List<StatRequest> opening = new ArrayList<>(checked.size());
        List<Notification> openingNotifications = new ArrayList<>(checked.size());
        List<Integer> openingSlots = new ArrayList<>(checked.size());
        StatValue[] firstValues = new StatValue[requests.size()];
        for (int j = 0; j < values.length; j++) {
            int i = slots.get(j);
            if (values[j] instanceof StatValue v) {
                firstValues[i] = v;
                opening.add(checked.get(j));
                openingNotifications.add(notifications.get(i));
                openingSlots.add(i);
            } else if (values[j] instanceof SwitchboardException e) {
                failures[i] = e;
            } else {
                LOG.warn("opening {} failed", requests.get(i).object().key(), values[j] instanceof Throwable t ? t : null);
                failures[i] = new SwitchboardException(500, "internal error: " + (values[j] instanceof Throwable t
                        ? t.getMessage() : "no value"), "");
            }
        }
        List<PooledStat> entries = opening.isEmpty() ? List.of()
                : pool.openAll(opening, openingNotifications, usedAt);
        OpenOutcome[] out = new OpenOutcome[requests.size()];
        for (int k = 0; k < entries.size(); k++) {
            int i = openingSlots.get(k);
            out[i] = OpenOutcome.of(new Opened(entries.get(k).ref(), firstValues[i]));
        }
        for (int i = 0; i < out.length; i++) {
            if (out[i] == null) {
                out[i] = OpenOutcome.failed(failures[i]);
            }
        }
        return java.util.Arrays.asList(out);
    }
}
