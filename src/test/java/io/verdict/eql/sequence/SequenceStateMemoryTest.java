package io.verdict.eql.sequence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.verdict.eql.EqlCompiler;
import io.verdict.event.Event;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The bytes a sequence rule's state holds: bounded, and accounted exactly as it comes and goes. */
class SequenceStateMemoryTest {

    private static SequencePlan plan(String query) {
        return SequencePlan.of(new EqlCompiler().compile(query));
    }

    private static Event event(long time, String host, String category) {
        return Event.parse("{\"@timestamp\": " + time + ", \"host\": \"" + host + "\", \"event\": {\"category\": \""
                + category + "\"}, \"message\": \"" + "x".repeat(200) + "\"}");
    }

    @Test
    void everNewJoinKeysStayWithinTheByteBudget() {
        long budget = 64 * 1024;
        SequenceMatcher matcher = new SequenceMatcher(
                plan("sequence by host with maxspan=1h [process where true] [network where true]"),
                new SequenceLimits(Integer.MAX_VALUE, 0, budget));
        long[] total = new long[1];
        matcher.state().countInto(delta -> total[0] += delta);
        for (int i = 0; i < 10_000; i++) {
            matcher.offer(event(i, "host-" + i, "process"));
            assertTrue(matcher.state().memoryBytes() <= budget, "bytes after event " + i);
        }
        SequenceStats stats = matcher.state().stats();
        assertTrue(stats.evicted() > 9_000, "evicted " + stats.evicted());
        assertTrue(stats.keys() > 10, "keys " + stats.keys());
        assertEquals(stats.memoryEstimate(), total[0]);
        // the most recent keys are the ones kept, and still complete
        assertEquals(1, matcher.offer(event(10_000, "host-9999", "network")).size());
        assertEquals(0, matcher.offer(event(10_001, "host-0", "network")).size());
    }

    @Test
    void theEstimateComesBackToNothingWhenEverythingIsForgotten() {
        for (String query : List.of(
                "sequence by host with maxspan=50ms [process where true] [file where true] [network where true]",
                "sequence by host [process where true] [network where true] until [file where true]",
                "sequence by host with maxspan=50ms [process where true] ![file where true] [network where true]",
                "sequence by host with maxspan=50ms ![file where true] [process where true] [network where true]",
                "sequence by host with maxspan=50ms [process where true] [network where true] ![file where true]")) {
            SequenceMatcher matcher = new SequenceMatcher(plan(query), new SequenceLimits(40, 0, 20_000));
            long[] total = new long[1];
            matcher.state().countInto(delta -> total[0] += delta);
            Random random = new Random(7);
            String[] categories = {"process", "file", "network"};
            for (int i = 0; i < 20_000; i++) {
                matcher.offer(event(i, "h" + random.nextInt(60), categories[random.nextInt(3)]));
                assertEquals(matcher.state().memoryBytes(), total[0], query);
                assertTrue(matcher.state().memoryBytes() >= 0, query);
            }
            SequenceState restored = matcher.state().snapshot().restore(matcher.plan(), matcher.state().limits);
            assertEquals(matcher.state().memoryBytes(), restored.memoryBytes(), query);
            matcher.advanceTo(Long.MAX_VALUE - 1);
            matcher.state().shrinkTo(0);
            assertEquals(0, matcher.state().memoryBytes(), query);
            assertEquals(0, matcher.state().stats().pending(), query);
            assertEquals(0, total[0], query);
        }
    }
}
