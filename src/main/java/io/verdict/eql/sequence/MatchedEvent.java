package io.verdict.eql.sequence;

import io.verdict.event.Event;

/**
 * One stage of a completed sequence: the event that matched it, or for a missing-event stage {@code ![...]} a
 * placeholder ({@link #missing()} true, no event), as Elasticsearch returns it.
 *
 * @param stage     the stage index, runs expanded
 * @param timestamp epoch milliseconds of the event; 0 for a placeholder
 */
public record MatchedEvent(int stage, boolean missing, long timestamp, Event event) {

    static MatchedEvent placeholder(int stage) {
        return new MatchedEvent(stage, true, 0, null);
    }
}
