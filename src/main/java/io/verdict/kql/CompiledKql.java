package io.verdict.kql;

import io.verdict.event.Event;
import io.verdict.event.EventPredicate;
import io.verdict.query.Problem;
import io.verdict.query.SourceText;
import java.util.List;
import java.util.Set;

/**
 * A compiled KQL query: decides events one at a time. Immutable and thread-safe; compile once, evaluate many.
 * A query with {@code now} in a date bound reads the compiler's clock at each evaluation.
 */
public final class CompiledKql {

    private final SourceText source;
    private final EventPredicate predicate;
    private final Set<String> fields;
    private final List<Problem> warnings;

    CompiledKql(SourceText source, EventPredicate predicate, Set<String> fields, List<Problem> warnings) {
        this.source = source;
        this.predicate = predicate;
        this.fields = Set.copyOf(fields);
        this.warnings = List.copyOf(warnings);
    }

    /** What compiles but cannot be what the author meant: a clause on a field no document can hold. */
    public List<Problem> warnings() {
        return warnings;
    }

    /** True when the event satisfies the query. */
    public boolean matches(Event event) {
        return predicate.matches(event);
    }

    /** The same decision as {@link #matches}, as the predicate it compiled to (one call less per event). */
    public EventPredicate predicate() {
        return predicate;
    }

    /** The field names the query refers to, as written (nested fields with their full path; patterns as patterns). */
    public Set<String> fields() {
        return fields;
    }

    public SourceText source() {
        return source;
    }

    @Override
    public String toString() {
        return "kql " + source + ": " + source.text().strip();
    }
}
