package io.verdict.eql.sample;

import io.verdict.eql.sequence.JoinKey;
import io.verdict.event.Event;
import java.util.List;

/** One sample: its join key and one distinct event per filter, in filter order. */
public record SampleMatch(JoinKey key, List<Event> events) {

    public SampleMatch {
        events = List.copyOf(events);
    }
}
