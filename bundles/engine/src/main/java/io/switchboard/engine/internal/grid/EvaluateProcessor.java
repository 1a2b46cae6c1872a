package io.switchboard.engine.internal.grid;

import com.hazelcast.core.Offloadable;
import com.hazelcast.core.ReadOnly;
import com.hazelcast.map.EntryProcessor;
import io.switchboard.engine.internal.core.AgentState;
import io.switchboard.engine.internal.core.Evaluator;
import io.switchboard.engine.internal.core.Query;
import java.util.Map;

/**
 * Evaluates a query where the object lives, so only the value crosses the network. With
 * {@code endpoint} set, the object is that DN of the agent that holds it.
 */
final class EvaluateProcessor implements EntryProcessor<String, Object, Object>, ReadOnly {

    private static final long serialVersionUID = 1L;

    final Query query;
    final String endpoint;

    EvaluateProcessor(Query query, String endpoint) {
        this.query = query;
        this.endpoint = endpoint;
    }

    @Override
    public Object process(Map.Entry<String, Object> entry) {
        Object state = entry.getValue();
        if (endpoint != null) {
            state = state instanceof AgentState a ? a.endpoints().get(endpoint) : null;
        }
        return Evaluator.evaluate(state, query);
    }

    @Override
    public EntryProcessor<String, Object, Object> getBackupProcessor() {
        return null;
    }
}
