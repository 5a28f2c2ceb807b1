package io.verdict.engine;

import java.util.List;

import io.verdict.query.Wildcards;

/**
 * The index patterns of a rule ({@code logs-endpoint.events.process-*}), compiled once. A rule with no patterns
 * (a data view, or an ES|QL FROM clause) accepts every index.
 */
public final class IndexPatterns {

    static final IndexPatterns ANY = new IndexPatterns(List.of());

    private final List<Wildcards> include;
    private final List<Wildcards> exclude;

    private IndexPatterns(List<String> patterns) {
        // Kibana index patterns: '*' wildcards, a leading '-' excludes
        this.include = patterns.stream().filter(p -> !p.startsWith("-")).map(p -> Wildcards.kql(p, false)).toList();
        this.exclude = patterns.stream().filter(p -> p.startsWith("-")).map(p -> Wildcards.kql(p.substring(1), false)).toList();
    }

    static IndexPatterns of(List<String> patterns) {
        return patterns.isEmpty() ? ANY : new IndexPatterns(patterns);
    }

    boolean acceptsAll() {
        return include.isEmpty();
    }

    boolean accepts(String index) {
        if (include.isEmpty()) {
            return true;
        }
        for (Wildcards ex : exclude) {
            if (ex.matches(index)) {
                return false;
            }
        }
        for (Wildcards in : include) {
            if (in.matches(index)) {
                return true;
            }
        }
        return false;
    }

    // equal lists route alike: Routes tests each distinct list once per index name
    @Override
    public boolean equals(Object o) {
        return o instanceof IndexPatterns other && include.equals(other.include) && exclude.equals(other.exclude);
    }

    @Override
    public int hashCode() {
        return include.hashCode() * 31 + exclude.hashCode();
    }
}
