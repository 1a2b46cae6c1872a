package io.switchboard.rest.internal;

import java.util.List;
import java.util.Set;

/**
 * Which roles a request needs. Writes of events need a source's role (or an administrator's);
 * writes of configuration, stat types and time profiles need an administrator's; everything else
 * (states, statistics opened, peeked, streamed and closed, health, interactions) is a read,
 * open unless read roles are configured.
 */
public final class AccessPolicy {

    /** What a request needs: nothing, or one of these roles. */
    public record Need(String what, Set<String> roles) {
        public boolean open() {
            return roles.isEmpty();
        }
    }

    private final String adminRole;
    private final String sourceRole;
    private final Set<String> readRoles;
    private final String recordingRole;

    public AccessPolicy(String adminRole, String sourceRole, List<String> readRoles) {
        this(adminRole, sourceRole, readRoles, "switchboard-recording");
    }

    public AccessPolicy(String adminRole, String sourceRole, List<String> readRoles, String recordingRole) {
        this.adminRole = adminRole;
        this.sourceRole = sourceRole;
        this.readRoles = Set.copyOf(readRoles);
        this.recordingRole = recordingRole;
    }

    /** {@code path} is the path below the context, e.g. {@code /api/v1/events}. */
    public Need need(String method, String path) {
        boolean write = !"GET".equals(method) && !"HEAD".equals(method) && !"OPTIONS".equals(method);
        // decrypted audio only for the recording role (API.md "Recording"), whatever the method
        if (path.startsWith("/api/v1/recordings/") && path.endsWith("/audio")) {
            return new Need("playing recordings back", Set.of(recordingRole));
        }
        if (write) {
            if (under(path, "/api/v1/recording")) {
                return new Need("changing recording rules", Set.of(adminRole));
            }
            if (under(path, "/api/v1/events")) {
                return new Need("writing events", Set.of(sourceRole, adminRole));
            }
            if (under(path, "/api/v1/config") || under(path, "/api/v1/stattypes")
                    || under(path, "/api/v1/timeprofiles")) {
                return new Need("changing the configuration", Set.of(adminRole));
            }
        }
        if (readRoles.isEmpty()) {
            return new Need("reading", Set.of());
        }
        java.util.Set<String> any = new java.util.HashSet<>(readRoles);
        any.add(adminRole);
        any.add(sourceRole);
        return new Need("reading", Set.copyOf(any));
    }

    private static boolean under(String path, String prefix) {
        return path.equals(prefix) || path.startsWith(prefix + "/");
    }
}
