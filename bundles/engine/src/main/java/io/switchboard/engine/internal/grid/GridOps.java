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

    private GridOps() {
    }

    static CompletableFuture<Object> submit(IMap<String, Object> map, String key,
            EntryProcessor<String, Object, Object> p) {
        return map.submitToKey(key, p).toCompletableFuture();
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
