package io.verdict.eql.compile;

import io.verdict.event.Event;

/**
 * A compiled event-level predicate: does the document match, as Elasticsearch's query would decide it. Documents
 * match or do not (no null here): a predicate on a missing field does not match, {@code not} is
 * {@code must_not}. Implementations are small, immutable and thread-safe.
 */
@FunctionalInterface
public interface Condition {

    boolean matches(Event event);
}
