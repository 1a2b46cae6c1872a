package io.switchboard.grid.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.api.cluster.Solution;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads the solution a node is started with (API.md, "Cluster"): {@code switchboard.cluster}
 * (system property, else the environment variable {@code SWITCHBOARD_CLUSTER}) names
 * {@code etc/switchboard-cluster-<name>.json}:
 *
 * <pre>
 * {"members": [
 *   {"name": "a", "host": "127.0.0.1", "port": 5701, "http": 8181, "tcp": 7021, "sources": ["pbx-*"]},
 *   ...]}
 * </pre>
 *
 * The file's {@code name} is optional (the solution's name is used). A node knows itself by
 * {@code switchboard.node} (property or {@code SWITCHBOARD_NODE}), else as the first member whose
 * host and grid port it can bind. A file that is missing, malformed or names no such node fails
 * the start with a message saying what is wrong: a node of a cluster must not come up alone.
 */
final class SolutionFile {

    static final String CLUSTER_PROPERTY = "switchboard.cluster";
    static final String NODE_PROPERTY = "switchboard.node";

    private SolutionFile() {
    }

    /** The solution this process is started with, or null when none is named. */
    static Solution load(Function<String, String> properties, Function<String, String> environment, Path etc) {
        String name = firstOf(properties.apply(CLUSTER_PROPERTY), environment.apply("SWITCHBOARD_CLUSTER"));
        if (name == null) {
            return null;
        }
        if (!name.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException(CLUSTER_PROPERTY + " '" + name + "' is not a solution name");
        }
        Path file = etc.resolve("switchboard-cluster-" + name + ".json");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("solution '" + name + "': no file " + file);
        }
        try {
            return parse(name, Files.readString(file), firstOf(properties.apply(NODE_PROPERTY),
                    environment.apply("SWITCHBOARD_NODE")), SolutionFile::canBind);
        } catch (IOException e) {
            throw new IllegalArgumentException("solution '" + name + "': cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    interface Binder {
        boolean canBind(String host, int port);
    }

    static Solution parse(String name, String json, String self, Binder binder) throws IOException {
        JsonNode root = new ObjectMapper().readTree(json);
        if (root == null || !root.path("members").isArray() || root.path("members").isEmpty()) {
            throw new IllegalArgumentException("solution '" + name + "': 'members' must be a non-empty array");
        }
        String clusterName = root.hasNonNull("name") ? root.get("name").asText() : name;
        List<Solution.Member> members = new ArrayList<>();
        Set<String> names = new HashSet<>();
        int i = 0;
        for (JsonNode m : root.get("members")) {
            String where = "solution '" + name + "': members[" + i++ + "]";
            String memberName = text(m, "name", where);
            if (!names.add(memberName)) {
                throw new IllegalArgumentException(where + ": name '" + memberName + "' is taken");
            }
            List<String> sources = new ArrayList<>();
            for (JsonNode s : m.path("sources")) {
                sources.add(s.asText());
            }
            members.add(new Solution.Member(memberName, text(m, "host", where), port(m, "port", where),
                    port(m, "http", where), port(m, "tcp", where), sources));
        }
        String me = self;
        if (me == null) {
            for (Solution.Member m : members) {
                if (binder.canBind(m.host(), m.port())) {
                    me = m.name();
                    break;
                }
            }
            if (me == null) {
                throw new IllegalArgumentException("solution '" + name + "': no member's host and port can be bound "
                        + "here; name this node with -D" + NODE_PROPERTY);
            }
        } else if (!names.contains(me)) {
            throw new IllegalArgumentException("solution '" + name + "': no member named '" + me + "'");
        }
        return new Solution(clusterName, members, me);
    }

    private static String text(JsonNode m, String field, String where) {
        JsonNode v = m.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new IllegalArgumentException(where + ": '" + field + "' must be a non-empty string");
        }
        return v.asText();
    }

    private static int port(JsonNode m, String field, String where) {
        JsonNode v = m.get(field);
        if (v == null || !v.canConvertToInt() || v.asInt() < 1 || v.asInt() > 65535) {
            throw new IllegalArgumentException(where + ": '" + field + "' must be a port (1-65535)");
        }
        return v.asInt();
    }

    private static String firstOf(String a, String b) {
        return a != null && !a.isBlank() ? a.trim() : b != null && !b.isBlank() ? b.trim() : null;
    }

    private static boolean canBind(String host, int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(false);
            s.bind(new InetSocketAddress(InetAddress.getByName(host), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The grid settings a solution gives this node; the rest comes from its configuration. */
    static GridSettings settings(Solution s, GridSettings configured) {
        Solution.Member me = s.local();
        List<String> members = new ArrayList<>();
        for (Solution.Member m : s.members()) {
            members.add(m.host() + ":" + m.port());
        }
        return new GridSettings(s.name(), configured.instanceName(), me.host(), me.port(), 1, members,
                configured.backupCount(), configured.partitionCount());
    }
}
