package io.switchboard.rest.internal.command;

import io.switchboard.rest.internal.KnownRefs;
import io.switchboard.rest.internal.StreamDirectory;
import io.switchboard.rest.internal.StreamInfo;
import java.util.List;
import java.util.TreeSet;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Completes statistic refs: those opened through this node and those its event streams follow. */
@Service
public class RefCompleter implements Completer {

    @Reference(optional = true)
    StreamDirectory streams;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return new StringsCompleter(refs(streams)).complete(session, commandLine, candidates);
    }

    static TreeSet<String> refs(StreamDirectory streams) {
        TreeSet<String> refs = new TreeSet<>(KnownRefs.all());
        if (streams != null) {
            for (StreamInfo i : streams.streams()) {
                refs.addAll(i.refs());
            }
        }
        return refs;
    }
}
