package io.switchboard.api.cluster;

import java.util.List;

/**
 * The cluster a node belongs to, from {@code etc/switchboard-cluster-<name>.json} (selected by
 * {@code -Dswitchboard.cluster} or {@code SWITCHBOARD_CLUSTER}); registered as a service by the
 * grid while its member runs from one. A node without a solution registers none: it is a cluster
 * of one with the settings of its own configuration files.
 *
 * @param name the cluster's name (the grid's cluster name)
 * @param members every member, in the file's order
 * @param self the name of this node's member
 */
public record Solution(String name, List<Member> members, String self) {

    /**
     * One member of the solution.
     *
     * @param name unique in the solution
     * @param host the address it binds and others reach it at
     * @param port the grid (Hazelcast) port
     * @param http the HTTP port
     * @param tcp the TCP event port
     * @param sources names or globs ({@code *}, {@code ?}) of the event sources it owns first
     */
    public record Member(String name, String host, int port, int http, int tcp, List<String> sources) {
        public Member {
            sources = sources == null ? List.of() : List.copyOf(sources);
        }

        /** Whether this member owns the source first (one of its globs matches the whole name). */
        public boolean ownsFirst(String source) {
            for (String glob : sources) {
                if (matches(glob, source)) {
                    return true;
                }
            }
            return false;
        }

        static boolean matches(String glob, String s) {
            StringBuilder re = new StringBuilder();
            for (char c : glob.toCharArray()) {
                re.append(c == '*' ? ".*" : c == '?' ? "." : java.util.regex.Pattern.quote(String.valueOf(c)));
            }
            return s.matches(re.toString());
        }
    }

    public Solution {
        members = List.copyOf(members);
    }

    /** This node's member. */
    public Member local() {
        return member(self);
    }

    /** The member of that name, or null. */
    public Member member(String memberName) {
        for (Member m : members) {
            if (m.name().equals(memberName)) {
                return m;
            }
        }
        return null;
    }

    /** The member that owns the source first (the first whose globs match), or null. */
    public Member firstOwnerOf(String source) {
        for (Member m : members) {
            if (m.ownsFirst(source)) {
                return m;
            }
        }
        return null;
    }
}
