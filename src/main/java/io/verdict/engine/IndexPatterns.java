package io.verdict.engine;

import io.verdict.query.Wildcards;
import java.util.List;

/**
 * The index patterns of a rule ({@code logs-endpoint.events.process-*}), compiled once. A rule with no patterns
 * (a data view, or an ES|QL FROM clause) accepts every index but a hidden one.
 *
 * <p>A name that begins with a dot ({@code .alerts-security.alerts-default}, where Kibana writes its alerts) is a
 * hidden index: as in Elasticsearch, only a pattern that itself begins with a dot ({@code .alerts-security.*}) reaches
 * it, so {@code *} or {@code logs-*} never take alert documents.
 */
public final class IndexPatterns {

    static final IndexPatterns ANY = new IndexPatterns(List.of());

    private final List<Wildcards> include;
    /** The included patterns that begin with a dot, the only ones that reach a hidden index. */
    private final List<Wildcards> includeHidden;

    private final List<Wildcards> exclude;

    private IndexPatterns(List<String> patterns) {
        // Kibana index patterns: '*' wildcards, a leading '-' excludes
        this.include = patterns.stream()
                .filter(p -> !p.startsWith("-"))
                .map(p -> Wildcards.kql(p, false))
                .toList();
        this.includeHidden = patterns.stream()
                .filter(p -> p.startsWith("."))
                .map(p -> Wildcards.kql(p, false))
                .toList();
        this.exclude = patterns.stream()
                .filter(p -> p.startsWith("-"))
                .map(p -> Wildcards.kql(p.substring(1), false))
                .toList();
    }

    static IndexPatterns of(List<String> patterns) {
        return patterns.isEmpty() ? ANY : new IndexPatterns(patterns);
    }

    boolean acceptsAll() {
        return include.isEmpty();
    }

    boolean accepts(String index) {
        boolean hidden = index.startsWith(".");
        if (include.isEmpty()) {
            return !hidden;
        }
        for (Wildcards ex : exclude) {
            if (ex.matches(index)) {
                return false;
            }
        }
        for (Wildcards in : hidden ? includeHidden : include) {
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
