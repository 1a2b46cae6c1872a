package io.switchboard.grid.internal.command;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Completes the grid members (host:port) of the cluster. */
@Service
public class MemberCompleter implements Completer {

    @Reference
    HazelcastInstance grid;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter delegate = new StringsCompleter();
        if (grid.getLifecycleService().isRunning()) {
            for (Member m : grid.getCluster().getMembers()) {
                delegate.getStrings().add(m.getAddress().getHost() + ":" + m.getAddress().getPort());
            }
        }
        return delegate.complete(session, commandLine, candidates);
    }
}
