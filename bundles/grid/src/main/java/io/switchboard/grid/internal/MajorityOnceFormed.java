package io.switchboard.grid.internal;

import com.hazelcast.cluster.Member;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionFunction;
import java.util.Collection;

/**
 * Writes need a majority of the solution's members, once the cluster has had one. A node cut off
 * from the others (a network split, a pause past the failure detector) would otherwise go on
 * applying and acknowledging events that the merge back then drops (the larger side's entries
 * win); refused there, they are not acknowledged, and their source resends them to the majority.
 * Before the cluster first has a majority, nodes starting one by one (a whole-cluster restart)
 * write alone, as a single node does.
 */
final class MajorityOnceFormed implements SplitBrainProtectionFunction {

    private final int majority;
    private volatile boolean formed;

    MajorityOnceFormed(int solutionMembers) {
        this.majority = solutionMembers / 2 + 1;
    }

    int majority() {
        return majority;
    }

    @Override
    public boolean apply(Collection<Member> members) {
        if (members.size() >= majority) {
            formed = true;
            return true;
        }
        return !formed;
    }
}
