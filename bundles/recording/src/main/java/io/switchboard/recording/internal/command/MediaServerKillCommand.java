package io.switchboard.recording.internal.command;

import io.switchboard.recording.internal.RecordingComponent;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "switchboard", name = "media-server-kill", description = "Kills a media server as a crash would "
        + "(a failover drill): its calls go on on other servers after a gap; restart it by updating its configuration")
public class MediaServerKillCommand implements Action {

    @Reference
    RecordingComponent recording;

    @Argument(index = 0, name = "name", required = true, description = "Media server")
    @Completion(MediaServerCompleter.class)
    String name;

    @Override
    public Object execute() {
        if (!recording.killMediaServer(name)) {
            throw new IllegalArgumentException("no media server " + name);
        }
        System.out.println("Media server " + name + " killed");
        return null;
    }
}
