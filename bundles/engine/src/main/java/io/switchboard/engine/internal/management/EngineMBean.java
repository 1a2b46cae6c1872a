package io.switchboard.engine.internal.management;

/** JMX view of this node's statistics engine: {@code io.switchboard:type=Engine} (the statistics themselves: {@link StatisticMBean}). */
public interface EngineMBean {

    /** Objects with state in the grid (cluster-wide). */
    long getObjects();

    /** Events this node applied since it started. */
    long getEventsApplied();

    /** Events per second applied by this node over the last minute. */
    double getEventsPerSecond();

    /** Statistics in the persistent pool (cluster-wide). */
    int getOpenStatistics();

    /** Notifications sent by this node since it started. */
    long getNotificationsSent();
    /** Notifications sent per second by this node over the last minute. */
    double getNotificationsPerSecond();

    /** In-process subscriptions of this node (SSE clients included). */
    int getSubscriptions();

    /** Seconds since the pool was last backed up, -1 if never. */
    long getBackupAgeSeconds();

    /** Notifier passes that evaluated something, since the engine started. */
    long getNotifierPasses();

    /** Statistic evaluations of those passes. */
    long getNotifierEvaluations();

    /** Seconds the passes spent evaluating (grid operations) and delivering (listeners, SSE queues). */
    double getNotifierEvaluateSeconds();

    double getNotifierDeliverSeconds();

    /** Duration of the last pass, ms: a notification waits for up to about two of them. */
    double getNotifierLastPassMillis();

    /** Statistics the last pass evaluated. */
    int getNotifierLastPassEvaluations();
}
