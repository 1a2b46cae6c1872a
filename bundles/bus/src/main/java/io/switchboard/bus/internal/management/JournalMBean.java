package io.switchboard.bus.internal.management;

/** JMX view of this node's event journal: {@code io.switchboard:type=Journal}. */
public interface JournalMBean {
    /** Group commits (one fsync each) since start. */
    long getCommits();
    /** Events made durable since start. */
    long getCommittedEvents();
    /** Events applied by the engine since start, in commit order. */
    long getAppliedEvents();
    /** Events acknowledged (durable) but not yet applied: the engine's lag behind the journal. */
    int getLag();
    /** "ok", or why the committer stopped. */
    String getStatus();
}
