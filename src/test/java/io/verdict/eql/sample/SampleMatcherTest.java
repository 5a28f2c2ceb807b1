package io.verdict.eql.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.verdict.eql.EqlCompiler;
import io.verdict.event.Event;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Streaming samples: returned when a key has one distinct event per filter; the key bound evicts the eldest. */
class SampleMatcherTest {

    private final SamplePlan plan =
            SamplePlan.of(new EqlCompiler().compile("sample by host [process where true] [network where true]"));

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

    @Test
    void everNewSampleKeysStayWithinTheByteBudget() {
        long budget = 32 * 1024;
        SampleMatcher matcher = new SampleMatcher(plan, new SampleLimits(Integer.MAX_VALUE, 1, budget));
        long[] total = new long[1];
        matcher.countInto(delta -> total[0] += delta);
        for (int i = 0; i < 10_000; i++) {
            matcher.offer(event(i, "host-" + i, "process"));
            assertTrue(matcher.memoryBytes() <= budget, "bytes " + matcher.memoryBytes() + " after event " + i);
        }
        SampleStats stats = matcher.stats();
        assertTrue(stats.evicted() > 9_000, "evicted " + stats.evicted());
        assertTrue(stats.keys() > 10, "keys " + stats.keys());
        assertEquals(matcher.memoryBytes(), total[0]);
        // the newest key is kept and completes
        assertEquals(List.of(List.of(9_999L, 10_000L)), ids(matcher.offer(event(10_000, "host-9999", "network"))));
        matcher.clear();
        assertEquals(0, total[0]);
    }

    private static Event event(int id, String host, String category) {
        return Event.parse(
                "{\"id\":" + id + ",\"host\":\"" + host + "\",\"event\":{\"category\":\"" + category + "\"}}");
    }

    private static List<List<Long>> ids(List<SampleMatch> samples) {
        return samples.stream()
                .map(s -> s.events().stream()
                        .map(e -> e.root().get("id").longValue())
                        .toList())
                .toList();
    }
}
