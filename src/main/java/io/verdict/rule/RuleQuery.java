package io.verdict.rule;

import io.verdict.query.Position;
import io.verdict.query.SourceText;
import java.util.List;
import java.util.Map;

/**
 * What a query-based rule searches: the query with its position in the rule file, where it searches, and the
 * Kibana filters AND-ed to it.
 *
 * @param filters               Kibana filter objects as written ({@code meta}, {@code query}, ...), deeply immutable
 * @param filtersAt             where {@code filters} is written in the file (null without filters)
 * @param eventCategoryOverride EQL only: the field tested by {@code <category> where} instead of event.category
 */
public record RuleQuery(
        Language language,
        SourceText text,
        List<String> index,
        String dataViewId,
        List<Map<String, Object>> filters,
        Position filtersAt,
        String eventCategoryOverride,
        String tiebreakerField,
        String timestampField) {

    public RuleQuery {
        index = List.copyOf(index);
        filters = List.copyOf(filters);
    }
}
