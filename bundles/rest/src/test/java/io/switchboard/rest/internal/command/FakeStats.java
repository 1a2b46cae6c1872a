package io.switchboard.rest.internal.command;

import io.switchboard.api.SwitchboardException;
import io.switchboard.api.model.ObjectRef;
import io.switchboard.api.model.ObjectState;
import io.switchboard.api.model.ObjectType;
import io.switchboard.api.model.StatType;
import io.switchboard.api.model.StatValue;
import io.switchboard.api.model.TimeProfileDefinition;
import io.switchboard.api.stats.Notification;
import io.switchboard.api.stats.StatListener;
import io.switchboard.api.stats.StatRequest;
import io.switchboard.api.stats.StatSubscription;
import io.switchboard.api.stats.StatisticsService;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A statistics service that remembers what it was asked and sends what the test tells it to. */
final class FakeStats implements StatisticsService {

    final Map<String, StatType> types = new ConcurrentHashMap<>();
    final Map<String, TimeProfileDefinition> profiles = new ConcurrentHashMap<>();
    final Map<String, StatValue> values = new ConcurrentHashMap<>();
    final List<StatRequest> opened = new CopyOnWriteArrayList<>();
    final List<Notification> notifications = new CopyOnWriteArrayList<>();
    final Map<String, List<StatListener>> listeners = new ConcurrentHashMap<>();
    final List<String> closedSubscriptions = new CopyOnWriteArrayList<>();

    FakeStats type(String name) {
        types.put(name, new StatType(name, List.of(ObjectType.Queue), "CurrentNumber", null, null, null, null, null));
        return this;
    }

    FakeStats profile(String name) {
        profiles.put(name, new TimeProfileDefinition(name, Map.of("type", "Growing")));
        return this;
    }

    /** A notification, as the engine's notifier would send it. */
    void send(String ref, Object value, long at) {
        values.put(ref, new StatValue(value, at, false));
        for (StatListener l : listeners.getOrDefault(ref, List.of())) {
            l.onValue(ref, values.get(ref));
        }
    }

    @Override
    public StatValue peek(StatRequest request) {
        return new StatValue(0, 1, false);
    }

    @Override
    public StatSubscription subscribe(StatRequest request, Notification notification, StatListener listener) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Opened open(StatRequest request, Notification notification) {
        opened.add(request);
        notifications.add(notification);
        String ref = "ref-" + opened.size();
        values.put(ref, new StatValue(7L, 1_700_000_000_000L, false));
        return new Opened(ref, values.get(ref));
    }

    @Override
    public StatValue peek(String ref) {
        StatValue v = values.get(ref);
        if (v == null) {
            throw SwitchboardException.notFound("no statistic with ref '" + ref + "'", "ref");
        }
        return v;
    }

    @Override
    public boolean close(String ref) {
        return values.containsKey(ref);
    }

    @Override
    public StatSubscription subscribe(String ref, StatListener listener) {
        StatValue current = peek(ref);
        listener.onValue(ref, current);
        // in one step: a test that waits for the ref's list must find the listener in it
        listeners.compute(ref, (r, l) -> {
            List<StatListener> all = l == null ? new CopyOnWriteArrayList<>() : l;
            all.add(listener);
            return all;
        });
        return new StatSubscription() {
            @Override
            public String ref() {
                return ref;
            }

            @Override
            public StatValue current() {
                return peek(ref);
            }

            @Override
            public void close() {
                listeners.get(ref).remove(listener);
                closedSubscriptions.add(ref);
            }
        };
    }

    @Override
    public ObjectState state(ObjectRef object) {
        throw new UnsupportedOperationException();
    }

    @Override
    public StatType statType(String name) {
        return types.get(name);
    }

    @Override
    public Collection<StatType> statTypes() {
        return new ArrayList<>(types.values());
    }

    @Override
    public StatType putStatType(StatType type) {
        throw new UnsupportedOperationException();
    }

    @Override
    public TimeProfileDefinition timeProfile(String name) {
        return profiles.get(name);
    }

    @Override
    public Collection<TimeProfileDefinition> timeProfiles() {
        return new ArrayList<>(profiles.values());
    }

    @Override
    public TimeProfileDefinition putTimeProfile(TimeProfileDefinition profile) {
        throw new UnsupportedOperationException();
    }

    @Override
    public long objectCount() {
        return 0;
    }
}
