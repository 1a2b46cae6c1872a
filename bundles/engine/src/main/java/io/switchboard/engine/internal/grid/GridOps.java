package io.switchboard.engine.internal.grid;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Entry-processor calls of the grid's two sides, and the bounded wait for a set of them. */
final class GridOps {

    static final long TIMEOUT_SECONDS = 60;

    private static final java.util.concurrent.Executor INLINE = Runnable::run;

    private GridOps() {
    }

    /** Runs {@code p} on the key's partition; its result comes by reference when that is here ({@link HandOff}). */
    static CompletableFuture<Object> submit(IMap<String, Object> map, String key,
            EntryProcessor<String, Object, Object> p) {
        if (p instanceof HandOff h) {
            // the step runs where the operation completes: Hazelcast runs a plain thenApply on its
            // default async executor, which on two cores starts a thread for every step
            return map.submitToKey(key, h.handOffHere()).toCompletableFuture().thenApplyAsync(h::resultOr, INLINE);
        }
        return map.submitToKey(key, p).toCompletableFuture();
    }

    /** As {@link #submit}, waiting for the result. */
    static Object execute(IMap<String, Object> map, String key, HandOff p) {
        return p.resultOr(map.executeOnKey(key, p.handOffHere()));
    }

    static void awaitAll(java.util.Collection<CompletableFuture<Object>> futures) {
        List<CompletableFuture<Object>> real = new ArrayList<>(futures.size());
        for (CompletableFuture<Object> f : futures) {
            if (f != null) {
                real.add(f);
            }
        }
        if (real.isEmpty()) {
            return;
        }
        try {
            CompletableFuture.allOf(real.toArray(new CompletableFuture[0])).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while applying events", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("applying events failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("applying events timed out after " + TIMEOUT_SECONDS + " s", e);
        }
    }
}
