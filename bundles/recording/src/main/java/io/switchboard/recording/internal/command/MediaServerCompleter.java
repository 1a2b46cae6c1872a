package io.switchboard.recording.internal.command;

import io.switchboard.api.recording.MediaServerInfo;
import io.switchboard.api.recording.RecordingService;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Completes this node's media servers. */
@Service
public class MediaServerCompleter implements Completer {

    @Reference
    RecordingService recordings;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return new StringsCompleter(recordings.mediaServers().stream().map(MediaServerInfo::name).toList())
                .complete(session, commandLine, candidates);
    }
}
