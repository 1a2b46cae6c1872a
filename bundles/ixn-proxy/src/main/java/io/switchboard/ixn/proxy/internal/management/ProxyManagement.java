package io.switchboard.ixn.proxy.internal.management;

import io.switchboard.ixn.proxy.internal.ProxyComponent;
import java.util.Map;
import java.util.TreeMap;
import javax.management.NotCompliantMBeanException;
import javax.management.StandardMBean;

/** Registered through Karaf's JMX whiteboard by its {@code jmx.objectname}. */
public final class ProxyManagement extends StandardMBean implements ProxyMBean {

    private final ProxyComponent proxy;

    public ProxyManagement(ProxyComponent proxy) throws NotCompliantMBeanException {
        super(ProxyMBean.class);
        this.proxy = proxy;
    }

    @Override
    public String getName() {
        return proxy.core().settings().name();
    }

    @Override
    public Map<String, String> getNodes() {
        Map<String, String> out = new TreeMap<>();
        proxy.all().forEach((k, v) -> out.put(k, v == null ? "DOWN" : "UP"));
        return out;
    }

    @Override
    public int getCacheSize() {
        return proxy.core().cache().size();
    }

    @Override
    public int getCacheCapacity() {
        return proxy.core().cache().capacity();
    }

    @Override
    public long getCacheHits() {
        return proxy.core().cache().hits();
    }

    @Override
    public long getCacheMisses() {
        return proxy.core().cache().misses();
    }

    @Override
    public void clearCache() {
        proxy.core().cache().clear();
    }
}
