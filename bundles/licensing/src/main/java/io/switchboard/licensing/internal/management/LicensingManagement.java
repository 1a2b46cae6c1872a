package io.switchboard.licensing.internal.management;

import io.switchboard.api.licensing.Licenses;
import io.switchboard.api.licensing.LicensingService;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import javax.management.MBeanException;
import javax.management.NotCompliantMBeanException;
import javax.management.StandardMBean;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Registered through Karaf's JMX whiteboard by its {@code jmx.objectname}, while the licence runs. */
@Component(service = LicensingMBean.class, property = "jmx.objectname=io.switchboard:type=Licensing")
public class LicensingManagement extends StandardMBean implements LicensingMBean {

    @Reference
    private LicensingService licensing;

    public LicensingManagement() throws NotCompliantMBeanException {
        super(LicensingMBean.class);
    }

    public LicensingManagement(LicensingService licensing) throws NotCompliantMBeanException {
        this();
        this.licensing = licensing;
    }

    private <T> T read(String what, Function<Licenses, T> f) throws MBeanException {
        try {
            return f.apply(licensing.licenses());
        } catch (RuntimeException e) {
            throw new MBeanException(e, "reading the licence's " + what + " failed: " + e.getMessage());
        }
    }

    @Override
    public Map<String, Integer> getSeatsUsed() throws MBeanException {
        return read("seats used", l -> {
            Map<String, Integer> out = new TreeMap<>();
            l.nodes().forEach(n -> out.put(n.node(), n.used()));
            return out;
        });
    }

    @Override
    public Map<String, Integer> getSeats() throws MBeanException {
        return read("seats", l -> {
            Map<String, Integer> out = new TreeMap<>();
            l.nodes().forEach(n -> out.put(n.node(), n.seats() == null ? -1 : n.seats()));
            return out;
        });
    }

    @Override
    public int getCapacity() throws MBeanException {
        return read("capacity", l -> l.capacity() == null ? -1 : l.capacity());
    }

    @Override
    public int getAgentsSeated() throws MBeanException {
        try {
            return (int) licensing.seats().stream().map(s -> s.tenant() + "\u0000" + s.agent()).distinct().count();
        } catch (RuntimeException e) {
            throw new MBeanException(e, "reading the licence's seats failed: " + e.getMessage());
        }
    }
}
