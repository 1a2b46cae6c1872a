package io.switchboard.recording.internal;

import javax.management.MBeanException;

/** The recording control plane of this node: {@code io.switchboard:type=Recording}. */
public interface RecordingMBean {

    /** Recordings in progress in the cluster (the calls with an affinity in the grid). */
    int getActiveRecordings() throws MBeanException;

    /** Recordings this node's managers started since it started. */
    long getRecordingsStarted() throws MBeanException;

    /** Segments this node's managers moved to another media server after a failure. */
    long getFailovers() throws MBeanException;

    /** Calls the rules selected that no media server could take at once (each waits for one). */
    long getUnrecorded() throws MBeanException;

    /** Recordings whose latest change the processor has not written to the database yet. */
    int getCatalogPending() throws MBeanException;

    /** Where segment files go, e.g. {@code disk:/opt/switchboard/data/recording/store}. */
    String getStore() throws MBeanException;

    /** One line per recording found in the catalog (arguments may be empty: no condition). */
    String[] findRecordings(String tenant, String call, String agent) throws MBeanException;

    /** One recording with its segments, from the grid or the catalog; an unknown id fails. */
    String describeRecording(String id) throws MBeanException;
}
