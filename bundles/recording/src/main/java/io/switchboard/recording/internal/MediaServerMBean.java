package io.switchboard.recording.internal;

import javax.management.MBeanException;

/** One media server of this node: {@code io.switchboard:type=RecordingMediaServer,name=<name>}. */
public interface MediaServerMBean {

    String getPool();

    boolean isHealthy();

    /** Recordings it records now. */
    int getActive();

    int getCapacity();

    /** Active / capacity, 0 to 1. */
    double getLoad();

    /** Audio it has written since it started, in ms. */
    long getRecordedMillis();

    /** Kills it as a crash would (for drills); its calls go on on another media server. */
    void kill() throws MBeanException;
}
