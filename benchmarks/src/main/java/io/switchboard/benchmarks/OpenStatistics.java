package io.switchboard.benchmarks;

import io.switchboard.api.model.ObjectRef;
import io.switchboard.api.model.StatValue;
import io.switchboard.api.stats.Notification;
import io.switchboard.api.stats.StatRequest;
import io.switchboard.engine.internal.notify.Notifier;
import io.switchboard.engine.internal.stats.TimeProfile;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The 200 statistics opened with mode {@code changes} on the engine's real {@link Notifier}, and
 * a tick after every batch: "keeping them up to date" in our design means re-evaluating, from the
 * histories, each statistic whose objects the batch touched (plus all sliding ones when their
 * window steps), and notifying those whose value moved.
 */
public final class OpenStatistics {

    private final Notifier notifier;
    private long now;
    /** Last value per subscription, so tests can compare and the JIT cannot drop the work. */
    public final Map<String, StatValue> last = new ConcurrentHashMap<>();
    public long notifications;

    public OpenStatistics(Notifier.Evaluation evaluation, long start) {
        this.now = start;
        this.notifier = new Notifier(evaluation, () -> now, OpenStatistics::members);
        List<StatRequest> requests = StatMix.requests();
        for (StatRequest r : requests) {
            // As StatsEngine.subscribe: the profile is parsed per subscription.
            notifier.subscribe(r, Notification.CHANGES, TimeProfile.parse(r.inlineProfile()), (ref, v) -> {
                notifications++;
                last.put(ref, v);
            });
        }
    }

    private static List<String> members(ObjectRef group) {
        return Workload.membersOf(Integer.parseInt(group.id().substring("group-".length())));
    }

    /** What the engine does after a batch: publish what it touched, then the notifier's tick. */
    public void afterBatch(Collection<String> touched, long clock) {
        now = clock;
        notifier.touched(touched);
        notifier.tick();
    }

    public int size() {
        return notifier.size();
    }
}
