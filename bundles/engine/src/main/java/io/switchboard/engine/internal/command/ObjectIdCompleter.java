package io.switchboard.engine.internal.command;

import io.switchboard.api.config.ConfigObject;
import io.switchboard.api.config.ConfigurationService;
import java.util.Arrays;
import java.util.HashSet;
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
 * Completes configured object ids of the tenant and object type already on the line. Options
 * may stand anywhere (peek's {@code -p}), so the line's words are matched, not positions; with
 * no tenant or type on the line every configured id is offered rather than nothing.
 */
@Service
public class ObjectIdCompleter implements Completer {

    @Reference(optional = true)
    ConfigurationService config;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        Set<String> words = new HashSet<>(Arrays.asList(commandLine.getArguments()));
        words.remove(commandLine.getCursorArgument());
        return new StringsCompleter(ids(config, words)).complete(session, commandLine, candidates);
    }

    static TreeSet<String> ids(ConfigurationService config, Set<String> words) {
        TreeSet<String> ids = new TreeSet<>();
        if (config == null) {
            return ids;
        }
        TreeSet<String> tenants = TenantCompleter.tenants(config);
        tenants.retainAll(words);
        String tenant = tenants.isEmpty() ? null : tenants.first();
        boolean typed = config.list(tenant).stream().anyMatch(o -> words.contains(o.type()));
        for (ConfigObject o : config.list(tenant)) {
            // media types are no objects with a state or statistics
            if (!ConfigObject.MEDIA_TYPE.equals(o.type()) && (!typed || words.contains(o.type()))) {
                ids.add(o.id());
            }
        }
        return ids;
    }
}
