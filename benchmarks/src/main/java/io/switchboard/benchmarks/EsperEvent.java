package io.switchboard.benchmarks;

import io.switchboard.api.event.CanonicalEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * A canonical event as an Esper bean (Esper introspects getters): the same fields the engine
 * reads, converted once outside the measured code, as an adapter would hand them to Esper.
 */
public final class EsperEvent {

    private final String type;
    private final long ts;
    private final String agent;
    private final String dn;
    private final String queue;
    private final String call;
    private final String workMode;

    public EsperEvent(String type, long ts, String agent, String dn, String queue, String call, String workMode) {
        this.type = type;
        this.ts = ts;
        this.agent = agent;
        this.dn = dn;
        this.queue = queue;
        this.call = call;
        this.workMode = workMode;
    }

    public static List<EsperEvent> of(List<CanonicalEvent> events) {
        List<EsperEvent> out = new ArrayList<>(events.size());
        for (CanonicalEvent e : events) {
            out.add(new EsperEvent(e.type().name(), e.ts(), e.agent(), e.dn(), e.queue(), e.call(), e.workMode()));
        }
        return out;
    }

    public String getType() {
        return type;
    }

    public long getTs() {
        return ts;
    }

    public String getAgent() {
        return agent;
    }

    public String getDn() {
        return dn;
    }

    public String getQueue() {
        return queue;
    }

    public String getCall() {
        return call;
    }

    public String getWorkMode() {
        return workMode;
    }

    /** Configuration for Esper: which agent is in which group (as the engine's ConfigStore says). */
    public static final class Member {
        private final String agent;
        private final String grp;

        public Member(String agent, String grp) {
            this.agent = agent;
            this.grp = grp;
        }

        public String getAgent() {
            return agent;
        }

        public String getGrp() {
            return grp;
        }
    }
}
