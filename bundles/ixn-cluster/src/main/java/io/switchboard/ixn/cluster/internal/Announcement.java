package io.switchboard.ixn.cluster.internal;

import java.util.UUID;
import java.util.function.Predicate;

/**
 * An entry of the directory's map of served nodes: the member that serves the node and the
 * generation of the pair's lease its instance took ({@code member|epoch}, version 2; version 1
 * was the bare member, read as epoch 0). The lease decides who serves, so the announcement of the
 * later take wins even while the earlier announcer is still a member: a backup that took the
 * lease of a paused primary is reached at once, and the primary when it resumes cannot take the
 * entry back with its older generation.
 */
record Announcement(UUID member, long epoch) {

    static Announcement parse(String value) {
        int bar = value.indexOf('|');
        if (bar < 0) {
            return new Announcement(UUID.fromString(value), 0);
        }
        return new Announcement(UUID.fromString(value.substring(0, bar)), Long.parseLong(value.substring(bar + 1)));
    }

    /**
     * Whether this (a member's own instance) replaces {@code current}: nothing announced, its
     * member gone, an older take, or this member's own entry of another take.
     */
    boolean replaces(Announcement current, Predicate<UUID> live) {
        if (current == null || equals(current)) {
            return current == null;
        }
        return current.member.equals(member) || !live.test(current.member) || epoch > current.epoch;
    }

    @Override
    public String toString() {
        return member + "|" + epoch;
    }
}
