package io.switchboard.api.recording;

/**
 * How a tenant's calls are recorded: which media-server {@code pool} takes them (null: any
 * pool) and whether a call on hold pauses its recording.
 */
public record RecordingProfile(String pool, boolean pauseOnHold) {

    public static final RecordingProfile DEFAULT = new RecordingProfile(null, false);
}
