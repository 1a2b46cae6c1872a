package io.switchboard.bus.internal.journal;

import java.util.List;
import java.util.Map;

/**
 * Where a commit of event lines goes, in two steps: written (it outlives this process, and the
 * engine may apply it) and then forced (it outlives the machine, and may be acknowledged).
 */
public interface CommitLog {

    /** Writes one commit; {@code lastSeqs} says which sources it holds and how far they go. */
    void write(List<String> lines, Map<String, Long> lastSeqs);

    /** Makes everything written so far durable. */
    void force();
}
