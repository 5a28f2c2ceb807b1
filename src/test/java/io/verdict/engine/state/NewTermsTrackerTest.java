package io.verdict.engine.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.verdict.event.Event;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class NewTermsTrackerTest {

    static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

    static Event logon(String host, String user) {
        return Event.parse("{\"host\": {\"id\": " + host + "}, \"user\": {\"name\": " + user + "}}");
    }

    private final NewTermsTracker tracker =
            new NewTermsTracker(List.of("host.id", "user.name"), Duration.ofDays(7), 100);

    @Test
    void aCombinationIsNewOncePerHistoryWindow() {
        assertThat(tracker.accept(logon("\"h1\"", "\"bob\""), T0)).containsExactly(List.of("h1", "bob"));
        assertThat(tracker.accept(logon("\"h1\"", "\"bob\""), T0.plus(Duration.ofDays(6))))
                .isEmpty();
        assertThat(tracker.accept(logon("\"h1\"", "\"alice\""), T0.plus(Duration.ofDays(6))))
                .containsExactly(List.of("h1", "alice"));
        assertThat(tracker.accept(logon("\"h1\"", "\"bob\""), T0.plus(Duration.ofDays(14))))
                .containsExactly(List.of("h1", "bob"));
    }

    @Test
    void learnedHistoryIsNotNew() {
        tracker.learn(logon("\"h2\"", "\"carol\""), T0);
        assertThat(tracker.accept(logon("\"h2\"", "\"carol\""), T0.plus(Duration.ofDays(1))))
                .isEmpty();
    }

    @Test
    void arraysGiveEveryCombinationAndAMissingFieldNone() {
        assertThat(tracker.accept(logon("[\"h1\", \"h2\"]", "\"bob\""), T0))
                .containsExactly(List.of("h1", "bob"), List.of("h2", "bob"));
        assertThat(tracker.accept(Event.parse("{\"host\": {\"id\": \"h3\"}}"), T0))
                .isEmpty();
        assertThat(tracker.accept(logon("\"h9\"", "42"), T0)).containsExactly(List.of("h9", "42"));
    }

    @Test
    void boundedByForgettingTheLeastRecentlySeen() {
        NewTermsTracker small = new NewTermsTracker(List.of("user.name"), Duration.ofDays(7), 2);
        small.accept(logon("\"h\"", "\"a\""), T0);
        small.accept(logon("\"h\"", "\"b\""), T0);
        small.accept(logon("\"h\"", "\"c\""), T0);
        assertThat(small.terms()).isEqualTo(2);
        assertThat(small.evictions()).isEqualTo(1);
        assertThat(small.accept(logon("\"h\"", "\"a\""), T0.plusSeconds(1))).containsExactly(List.of("a"));
    }

    @Test
    void everNewTermsStayWithinTheByteBudget() {
        long budget = 64 * 1024;
        NewTermsTracker bounded =
                new NewTermsTracker(List.of("host.id", "user.name"), Duration.ofDays(7), Integer.MAX_VALUE, budget);
        long[] total = new long[1];
        bounded.countInto(delta -> total[0] += delta);
        for (int i = 0; i < 20_000; i++) {
            assertThat(bounded.accept(logon("\"h" + i + "\"", "\"user-" + i + "\""), T0.plusMillis(i)))
                    .hasSize(1);
            assertThat(bounded.memoryBytes()).isLessThanOrEqualTo(budget);
        }
        assertThat(bounded.evictions()).isGreaterThan(19_000);
        assertThat(bounded.terms()).isGreaterThan(100);
        assertThat(total[0]).as("what the total was told").isEqualTo(bounded.memoryBytes());
        // the most recent combinations are the ones kept
        assertThat(bounded.accept(logon("\"h19999\"", "\"user-19999\""), T0.plusSeconds(30)))
                .isEmpty();
        assertThat(bounded.accept(logon("\"h0\"", "\"user-0\""), T0.plusSeconds(30)))
                .hasSize(1);
    }

    @Test
    void aFullTrackerForgetsTermsLastSeenBeforeTheHistoryWindowBeforeRecentlySeenOnes() {
        NewTermsTracker small = new NewTermsTracker(List.of("user.name"), Duration.ofDays(7), 2);
        Instant now = T0.plus(Duration.ofDays(10));
        assertThat(small.accept(logon("\"h\"", "\"recent\""), now)).hasSize(1);
        // a late event, most recently used but last seen long before the history window of now
        assertThat(small.accept(logon("\"h\"", "\"old\""), T0)).hasSize(1);
        assertThat(small.accept(logon("\"h\"", "\"third\""), now.plusSeconds(1)))
                .hasSize(1);

        assertThat(small.accept(logon("\"h\"", "\"recent\""), now.plusSeconds(2)))
                .isEmpty();
        // nothing within the window was lost
        assertThat(small.evictions()).isZero();
    }

    @Test
    void aTermLastSeenBeforeTheHistoryWindowIsNewAgainAfterARestore() {
        tracker.accept(logon("\"h1\"", "\"bob\""), T0);
        NewTermsTracker restored = new NewTermsTracker(List.of("host.id", "user.name"), Duration.ofDays(7), 100);
        restored.restore(tracker.snapshot());

        assertThat(restored.accept(logon("\"h1\"", "\"bob\""), T0.plus(Duration.ofDays(3))))
                .isEmpty();
        assertThat(restored.accept(logon("\"h1\"", "\"bob\""), T0.plus(Duration.ofDays(11))))
                .hasSize(1);
    }

    @Test
    void aPartitionedRunRecordsOnlyTheCombinationsOfItsKey() {
        assertThat(tracker.accept(
                        logon("[\"h1\", \"h2\"]", "\"bob\""),
                        T0,
                        combo -> combo.get(0).equals("h2")))
                .containsExactly(List.of("h2", "bob"));
        assertThat(tracker.terms()).isEqualTo(1);
        assertThat(tracker.accept(logon("\"h1\"", "\"bob\""), T0)).containsExactly(List.of("h1", "bob"));
    }
}
