package io.switchboard.adapter.tcp.internal;

import java.util.Map;

/**
 * The TCP event port over JMX ({@code io.switchboard:type=TcpPort}). An MXBean so that the
 * per-source lag is open data (a table of source and lag) any JMX client and Jolokia can read.
 */
public interface TcpPortMXBean {

    /** Open connections, with or without a hello yet. */
    int getConnections();

    int getMaxConnections();

    boolean isTls();

    /** Per source: lines received on its connection and not yet applied. */
    Map<String, Long> getSourceLag();

    /** The sum of {@link #getSourceLag()}. */
    long getLag();
}
