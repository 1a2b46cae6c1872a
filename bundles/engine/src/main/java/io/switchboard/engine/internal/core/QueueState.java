package io.switchboard.engine.internal.core;

import io.switchboard.api.event.CanonicalEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import io.switchboard.engine.internal.stats.ActionHistory;

/** A queue, virtual queue or route point: the calls waiting in it. */
public final class QueueState {

    /** Events already applied here, by source (retries after a member died change nothing). */
    public final Applied applied = new Applied();

    /** A call waiting in the queue since {@code queuedAt}. */
    public static final class Waiting {
        final String call;
        final long queuedAt;
        final String media;
        final LinkedHashMap<String, String> data = new LinkedHashMap<>();

        Waiting(String call, long queuedAt, String media) {
            this.call = call;
            this.queuedAt = queuedAt;
            this.media = media;
        }

        public String call() {
            return call;
        }

        public long queuedAt() {
            return queuedAt;
        }

        public String media() {
            return media;
        }

        public Map<String, String> data() {
            return data;
        }
    }

    final String tenant;
    final String id;
    final LinkedHashMap<String, Waiting> waiting = new LinkedHashMap<>();
    /** Finished queue actions (entered, waits, distributed, abandoned, cleared, answered). */
    ActionHistory history = new ActionHistory();

    public QueueState(String tenant, String id) {
        this.tenant = tenant;
        this.id = id;
    }

    public String tenant() {
        return tenant;
    }

    public String id() {
        return id;
    }

    public Map<String, Waiting> waiting() {
        return waiting;
    }

    public ActionHistory history() {
        return history;
    }

    /**
     * CallAnswered on the queue side: the call was last distributed from here and is now
     * established; its duration runs from CallQueued to CallEstablished.
     */
    public ActionRecord answered(String call, long queuedAt, long establishedAt, String media, Map<String, String> data) {
        ActionRecord r = new ActionRecord(ActionRecord.Kind.INSTANT, Actions.CALL_ANSWERED, queuedAt, establishedAt, call,
                media, Map.copyOf(data));
        history.append(r);
        return r;
    }

    public List<ActionRecord> apply(CanonicalEvent e) {
        List<ActionRecord> out = new ArrayList<>(2);
        long ts = e.ts();
        switch (e.type()) {
            case CallQueued: {
                Waiting w = waiting.get(e.call());
                if (w == null) {
                    w = new Waiting(e.call(), ts, e.media());
                    w.data.putAll(e.data());
                    waiting.put(e.call(), w);
                    out.add(new ActionRecord(ActionRecord.Kind.INSTANT, Actions.CALL_ENTERED, ts, ts, e.call(),
                            e.media(), Map.copyOf(w.data)));
                    out.add(new ActionRecord(ActionRecord.Kind.STARTED, Actions.CALL_WAIT, ts, ts, e.call(),
                            e.media(), Map.copyOf(w.data)));
                } else {
                    w.data.putAll(e.data());
                }
                break;
            }
            case CallDiverted:
                leave(e, Actions.CALL_DISTRIBUTED, out);
                break;
            case CallAbandoned:
                leave(e, Actions.CALL_ABANDONED, out);
                break;
            case CallCleared:
                leave(e, Actions.CALL_CLEARED, out);
                break;
            default:
                break;
        }
        history.append(out);
        if (!e.data().isEmpty()) {
            history.updateCallData(e.call(), e.data());
        }
        return out;
    }

    private void leave(CanonicalEvent e, String how, List<ActionRecord> out) {
        Waiting w = waiting.remove(e.call());
        if (w == null) {
            return;
        }
        w.data.putAll(e.data());
        Map<String, String> data = Map.copyOf(w.data);
        out.add(new ActionRecord(ActionRecord.Kind.ENDED, Actions.CALL_WAIT, w.queuedAt, e.ts(), w.call, w.media, data));
        out.add(new ActionRecord(ActionRecord.Kind.INSTANT, how, w.queuedAt, e.ts(), w.call, w.media, data));
    }

    public List<RunningAction> running() {
        List<RunningAction> all = new ArrayList<>(waiting.size());
        for (Waiting w : waiting.values()) {
            all.add(new RunningAction(Actions.CALL_WAIT, w.queuedAt, w.call, w.media));
        }
        return all;
    }
}
