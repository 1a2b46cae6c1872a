package io.switchboard.adapter.tcp.internal;

import java.util.Map;

/** What the running TCP event port tells management (a service inside this bundle only). */
public interface TcpPortStatus {

    /** host:port the port binds. */
    String address();

    int connections();

    int maxConnections();

    boolean tls();

    /** Lines received and not yet applied, per source with a connection. */
    Map<String, Long> lagBySource();
}
