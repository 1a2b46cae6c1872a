package io.switchboard.recording.internal;

import javax.management.MBeanException;

/** One resource manager of this node: {@code io.switchboard:type=RecordingManager,name=<name>}. */
public interface ResourceManagerMBean {

    /** Runs and its heartbeat in the grid is fresh. */
    boolean isAlive() throws MBeanException;

    /** Recordings in progress it owns. */
    int getRecordings() throws MBeanException;

    /** Its last heartbeat in the grid (ISO-8601), empty when it has none. */
    String getLastHeartbeat() throws MBeanException;

    /** Kills it as a crash would (for drills); the other managers adopt its recordings. */
    void kill() throws MBeanException;
}
