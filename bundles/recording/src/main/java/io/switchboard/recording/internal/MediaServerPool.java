package io.switchboard.recording.internal;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/** The media servers a node knows, and the choice of one by profile pool and load. */
final class MediaServerPool {

    private final Map<String, MediaServer> servers = new ConcurrentSkipListMap<>();

    void add(MediaServer s) {
        servers.put(s.name(), s);
    }

    void remove(MediaServer s) {
        servers.remove(s.name(), s);
    }

    MediaServer get(String name) {
        return name == null ? null : servers.get(name);
    }

    List<MediaServer> all() {
        return List.copyOf(servers.values());
    }

    /**
     * The healthy server of {@code pool} (null: any) with room and the lowest load (active over
     * capacity), ties by name; {@code avoid} (the one that just failed) only when nothing else is left.
     */
    MediaServer pick(String pool, String avoid) {
        Comparator<MediaServer> byLoad = Comparator
                .comparingDouble((MediaServer m) -> (double) m.active() / Math.max(1, m.capacity()))
                .thenComparing(MediaServer::name);
        return servers.values().stream()
                .filter(m -> pool == null || pool.equals(m.pool()))
                .filter(m -> !m.name().equals(avoid))
                .filter(MediaServer::healthy)
                .filter(m -> m.active() < m.capacity())
                .min(byLoad)
                .orElse(null);
    }
}
