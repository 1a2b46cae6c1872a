package io.switchboard.rest.internal.command;

import io.switchboard.api.config.ConfigObject;
import io.switchboard.api.config.ConfigurationService;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/**
 * Completes configured object ids: of the tenant and object type already typed on the line when
 * there are such words (options may stand anywhere, so words are matched, not positions), else
 * every id.
 */
@Service
public class ObjectIdCompleter implements Completer {

    @Reference(optional = true)
    ConfigurationService config;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        Set<String> words = new java.util.HashSet<>(Arrays.asList(commandLine.getArguments()));
        words.remove(commandLine.getCursorArgument());
        TreeSet<String> tenants = TenantCompleter.tenants(config);
        tenants.retainAll(words);
        TreeSet<String> ids = new TreeSet<>();
        if (config != null) {
            for (ConfigObject o : config.list(tenants.isEmpty() ? null : tenants.first())) {
                if (!words.contains(o.type()) || ConfigObject.MEDIA_TYPE.equals(o.type())) {
                    continue;
                }
                ids.add(o.id());
            }
            if (ids.isEmpty()) {
                for (ConfigObject o : config.list(tenants.isEmpty() ? null : tenants.first())) {
                    ids.add(o.id());
                }
            }
        }
        return new StringsCompleter(ids).complete(session, commandLine, candidates);
    }
}
