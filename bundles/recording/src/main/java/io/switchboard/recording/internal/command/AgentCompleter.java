package io.switchboard.recording.internal.command;

import io.switchboard.api.recording.Recording;
import io.switchboard.api.recording.RecordingService;
import java.util.function.Function;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** Completes the agents of the recordings there are. */
@Service
public class AgentCompleter extends RecordingFieldCompleter {

    @Reference
    RecordingService recordings;

    @Override
    RecordingService service() {
        return recordings;
    }

    @Override
    Function<Recording, String> field() {
        return Recording::agent;
    }
}
