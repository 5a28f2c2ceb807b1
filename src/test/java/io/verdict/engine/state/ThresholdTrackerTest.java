package io.verdict.engine.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.verdict.event.Event;
import io.verdict.rule.Threshold;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ThresholdTrackerTest {

    static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

    static Event logon(String ip, String user) {
        return Event.parse("{\"source\": {\"ip\": \"" + ip + "\"}, \"user\": {\"name\": " + user + "}}");
    }

    @Test
    void alertsOncePerGroupWhenTheCountIsReachedThenStartsAgain() {
        ThresholdTracker tracker =
                new ThresholdTracker(new Threshold(List.of("source.ip"), 3, List.of()), Duration.ofMinutes(5), 100);
        assertThat(tracker.accept(logon("10.0.0.1", "\"a\""), T0)).isEmpty();
        assertThat(tracker.accept(logon("10.0.0.2", "\"a\""), T0.plusSeconds(10)))
                .isEmpty();
        assertThat(tracker.accept(logon("10.0.0.1", "\"a\""), T0.plusSeconds(20)))
                .isEmpty();
        List<ThresholdResult> results = tracker.accept(logon("10.0.0.1", "\"b\""), T0.plusSeconds(30));
        assertThat(results)
                .containsExactly(new ThresholdResult(
                        List.of(new ThresholdResult.Term("source.ip", "10.0.0.1")), List.of(), 3, T0));
        assertThat(tracker.accept(logon("10.0.0.1", "\"a\""), T0.plusSeconds(40)))
                .isEmpty();
        assertThat(tracker.groups()).isEqualTo(2);
    }

    @Test
    void eventsOutsideTheLookBackWindowDoNotCount() {
        ThresholdTracker tracker =
                new ThresholdTracker(new Threshold(List.of("source.ip"), 2, List.of()), Duration.ofMinutes(5), 100);
        assertThat(tracker.accept(logon("10.0.0.1", "\"a\""), T0)).isEmpty();
        assertThat(tracker.accept(logon("10.0.0.1", "\"a\""), T0.plus(Duration.ofMinutes(6))))
                .isEmpty();
        assertThat(tracker.accept(logon("10.0.0.1", "\"a\""), T0.plus(Duration.ofMinutes(7))))
                .hasSize(1);
    }

    @Test
    void cardinalityCountsDistinctValuesInTheWindow() {
        ThresholdTracker tracker = new ThresholdTracker(
                new Threshold(List.of("source.ip"), 3, List.of(new Threshold.Cardinality("user.name", 2))),
                Duration.ofMinutes(5),
                100);
        for (int i = 0; i < 3; i++) {
            assertThat(tracker.accept(logon("10.0.0.1", "\"a\""), T0.plusSeconds(i)))
                    .isEmpty();
        }
        assertThat(tracker.accept(logon("10.0.0.1", "\"b\""), T0.plusSeconds(5)))
                .singleElement()
                .satisfies(r -> {
                    assertThat(r.count()).isEqualTo(4);
                    assertThat(r.cardinality()).containsExactly(new ThresholdResult.Term("user.name", 2));
                });
    }

    @Test
    void arraysFanOutMissingFieldsDoNotCountAndGroupsAreBounded() {
        ThresholdTracker tracker = new ThresholdTracker(
                new Threshold(List.of("source.ip", "user.name"), 1, List.of()), Duration.ofMinutes(5), 2);
        assertThat(tracker.accept(logon("10.0.0.1", "[\"a\", \"b\"]"), T0))
                .extracting(r -> r.terms().get(1).value())
                .containsExactly("a", "b");
        assertThat(tracker.accept(Event.parse("{\"source\": {\"ip\": \"10.0.0.9\"}}"), T0))
                .isEmpty();

        ThresholdTracker bounded =
                new ThresholdTracker(new Threshold(List.of("source.ip"), 5, List.of()), Duration.ofMinutes(5), 2);
        bounded.accept(logon("10.0.0.1", "\"a\""), T0);
        bounded.accept(logon("10.0.0.2", "\"a\""), T0);
        bounded.accept(logon("10.0.0.3", "\"a\""), T0);
        assertThat(bounded.groups()).isEqualTo(2);
        assertThat(bounded.evictions()).isEqualTo(1);
    }

    @Test
    void noGroupFieldsMeansOneGroup() {
        ThresholdTracker tracker =
                new ThresholdTracker(new Threshold(List.of(), 2, List.of()), Duration.ofMinutes(5), 10);
        assertThat(tracker.accept(logon("1.1.1.1", "\"a\""), T0)).isEmpty();
        assertThat(tracker.accept(logon("2.2.2.2", "\"b\""), T0))
                .singleElement()
                .satisfies(r -> assertThat(r.terms()).isEmpty());
    }

    @Test
    void everNewGroupsStayWithinTheByteBudget() {
        long budget = 64 * 1024;
        ThresholdTracker tracker = new ThresholdTracker(
                new Threshold(List.of("source.ip", "user.name"), 25, List.of()),
                Duration.ofMinutes(5),
                Integer.MAX_VALUE,
                budget);
        long[] total = new long[1];
        tracker.countInto(delta -> total[0] += delta);
        for (int i = 0; i < 20_000; i++) {
            tracker.accept(logon("10.0." + (i >> 8) + "." + (i & 255), "\"user-" + i + "\""), T0.plusMillis(i));
            assertThat(tracker.memoryBytes()).isLessThanOrEqualTo(budget);
        }
        assertThat(tracker.evictions()).isGreaterThan(19_000);
        assertThat(tracker.groups()).isGreaterThan(100);
        assertThat(total[0]).as("what the total was told").isEqualTo(tracker.memoryBytes());
        tracker.shrinkTo(0);
        assertThat(tracker.memoryBytes()).isZero();
        assertThat(total[0]).isZero();
    }

    @Test
    void aGroupAloneOverTheByteBudgetDropsItsOldestEvents() {
        // a cardinality that is never reached keeps every event of the window in the group
        ThresholdTracker tracker = new ThresholdTracker(
                new Threshold(List.of("source.ip"), 1, List.of(new Threshold.Cardinality("user.name", 1_000_000))),
                Duration.ofDays(1),
                100,
                32 * 1024);
        for (int i = 0; i < 5_000; i++) {
            tracker.accept(logon("10.0.0.1", "\"user-" + i + "\""), T0.plusMillis(i));
            assertThat(tracker.memoryBytes()).isLessThanOrEqualTo(32 * 1024);
        }
        assertThat(tracker.groups()).isEqualTo(1);
        assertThat(tracker.evictions()).isGreaterThan(4_000);
    }
}
