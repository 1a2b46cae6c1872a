package io.switchboard.api.recording;

/** A media server as the resource managers see it: health and load (active / capacity). */
public record MediaServerInfo(String name, String pool, boolean healthy, int active, int capacity, long recorded) {

    public double load() {
        return capacity <= 0 ? 1.0 : (double) active / capacity;
    }
}
