package io.switchboard.licensing.internal;

import io.switchboard.api.interaction.InteractionException;
import io.switchboard.api.interaction.SeatControl;
import io.switchboard.api.licensing.Licenses;
import io.switchboard.api.licensing.LicensingService;
import io.switchboard.api.licensing.Seat;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The seat licence without OSGi: nodes ask it for a seat before a login and give it back on
 * logout; a node that refuses makes the proxy take the login back from the nodes it already
 * reached, so a login refused on one node is refused everywhere. Seats over a lowered limit (or
 * found over it when a node comes up) are freed by logging their agents out, most recent login
 * first, through {@link Logout}, from every node.
 */
final class SeatLicence implements SeatControl, LicensingService {

    /** Logs an agent out of every node; an {@link InteractionException} 409 means it was logged in nowhere. */
    interface Logout {
        void logout(String tenant, String agent);
    }

    private static final Logger LOG = LoggerFactory.getLogger(SeatLicence.class);

    private final SeatLedger ledger;
    private final Logout logout;
    private final Set<List<String>> loggingOut = ConcurrentHashMap.newKeySet();

    SeatLicence(LongSupplier clock, Logout logout) {
        this.ledger = new SeatLedger(clock);
        this.logout = logout;
    }

    @Override
    public boolean acquire(String node, String tenant, String agent, Set<String> media) {
        if (ledger.acquire(node, tenant, agent)) {
            return true;
        }
        LOG.info("No seat for agent {} of tenant {} on node {}: its {} seats are taken", agent, tenant, node,
                ledger.limits().of(node));
        return false;
    }

    @Override
    public void release(String node, String tenant, String agent) {
        ledger.release(node, tenant, agent);
    }

    /** New limits, enforced at once: returns the seats whose agents were logged out. */
    List<Seat> configure(SeatLimits limits) {
        limits(limits);
        return enforce();
    }

    /** New limits; new logins obey them at once, agents over them leave on the next {@link #enforce()}. */
    void limits(SeatLimits limits) {
        SeatLimits before = ledger.limits();
        ledger.limits(limits);
        if (!limits.equals(before)) {
            LOG.info("Seat licence: {}", limits);
        }
    }

    SeatLimits limits() {
        return ledger.limits();
    }

    /**
     * A node (either instance of its pair) serves: its seats become what it says is logged in,
     * which covers agents that logged in before the licence ran or on the partner instance.
     */
    List<Seat> nodeUp(String node, Supplier<Map<String, Set<String>>> loggedIn) {
        ledger.nodeUp(node);
        long mark = ledger.mark();
        Map<String, Set<String>> agents;
        try {
            agents = loggedIn.get();
        } catch (RuntimeException e) {
            LOG.warn("Node {} could not tell who is logged in ({}); its seats stay as counted", node, e.getMessage());
            return List.of();
        }
        ledger.reconcile(node, agents, mark);
        return enforce();
    }

    void nodeDown(String node) {
        ledger.nodeDown(node);
    }

    /** Logs out the most recent logins until every node is within its limit; returns those logged out. */
    List<Seat> enforce() {
        List<Seat> out = new ArrayList<>();
        for (Seat s : ledger.excess()) {
            List<String> who = List.of(s.tenant(), s.agent());
            if (!loggingOut.add(who)) {
                continue;
            }
            try {
                LOG.warn("Node {} has more agents than its {} seats: logging out agent {} of tenant {}, its most "
                        + "recent login", s.node(), ledger.limits().of(s.node()), s.agent(), s.tenant());
                long t0 = System.nanoTime();
                logout.logout(s.tenant(), s.agent());
                LOG.info("Agent {} of tenant {} logged out for want of a seat on node {} ({} ms)", s.agent(),
                        s.tenant(), s.node(), (System.nanoTime() - t0) / 1_000_000);
                out.add(s);
            } catch (InteractionException e) {
                if (e.code() == 409) {
                    // logged in nowhere any more: its seats were stale
                    LOG.info("Agent {} of tenant {} was logged in nowhere: its seats are given back", s.agent(),
                            s.tenant());
                    ledger.releaseEverywhere(s.tenant(), s.agent());
                    out.add(s);
                } else {
                    LOG.warn("Logging out agent {} of tenant {} failed ({}); trying again later", s.agent(), s.tenant(),
                            e.getMessage());
                }
            } catch (RuntimeException e) {
                LOG.warn("Logging out agent {} of tenant {} failed ({}); trying again later", s.agent(), s.tenant(),
                        e.toString());
            } finally {
                loggingOut.remove(who);
            }
        }
        return out;
    }

    @Override
    public Licenses licenses() {
        return ledger.licenses();
    }

    @Override
    public List<Seat> seats() {
        return ledger.seats();
    }
}
