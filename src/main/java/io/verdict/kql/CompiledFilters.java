package io.verdict.kql;

import io.verdict.event.Event;
import io.verdict.event.EventPredicate;
import java.util.Set;

/**
 * A rule's compiled Kibana {@code filters}: every enabled filter must hold (a negated one must not). With no
 * enabled filter every event passes. Immutable and thread-safe.
 */
public final class CompiledFilters {

    private final EventPredicate predicate;
    private final int active;
    private final Set<String> fields;

    CompiledFilters(EventPredicate predicate, int active, Set<String> fields) {
        this.predicate = predicate;
        this.active = active;
        this.fields = Set.copyOf(fields);
    }

    /** True when the event passes every enabled filter. */
    public boolean matches(Event event) {
        return predicate.matches(event);
    }

    /** The same decision as {@link #matches}, as the predicate it compiled to (one call less per event). */
    public EventPredicate predicate() {
        return predicate;
    }

    /** How many filters are enabled (disabled ones are dropped at compile time). */
    public int active() {
        return active;
    }

    /** The field names the enabled filters refer to. */
    public Set<String> fields() {
        return fields;
    }

    @Override
    public String toString() {
        return "filters[" + active + " active on " + fields + "]";
    }
}
