package io.switchboard.ixn.proxy.internal.command;

import io.switchboard.ixn.proxy.internal.IdCache;
import io.switchboard.ixn.proxy.internal.ProxyCore;
import java.util.List;
import java.util.Map;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.apache.karaf.shell.support.table.ShellTable;
import org.osgi.framework.BundleContext;

@Service
@Command(scope = "switchboard", name = "proxy-cache", description = "Shows each proxy's interaction id → node cache "
        + "(size, capacity, hits, misses), or its entries with --entries, or clears it with --clear")
public class ProxyCacheCommand implements Action {

    @Reference
    private BundleContext context;

    @Option(name = "--proxy", description = "Only this proxy")
    @org.apache.karaf.shell.api.action.Completion(ProxyCompleter.class)
    private String proxy;

    @Option(name = "--entries", description = "List up to this many entries, most recently used last")
    @org.apache.karaf.shell.api.action.Completion(value = StringsCompleter.class, values = {"10", "100", "1000"})
    private int entries;

    @Option(name = "--clear", description = "Forget every cached id")
    private boolean clear;

    @Override
    public Object execute() {
        Map<String, ProxyCore> proxies = proxy == null ? Proxies.all(context) : Map.of(proxy, Proxies.one(context, proxy));
        ShellTable table = new ShellTable();
        table.column("Proxy");
        table.column("Size");
        table.column("Capacity");
        table.column("Hits");
        table.column("Misses");
        for (Map.Entry<String, ProxyCore> e : proxies.entrySet()) {
            IdCache c = e.getValue().cache();
            if (clear) {
                c.clear();
            }
            table.addRow().addContent(e.getKey(), c.size(), c.capacity(), c.hits(), c.misses());
        }
        table.print(System.out);
        if (entries > 0) {
            ShellTable list = new ShellTable();
            list.column("Proxy");
            list.column("Interaction");
            list.column("Node");
            for (Map.Entry<String, ProxyCore> e : proxies.entrySet()) {
                List<Map.Entry<String, String>> all = e.getValue().cache().entries();
                for (Map.Entry<String, String> x : all.subList(Math.max(0, all.size() - entries), all.size())) {
                    list.addRow().addContent(e.getKey(), x.getKey(), x.getValue());
                }
            }
            list.print(System.out);
        }
        return null;
    }
}
