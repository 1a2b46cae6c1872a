package io.switchboard.api.recording;

/** A resource manager: alive or not, how many recordings it owns, its last heartbeat. */
public record ManagerInfo(String name, boolean alive, int recordings, long heartbeat) {
}
