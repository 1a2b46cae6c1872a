package io.switchboard.ixn.proxy.internal.command;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.switchboard.api.config.ConfigObject;
import io.switchboard.api.config.ConfigurationService;
import io.switchboard.api.interaction.InteractionNode;
import io.switchboard.api.interaction.InteractionService;
import io.switchboard.api.interaction.NodeInfo;
import io.switchboard.ixn.proxy.internal.ProxyCore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.support.parsing.CommandLineImpl;
import org.junit.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/** The proxy bundle's completers and the node filter of switchboard:nodes, over proxies in a fake container. */
public class ProxyCommandsTest {

    private static NodeInfo info(String name, Set<String> tenants) {
        return new NodeInfo(name, name + "-primary", tenants, Set.of("chat"), Set.of(), 100, 0);
    }

    private static InteractionNode node(NodeInfo info, Map<String, Long> counts) {
        return (InteractionNode) Proxy.newProxyInstance(InteractionNode.class.getClassLoader(),
                new Class<?>[] {InteractionNode.class}, (p, m, args) -> switch (m.getName()) {
                    case "info" -> info;
                    case "countsByState" -> counts;
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    /** Nodes "east" (up, tenant acme) and "west" (down, last seen serving globex). */
    private static ProxyCore proxy(String name) {
        Map<String, InteractionNode> nodes = new TreeMap<>();
        nodes.put("east", node(info("east", Set.of("acme")), Map.of("QUEUED", 3L)));
        nodes.put("west", null);
        return new ProxyCore(new ProxyCore.Settings(name, 10, -1), new ProxyCore.Nodes() {
            @Override
            public Map<String, InteractionNode> all() {
                return nodes;
            }

            @Override
            public NodeInfo lastInfo(String node) {
                return "east".equals(node) ? info("east", Set.of("acme")) : info("west", Set.of("globex"));
            }
        }, null);
    }

    /** A bundle context whose InteractionService references are these proxies. */
    private static BundleContext container(ProxyCore... proxies) {
        List<ServiceReference<?>> refs = new ArrayList<>();
        Map<Object, ProxyCore> byRef = new java.util.HashMap<>();
        for (ProxyCore p : proxies) {
            ServiceReference<?> ref = (ServiceReference<?>) Proxy.newProxyInstance(ServiceReference.class.getClassLoader(),
                    new Class<?>[] {ServiceReference.class}, (x, m, args) -> switch (m.getName()) {
                        case "hashCode" -> System.identityHashCode(x);
                        case "equals" -> x == args[0];
                        default -> throw new UnsupportedOperationException(m.getName());
                    });
            refs.add(ref);
            byRef.put(ref, p);
        }
        return (BundleContext) Proxy.newProxyInstance(BundleContext.class.getClassLoader(),
                new Class<?>[] {BundleContext.class}, (x, m, args) -> switch (m.getName()) {
                    case "getServiceReferences" -> {
                        assertEquals(InteractionService.class, args[0]);
                        yield refs;
                    }
                    case "getService" -> byRef.get(args[0]);
                    case "ungetService" -> true;
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    private static List<String> complete(Completer c, String line) {
        List<String> words = new ArrayList<>(List.of(line.trim().split("\\s+")));
        if (line.endsWith(" ")) {
            words.add("");
        }
        String last = words.get(words.size() - 1);
        List<String> candidates = new ArrayList<>();
        c.complete(null, new CommandLineImpl(words.toArray(String[]::new), words.size() - 1, last.length(),
                line.length(), line), candidates);
        candidates.sort(null);
        return candidates;
    }

    @Test
    public void proxiesCompleteByName() {
        ProxyCompleter c = new ProxyCompleter();
        c.context = container(proxy("main"), proxy("backup"));

        assertEquals(List.of("backup ", "main "), complete(c, "switchboard:proxy-cache --proxy "));
        assertEquals(List.of("main "), complete(c, "switchboard:proxy-cache --proxy m"));
    }

    @Test
    public void nodesCompleteUpOrDown() {
        NodeCompleter c = new NodeCompleter();
        c.context = container(proxy("main"));

        assertEquals(List.of("east ", "west "), complete(c, "switchboard:nodes "));
    }

    @Test
    public void tenantsAreThoseTheNodesServeAndThoseConfigured() {
        TenantCompleter c = new TenantCompleter();
        c.context = container(proxy("main"));
        c.config = (ConfigurationService) Proxy.newProxyInstance(ConfigurationService.class.getClassLoader(),
                new Class<?>[] {ConfigurationService.class}, (x, m, args) -> {
                    if (m.getName().equals("list")) {
                        Collection<ConfigObject> all = List.of(new ConfigObject("demo", "Queue", "sales", null, null));
                        return all;
                    }
                    throw new UnsupportedOperationException(m.getName());
                });

        assertEquals(List.of("acme ", "demo ", "globex "), complete(c, "switchboard:interactions "));
    }

    @Test
    public void conditionsCompleteTheFieldThenTheState() {
        ConditionCompleter c = new ConditionCompleter();

        assertEquals(List.of("queue="), complete(c, "switchboard:interactions demo qu"));
        assertEquals(List.of("state=accepted ", "state=offered ", "state=queued ", "state=stopped ", "state=workbin "),
                complete(c, "switchboard:interactions demo queue=sales state="));
        assertEquals(List.of("state=queued "), complete(c, "switchboard:interactions demo state=q"));
    }

    @Test
    public void nodesShowsOnlyTheNamedNodesAndNamesAnUnknownOne() throws Exception {
        NodesCommand c = new NodesCommand();
        c.context = container(proxy("main"));
        c.only = List.of("west");

        String out = run(c);

        String[] lines = out.split("\\R");
        assertEquals(out, 3, lines.length);
        assertTrue(out, lines[2].matches("west\\s+\\| DOWN\\s+\\| west-primary \\| globex .*"));

        c.only = List.of("north");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> run(c));
        assertEquals("no node [north]; nodes: [east, west]", e.getMessage());
    }

    private static String run(NodesCommand c) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            c.execute();
        } finally {
            System.setOut(original);
        }
        return bytes.toString(StandardCharsets.UTF_8).replace('\u2502', '|');
    }

    /** Every argument and option that takes a value completes it, so the shell can offer what to type. */
    @Test
    public void everyValueOfEveryCommandHasACompleter() {
        List<String> missing = new ArrayList<>();
        for (Class<?> command : List.of(InteractionsCommand.class, NodesCommand.class, ProxyCacheCommand.class)) {
            for (java.lang.reflect.Field f : command.getDeclaredFields()) {
                boolean takesValue = f.isAnnotationPresent(org.apache.karaf.shell.api.action.Argument.class)
                        || f.isAnnotationPresent(org.apache.karaf.shell.api.action.Option.class)
                        && f.getType() != boolean.class;
                if (takesValue && !f.isAnnotationPresent(org.apache.karaf.shell.api.action.Completion.class)) {
                    missing.add(command.getSimpleName() + "." + f.getName());
                }
            }
        }
        assertEquals(List.of(), missing);
        org.apache.karaf.shell.api.action.Completion limit = field(InteractionsCommand.class, "limit")
                .getAnnotation(org.apache.karaf.shell.api.action.Completion.class);
        assertTrue(List.of(limit.values()).contains("0"));
    }

    private static java.lang.reflect.Field field(Class<?> c, String name) {
        try {
            return c.getDeclaredField(name);
        } catch (NoSuchFieldException e) {
            throw new AssertionError(e);
        }
    }
}
