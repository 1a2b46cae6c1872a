package io.switchboard.rest.internal.command;

import io.switchboard.api.config.ConfigObject;
import io.switchboard.api.config.ConfigurationService;
import java.util.List;
import java.util.TreeSet;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Completes media types: the three every tenant has (EVENTS.md) and the configured ones. */
@Service
public class MediaCompleter implements Completer {

    static final List<String> BUILT_IN = List.of("voice", "chat", "email");

    @Reference(optional = true)
    ConfigurationService config;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        TreeSet<String> media = new TreeSet<>(BUILT_IN);
        if (config != null) {
            for (ConfigObject o : config.list(null)) {
                if (ConfigObject.MEDIA_TYPE.equals(o.type())) {
                    media.add(o.id());
                }
            }
        }
        return new StringsCompleter(media).complete(session, commandLine, candidates);
    }
}
