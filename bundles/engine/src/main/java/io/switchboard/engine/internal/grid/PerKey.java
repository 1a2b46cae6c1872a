package io.switchboard.engine.internal.grid;

import com.hazelcast.map.EntryProcessor;
import java.util.Map;

/**
 * Each key's own processor, for many keys in one grid operation per partition instead of one
 * operation per key: a batch touches hundreds of calls and objects, and the cost of an
 * operation, not the work in it, was most of applying. Backups run it too (every key's
 * processor is its own backup), and a retry after a member's death changes nothing, as each
 * processor checks its events' marks.
 */
final class PerKey implements EntryProcessor<String, Object, Object> {
    private static final long serialVersionUID = 1L;

    final Map<String, EntryProcessor<String, Object, Object>> processors;

    PerKey(Map<String, EntryProcessor<String, Object, Object>> processors) {
        this.processors = processors;
    }

    @Override
    public Object process(Map.Entry<String, Object> entry) {
        EntryProcessor<String, Object, Object> p = processors.get(entry.getKey());
        return p == null ? null : p.process(entry);
    }
}
