package io.switchboard.ixn.proxy.internal.command;

import io.switchboard.api.interaction.InteractionService;
import io.switchboard.ixn.proxy.internal.ProxyCore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/** The proxies of this container by name (their services are our own ProxyCore). */
final class Proxies {

    private Proxies() {
    }

    static Map<String, ProxyCore> all(BundleContext context) {
        Map<String, ProxyCore> out = new TreeMap<>();
        try {
            for (ServiceReference<InteractionService> ref : context.getServiceReferences(InteractionService.class, null)) {
                InteractionService s = context.getService(ref);
                if (s instanceof ProxyCore core) {
                    out.put(core.settings().name(), core);
                }
                context.ungetService(ref);
            }
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    /** The named proxy, or the first one. */
    static ProxyCore one(BundleContext context, String name) {
        Map<String, ProxyCore> all = all(context);
        if (all.isEmpty()) {
            throw new IllegalStateException("no interaction proxy is running");
        }
        if (name == null) {
            return all.values().iterator().next();
        }
        ProxyCore p = all.get(name);
        if (p == null) {
            throw new IllegalArgumentException("no proxy named '" + name + "'; proxies: " + new ArrayList<>(all.keySet()));
        }
        return p;
    }

    static String join(Iterable<String> values) {
        List<String> l = new ArrayList<>();
        values.forEach(l::add);
        return l.isEmpty() ? "*" : String.join(",", l);
    }
}
