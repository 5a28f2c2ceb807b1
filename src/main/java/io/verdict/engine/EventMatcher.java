package io.verdict.engine;

import io.verdict.event.Event;

/** A compiled query or filter as the engine runs it: immutable, thread-safe, deciding one event. */
@FunctionalInterface
public interface EventMatcher {

    EventMatcher ALL = event -> true;

    boolean matches(Event event);

    default EventMatcher and(EventMatcher other) {
        if (other == ALL) {
            return this;
        }
        if (this == ALL) {
            return other;
        }
        return event -> matches(event) && other.matches(event);
    }
}
