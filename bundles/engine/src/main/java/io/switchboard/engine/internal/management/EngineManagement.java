package io.switchboard.engine.internal.management;

import io.switchboard.api.model.ObjectState;
import io.switchboard.api.model.StatValue;
import io.switchboard.api.stats.StatisticsService;
import io.switchboard.engine.internal.StatsEngine;
import io.switchboard.engine.internal.pool.PooledStat;
import java.util.ArrayList;
import java.util.List;
import javax.management.MBeanException;
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
    public int getSubscriptions() {
        return engine().subscriptions();
    }

    @Override
    public long getBackupAgeSeconds() {
        long at = engine().lastBackupAt();
        return at == 0 ? -1 : (System.currentTimeMillis() - at) / 1000;
    }

    @Override
    public String[] listStatistics() throws MBeanException {
        try {
            List<String> out = new ArrayList<>();
            for (PooledStat p : engine().pooled()) {
                out.add(p.ref() + " " + p.request().statType().name() + " " + p.request().object() + " "
                        + (p.request().inlineProfile() != null ? "inline" : p.request().timeProfile()));
            }
            return out.toArray(new String[0]);
        } catch (RuntimeException e) {
            throw new MBeanException(e, "listing the statistic pool failed: " + e.getMessage());
        }
    }

    @Override
    public String peek(String ref) throws MBeanException {
        try {
            StatValue v = stats.peek(ref);
            Object value = v.value() instanceof ObjectState s ? s.status() : v.value();
            return "{\"ref\":\"" + ref + "\",\"value\":" + (value instanceof String ? "\"" + value + "\"" : value)
                    + ",\"at\":" + v.at() + (v.partial() ? ",\"partial\":true" : "") + "}";
        } catch (RuntimeException e) {
            throw new MBeanException(e, "peek of " + ref + " failed: " + e.getMessage());
        }
    }
}
