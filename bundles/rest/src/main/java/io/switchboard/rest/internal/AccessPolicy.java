package io.switchboard.rest.internal;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which roles a request of the HTTP API needs, for every bundle serving {@code /api/v1} (the
 * interaction endpoints included): the one table of README "Access". Writes of events need a
 * source's role; submitting interactions a media server's; the other interaction writes
 * (place-in-queue, stop, accept, data, pull, workbins) and agent requests an agent's; writes of
 * configuration, stat types and time profiles an administrator's, whose role covers every write.
 * Everything else (states, statistics opened, peeked, streamed and closed, health, interactions
 * read or found) is a read, open unless read roles are configured.
 */
public final class AccessPolicy {

    /** What a request needs: nothing, or one of these roles. */
    public record Need(String what, Set<String> roles) {
        public boolean open() {
            return roles.isEmpty();
        }
    }

    /** The roles of the policy, by what they may do. */
    public record Roles(String admin, String source, String agent, String media, String recording, List<String> read) {
    }

    private static final String INTERACTIONS = "/api/v1/interactions";

    private final Roles roles;
    private final Set<String> readRoles;

    public AccessPolicy(Roles roles) {
        this.roles = roles;
        if (roles.read().isEmpty()) {
            this.readRoles = Set.of();
        } else {
            Set<String> any = new HashSet<>(roles.read());
            any.add(roles.admin());
            any.add(roles.source());
            any.add(roles.agent());
            any.add(roles.media());
            this.readRoles = Set.copyOf(any);
        }
    }

    /** {@code path} is the decoded path below the context, e.g. {@code /api/v1/events}. */
    public Need need(String method, String path) {
        String p = normalize(path);
        boolean write = !"GET".equals(method) && !"HEAD".equals(method) && !"OPTIONS".equals(method);
        // decrypted audio only for the recording role (API.md "Recording"), whatever the method
        if (path.startsWith("/api/v1/recordings/") && path.endsWith("/audio")) {
            return new Need("playing recordings back", Set.of(roles.recording()));
        }
        if (write) {
            if (under(p, "/api/v1/recording")) {
                return new Need("changing recording rules", Set.of(roles.admin()));
            }
            if (under(p, "/api/v1/events")) {
                return new Need("writing events", Set.of(roles.source(), roles.admin()));
            }
            if (under(p, "/api/v1/config") || under(p, "/api/v1/stattypes") || under(p, "/api/v1/timeprofiles")) {
                return new Need("changing the configuration", Set.of(roles.admin()));
            }
            if (p.equals(INTERACTIONS)) {
                return new Need("submitting interactions", Set.of(roles.media(), roles.admin()));
            }
            // a capture point's client creates, updates and stops its tasks as a media server submits
            if (under(p, "/api/v1/capture")) {
                return new Need("submitting interactions", Set.of(roles.media(), roles.admin()));
            }
            // find is a query with a body; every other write under these paths handles interactions
            if (under(p, INTERACTIONS) && !("POST".equals(method) && p.equals(INTERACTIONS + "/find"))
                    || under(p, "/api/v1/workbins")) {
                return new Need("handling interactions", Set.of(roles.agent(), roles.admin()));
            }
            if (under(p, "/api/v1/agents")) {
                return new Need("agent requests", Set.of(roles.agent(), roles.admin()));
            }
        }
        return new Need("reading", readRoles);
    }

    /**
     * Without repeated and trailing slashes, so that {@code /api/v1/interactions/} (which the
     * interactions servlet reads as a submit) needs what {@code /api/v1/interactions} needs.
     */
    static String normalize(String path) {
        if (path == null) {
            return "";
        }
        String p = path.replaceAll("/{2,}", "/");
        while (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }

    private static boolean under(String path, String prefix) {
        return path.equals(prefix) || path.startsWith(prefix + "/");
    }
}
