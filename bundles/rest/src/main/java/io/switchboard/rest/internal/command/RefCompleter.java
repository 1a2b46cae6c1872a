package io.switchboard.rest.internal.command;

import io.switchboard.rest.internal.KnownRefs;
import io.switchboard.rest.internal.StatsServlet;
import io.switchboard.rest.internal.StreamInfo;
import java.util.List;
import java.util.TreeSet;
import javax.servlet.Servlet;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Completes statistic refs: those opened through this node and those its event streams follow. */
@Service
public class RefCompleter implements Completer {

    @Reference(optional = true, filter = "(osgi.http.whiteboard.servlet.name=switchboard-stats)")
    Servlet statsServlet;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return new StringsCompleter(refs(statsServlet)).complete(session, commandLine, candidates);
    }

    static TreeSet<String> refs(Servlet statsServlet) {
        TreeSet<String> refs = new TreeSet<>(KnownRefs.all());
        if (statsServlet instanceof StatsServlet s) {
            for (StreamInfo i : s.streams()) {
                refs.addAll(i.refs());
            }
        }
        return refs;
    }
}
