package io.switchboard.api.recording;

import java.util.List;

/**
 * The recording control plane (API.md "Recording"). Failures a client can be told about are
 * {@link io.switchboard.api.SwitchboardException}s: 404 for an unknown recording, 400 for bad
 * rules, 500 naming the cause when a file cannot be decrypted (no key, wrong key, altered file).
 */
public interface RecordingService {

    /** Recordings matching the query, oldest first (at most as many as the node's search limit). */
    List<Recording> find(RecordingQuery query);

    /** The recording, or null. */
    Recording get(String id);

    /**
     * The decrypted audio as a WAV file (8 kHz, 16-bit mono PCM): every segment in place, the
     * gaps between segments and the paused stretches as silence.
     */
    byte[] audio(String id);

    /** The tenant's rules, or null when it has none (then nothing of it is recorded). */
    RecordingRules rules(String tenant);

    void putRules(String tenant, RecordingRules rules);

    List<MediaServerInfo> mediaServers();

    List<ManagerInfo> managers();
}
