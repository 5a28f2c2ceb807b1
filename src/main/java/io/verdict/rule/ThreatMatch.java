package io.verdict.rule;

import io.verdict.query.SourceText;
import java.util.List;
import java.util.Map;

/** Indicator-match settings: the indicator index and query, and how event fields map onto indicator fields. */
public record ThreatMatch(
        List<String> threatIndex,
        SourceText threatQuery,
        Language threatLanguage,
        List<Map<String, Object>> threatFilters,
        List<Mapping> threatMapping,
        String threatIndicatorPath,
        Integer concurrentSearches,
        Integer itemsPerSearch)
        implements TypeBlock {

    public ThreatMatch {
        threatIndex = List.copyOf(threatIndex);
        threatFilters = List.copyOf(threatFilters);
        threatMapping = List.copyOf(threatMapping);
    }

    /** One {@code threat_mapping} element: all of its entries must match (AND); elements are OR-ed. */
    public record Mapping(List<Entry> entries) {
        public Mapping {
            entries = List.copyOf(entries);
        }
    }

    /** Event field {@code field} equals indicator field {@code value} (or does not, when {@code negate}). */
    public record Entry(String field, String type, String value, boolean negate) {}
}
