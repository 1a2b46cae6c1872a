package io.switchboard.engine.internal.core;

import io.switchboard.api.model.Category;
import io.switchboard.api.model.StatType;
import io.switchboard.api.stats.StatRequest.Filter;
import java.util.List;

/** The part of a statistic request that is evaluated where the object lives. */
public record Query(Category category, StatType.Subject subject, List<String> mask, Filter filter) {

    public Query {
        mask = List.copyOf(mask);
        filter = filter == null ? Filter.NONE : filter;
    }
}
