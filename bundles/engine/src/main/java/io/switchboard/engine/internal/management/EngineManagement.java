package io.switchboard.engine.internal.management;

import io.switchboard.api.stats.StatisticsService;
import io.switchboard.engine.internal.StatsEngine;
import javax.management.NotCompliantMBeanException;
import javax.management.StandardMBean;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Registered through Karaf's JMX whiteboard by its {@code jmx.objectname}. */
@Component(service = EngineMBean.class, property = "jmx.objectname=io.switchboard:type=Engine")
public class EngineManagement extends StandardMBean implements EngineMBean {

    @Reference
    private StatisticsService stats;

    public EngineManagement() throws NotCompliantMBeanException {
        super(EngineMBean.class);
    }

    private StatsEngine engine() {
        return (StatsEngine) stats;
    }

    @Override
    public long getObjects() {
        return stats.objectCount();
    }

    @Override
    public long getEventsApplied() {
        return engine().eventsApplied();
    }

    @Override
    public double getEventsPerSecond() {
        return engine().eventsPerSecond();
    }

    @Override
    public int getOpenStatistics() {
        return engine().pooled().size();
    }

    @Override
    public long getNotificationsSent() {
        return engine().notificationsSent();
    }

    @Override
    public double getNotificationsPerSecond() {
        return engine().notificationsPerSecond();
    }

    @Override
    public int getSubscriptions() {
        return engine().subscriptions();
    }

    @Override
    public long getBackupAgeSeconds() {
        long at = engine().lastBackupAt();
        return at == 0 ? -1 : (System.currentTimeMillis() - at) / 1000;
    }

    @Override
    public long getNotifierPasses() {
        return engine().notifierPasses().passes();
    }

    @Override
    public long getNotifierEvaluations() {
        return engine().notifierPasses().evaluations();
    }

    @Override
    public double getNotifierEvaluateSeconds() {
        return engine().notifierPasses().evaluateNanos() / 1e9;
    }

    @Override
    public double getNotifierDeliverSeconds() {
        return engine().notifierPasses().deliverNanos() / 1e9;
    }

    @Override
    public double getNotifierLastPassMillis() {
        return engine().notifierPasses().lastPassNanos() / 1e6;
    }

    @Override
    public int getNotifierLastPassEvaluations() {
        return engine().notifierPasses().lastPassEvaluations();
    }
}
