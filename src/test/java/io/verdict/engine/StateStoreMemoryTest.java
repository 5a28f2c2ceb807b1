package io.verdict.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.verdict.event.Event;
import io.verdict.event.Schema;
import io.verdict.rule.RuleSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The state of all stateful rules together stays within its byte budget: each rule bounds itself, and past the
 * total the rules over their equal share give back their least recently used entries.
 */
class StateStoreMemoryTest {

    private static final long BUDGET = 256 * 1024;
    /** What one event may add before the total is brought back under the budget. */
    private static final long ONE_EVENT = 4 * 1024;

    private final Detector detector = new RuleCompiler(Schema.catalog(), Clock.systemUTC())
            .compile(new RuleSet(
                    List.of(
                            StateStoreSnapshotTest.THRESHOLD,
                            StateStoreSnapshotTest.NEW_TERMS,
                            StateStoreSnapshotTest.SEQUENCE),
                    List.of(),
                    List.of(),
                    3,
                    Instant.now(),
                    Duration.ZERO));

    private StateStore store(long budget, long perRule) {
        StateStore store =
                new StateStore(new StateStore.Limits(1_000_000, 1_000_000, Long.MAX_VALUE, 0, budget, perRule));
        store.retain(detector);
        return store;
    }

    /** Event {@code i}, with keys never seen before: a failure (threshold) or a success (new_terms), and a process start (sequence). */
    private static Event event(int i, String outcome) {
        return Event.parse(
                "{\"@timestamp\": \"" + Instant.parse("2026-11-27T10:00:00Z").plusMillis(i) + "\","
                        + " \"event\": {\"category\": \"process\", \"outcome\": \"" + outcome + "\"},"
                        + " \"host\": {\"name\": \"host-" + i + "\"}, \"user\": {\"name\": \"user-" + i + "\"}}");
    }

    private static long sum(StateStore store, String stat) {
        return store.stats().values().stream()
                .mapToLong(m -> m.getOrDefault(stat, 0L))
                .sum();
    }

    @Test
    void stateOfEverNewKeysStaysWithinItsByteBudget() {
        StateStore store = store(BUDGET, BUDGET);
        Plan plan = detector.plan(Selection.ALL, Plan.Unrouted.ALL_RULES).withState(store);
        for (int i = 0; i < 20_000; i++) {
            plan.evaluate(event(i, i % 2 == 0 ? "failure" : "success"), false);
            assertThat(store.memoryBytes()).as("after event %d", i).isLessThanOrEqualTo(BUDGET + ONE_EVENT);
        }
        Map<String, Map<String, Long>> stats = store.stats();
        assertThat(stats).hasSize(3);
        long share = BUDGET / 3;
        stats.forEach((rule, s) -> {
            assertThat(s.get("evictions")).as(rule).isGreaterThan(1_000);
            // every rule keeps most of its equal share: the busy ones do not starve the others
            assertThat(s.get("memory_bytes")).as(rule).isGreaterThan(share / 2).isLessThanOrEqualTo(BUDGET);
        });
        assertThat(sum(store, "memory_bytes")).isEqualTo(store.memoryBytes());
    }

    @Test
    void aRuleMayUseWhatTheOthersLeaveButNotMoreThanItsOwnBudget() {
        StateStore store = store(BUDGET, BUDGET / 2);
        Plan plan = detector.plan(Selection.ALL, Plan.Unrouted.ALL_RULES).withState(store);
        for (int i = 0; i < 10_000; i++) {
            plan.evaluate(event(i, "success"), false); // new_terms and the sequence; the threshold sees none
        }
        long newTerms =
                store.stats().get(StateStoreSnapshotTest.NEW_TERMS.ruleId()).get("memory_bytes");
        assertThat(newTerms).isGreaterThan(BUDGET / 3).isLessThanOrEqualTo(BUDGET / 2);
        assertThat(store.memoryBytes()).isLessThanOrEqualTo(BUDGET + ONE_EVENT);
    }

    @Test
    void aLowerBudgetUnderHeapPressureForgetsTheOldestStateAtOnce() {
        StateStore store = store(BUDGET, BUDGET);
        Plan plan = detector.plan(Selection.ALL, Plan.Unrouted.ALL_RULES).withState(store);
        for (int i = 0; i < 5_000; i++) {
            plan.evaluate(event(i, i % 2 == 0 ? "failure" : "success"), false);
        }
        long evictionsBefore = sum(store, "evictions");
        assertThat(store.lowerMemoryBudget(BUDGET / 4)).isLessThanOrEqualTo(BUDGET / 4);
        assertThat(store.maxMemoryBytes()).isEqualTo(BUDGET / 4);
        assertThat(sum(store, "evictions")).isGreaterThan(evictionsBefore);
        // the newest state is what is kept
        assertThat(plan.evaluate(
                                Event.parse("{\"@timestamp\": \"2026-11-27T10:00:05Z\", \"event\": {\"category\":"
                                        + " \"network\"}, \"host\": {\"name\": \"host-4999\"}}"),
                                false)
                        .alerts())
                .isNotEmpty();
        store.restoreMemoryBudget();
        assertThat(store.maxMemoryBytes()).isEqualTo(BUDGET);
    }

    @Test
    void forgottenRulesLeaveNothingInTheTotal() {
        StateStore store = store(BUDGET, BUDGET);
        Plan plan = detector.plan(Selection.ALL, Plan.Unrouted.ALL_RULES).withState(store);
        for (int i = 0; i < 1_000; i++) {
            plan.evaluate(event(i, i % 2 == 0 ? "failure" : "success"), false);
        }
        assertThat(store.memoryBytes()).isPositive();
        store.retain(Detector.EMPTY);
        assertThat(store.memoryBytes()).isZero();
        for (int i = 0; i < 1_000; i++) {
            plan.evaluate(event(i, i % 2 == 0 ? "failure" : "success"), false);
        }
        store.clear();
        assertThat(store.memoryBytes()).isZero();
    }
}
