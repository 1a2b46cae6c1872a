package io.switchboard.engine.internal.management;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
@Component(service = StatisticMBean.class, property = "jmx.objectname=io.switchboard:type=Statistic")
public class StatisticManagement extends StandardMBean implements StatisticMBean {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Reference
    private StatisticsService stats;

    public StatisticManagement() throws NotCompliantMBeanException {
        super(StatisticMBean.class);
    }

    @Override
    public String[] list() throws MBeanException {
        try {
            List<String> out = new ArrayList<>();
            for (PooledStat p : ((StatsEngine) stats).pooled()) {
                out.add(p.ref() + " " + p.request().statType().name() + " " + p.request().object() + " "
                        + (p.request().inlineProfile() != null ? "inline" : p.request().timeProfile()) + " "
                        + p.notification().mode());
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
            ObjectNode n = JSON.createObjectNode().put("ref", ref);
            Object value = v.value() instanceof ObjectState s ? s.status() : v.value();
            n.set("value", JSON.valueToTree(value));
            n.put("at", java.time.Instant.ofEpochMilli(v.at()).toString());
            if (v.partial()) {
                n.put("partial", true);
            }
            return JSON.writeValueAsString(n);
        } catch (RuntimeException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new MBeanException(e,
                    "peek of " + ref + " failed: " + e.getMessage());
        }
    }
}
