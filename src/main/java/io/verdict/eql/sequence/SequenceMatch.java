package io.verdict.eql.sequence;

import java.util.List;

/**
 * A completed sequence: its join key and one {@link MatchedEvent} per stage in stage order (missing-event stages
 * as placeholders).
 *
 * @param order the arrival number of its last matched event: Elasticsearch lists sequences in this order
 */
public record SequenceMatch(JoinKey key, List<MatchedEvent> events, long order) {

    public SequenceMatch {
        events = List.copyOf(events);
    }

    /** The events that matched (placeholders left out). */
    public List<MatchedEvent> matched() {
        return events.stream().filter(e -> !e.missing()).toList();
    }
}
