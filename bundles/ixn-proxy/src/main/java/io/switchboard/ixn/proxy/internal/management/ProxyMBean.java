package io.switchboard.ixn.proxy.internal.management;

import java.util.Map;

/** One Interaction Server Proxy: {@code io.switchboard:type=InteractionProxy,name=P}. */
public interface ProxyMBean {

    String getName();

    /** Node → UP/DOWN. */
    Map<String, String> getNodes();

    int getCacheSize();

    int getCacheCapacity();

    long getCacheHits();

    long getCacheMisses();

    void clearCache();
}
