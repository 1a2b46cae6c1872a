package io.switchboard.engine.internal.core;

import static org.junit.Assert.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.Test;

public class IdentityMemoTest {

    private final AtomicInteger derivations = new AtomicInteger();
    private final IdentityMemo<List<String>, Integer> memo = new IdentityMemo<>(l -> {
        derivations.incrementAndGet();
        return l.size();
    });

    @Test
    public void anImmutableDefinitionIsDerivedOnceForTheSameInstance() {
        List<String> mask = List.copyOf(List.of("CallInbound", "CallOutbound"));
        assertEquals(2, (int) memo.get(mask));
        assertEquals(2, (int) memo.get(mask));
        assertEquals(1, derivations.get());
    }

    @Test
    public void anEqualButDistinctInstanceIsDerivedAgain() {
        memo.get(List.of("a"));
        memo.get(List.of("a"));
        assertEquals(2, derivations.get());
    }

    @Test
    public void aMutableDefinitionIsNeverRemembered() {
        List<String> mask = new ArrayList<>(List.of("a"));
        assertEquals(1, (int) memo.get(mask));
        mask.add("b");
        assertEquals(2, (int) memo.get(mask));
        assertEquals(2, derivations.get());
    }

    @Test
    public void aFailedDerivationIsNotRemembered() {
        IdentityMemo<List<String>, Integer> failing = new IdentityMemo<>(l -> {
            if (derivations.incrementAndGet() == 1) {
                throw new IllegalArgumentException("bad");
            }
            return 0;
        });
        List<String> mask = List.of("x");
        try {
            failing.get(mask);
        } catch (IllegalArgumentException expected) {
            // the first derivation fails
        }
        assertEquals(0, (int) failing.get(mask));
    }
}
