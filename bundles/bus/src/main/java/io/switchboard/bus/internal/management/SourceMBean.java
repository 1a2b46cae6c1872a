package io.switchboard.bus.internal.management;

/** JMX view of one event source: {@code io.switchboard:type=Source,name=<source>}. */
public interface SourceMBean {

    String getSource();

    long getLastSeq();

    long getAccepted();

    long getDuplicates();

    long getRejected();

    /** Epoch ms of the last accepted event's timestamp, 0 if none. */
    long getLastEventAt();
}
