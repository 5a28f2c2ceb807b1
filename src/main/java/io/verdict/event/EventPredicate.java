package io.verdict.event;

/**
 * Does this event pass: a compiled query, filter, exception item or stage condition, as EQL, KQL, Kibana filters
 * and exceptions all decide it. An event passes or not (no null, no error): a test of a missing field fails.
 * Implementations are small, immutable and thread-safe.
 */
@FunctionalInterface
public interface EventPredicate {

    /** Every event passes (the empty query, {@code *:*}, a rule without filters). */
    EventPredicate ALL = event -> true;

    /** No event passes (a test of a field no document can hold). */
    EventPredicate NONE = event -> false;

    boolean matches(Event event);

    /** Both pass, this one asked first; {@link #ALL} on either side is dropped rather than asked. */
    default EventPredicate and(EventPredicate other) {
        if (other == ALL) {
            return this;
        }
        if (this == ALL) {
            return other;
        }
        return event -> matches(event) && other.matches(event);
    }

    /** The events this one refuses. */
    default EventPredicate negate() {
        return event -> !matches(event);
    }
}
