package io.switchboard.engine.internal.grid;

import com.hazelcast.aggregation.Aggregator;
import io.switchboard.api.model.ObjectType;
import io.switchboard.api.model.StatType;
import io.switchboard.engine.internal.core.Evaluator;
import io.switchboard.engine.internal.core.Query;
import java.util.Map;

/**
 * CurrentNumber of a tenant: the sum over its agents, agent-less DNs and queues (for subject
 * Status: the agents whose status is in the mask), computed on each partition and combined.
 * Places are left out: their actions are their agents'.
 */
final class TenantNumberAggregator implements Aggregator<Map.Entry<String, Object>, Long> {

    private static final long serialVersionUID = 1L;

    final String tenant;
    final Query query;
    long sum;

    TenantNumberAggregator(String tenant, Query query) {
        this.tenant = tenant;
        this.query = query;
    }

    @Override
    public void accumulate(Map.Entry<String, Object> entry) {
        String key = entry.getKey();
        ObjectType type = Keys.typeOf(key);
        if (type == ObjectType.Place || !tenant.equals(Keys.tenantOf(key))) {
            return;
        }
        // A tenant's status-based members are its agents.
        if (query.subject() == StatType.Subject.Status && type != ObjectType.Agent) {
            return;
        }
        sum += Evaluator.currentNumber(entry.getValue(), query);
    }

    @Override
    public void combine(Aggregator aggregator) {
        sum += ((TenantNumberAggregator) aggregator).sum;
    }

    @Override
    public Long aggregate() {
        return sum;
    }
}
