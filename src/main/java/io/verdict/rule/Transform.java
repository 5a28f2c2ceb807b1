package io.verdict.rule;

import java.util.List;
import java.util.Map;

/**
 * {@code [transform]}: Osquery and Investigate-in-Timeline entries that the investigation guide refers to as
 * {@code $osquery_N} and {@code $investigate_N}.
 */
public record Transform(List<Osquery> osquery, List<Investigate> investigate) {

    public static final Transform NONE = new Transform(List.of(), List.of());

    public Transform {
        osquery = List.copyOf(osquery);
        investigate = List.copyOf(investigate);
    }

    public boolean isEmpty() {
        return osquery.isEmpty() && investigate.isEmpty();
    }

    public record Osquery(String label, String query, Map<String, Object> ecsMapping) {}

    /**
     * An Investigate-in-Timeline button. {@code providers} is OR of AND-groups of
     * {@code {field, value, valueType, queryType, excluded}}.
     */
    public record Investigate(
            String label, String description, List<List<Provider>> providers, String relativeFrom, String relativeTo) {
        public Investigate {
            providers = providers.stream().map(List::copyOf).toList();
        }
    }

    public record Provider(String field, String value, String valueType, String queryType, boolean excluded) {}
}
