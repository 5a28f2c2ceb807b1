package io.verdict.eql.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.verdict.eql.EqlCompiler;
import io.verdict.event.Event;

/** Streaming samples: returned when a key has one distinct event per filter; the key bound evicts the eldest. */
class SampleMatcherTest {

    private final SamplePlan plan = SamplePlan.of(new EqlCompiler().compile(
            "sample by host [process where true] [network where true]"));

    @Test
    void sampleReturnedOnceWhenEveryFilterHasADistinctEvent() {
        SampleMatcher matcher = new SampleMatcher(plan, SampleLimits.DEFAULT);
        assertEquals(List.of(), ids(matcher.offer(event(1, "a", "process"))));
        assertEquals(List.of(), ids(matcher.offer(event(2, "b", "network"))));
        assertEquals(List.of(List.of(1L, 3L)), ids(matcher.offer(event(3, "a", "network"))));
        assertEquals(List.of(), ids(matcher.offer(event(4, "a", "network"))));
        // a filter keeps filters x max_samples_per_key candidates, so event 4 is kept though no sample needs it
        assertEquals(new SampleStats(2, 4, matcher.stats().memoryEstimate(), 0, 1), matcher.stats());
    }

    @Test
    void keyBoundEvictsTheLeastRecentlyUsedKey() {
        SampleMatcher matcher = new SampleMatcher(plan, new SampleLimits(1, 1));
        matcher.offer(event(1, "a", "process"));
        matcher.offer(event(2, "b", "process"));
        assertEquals(List.of(), ids(matcher.offer(event(3, "a", "network"))));
        SampleStats stats = matcher.stats();
        assertEquals(1, stats.keys());
        assertEquals(1, stats.candidates());
        assertEquals(2, stats.evicted());
    }

    private static Event event(int id, String host, String category) {
        return Event.parse("{\"id\":" + id + ",\"host\":\"" + host + "\",\"event\":{\"category\":\"" + category + "\"}}");
    }

    private static List<List<Long>> ids(List<SampleMatch> samples) {
        return samples.stream().map(s -> s.events().stream().map(e -> e.root().get("id").longValue()).toList()).toList();
    }
}
