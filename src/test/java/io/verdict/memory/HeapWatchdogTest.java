package io.verdict.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.verdict.engine.Detector;
import io.verdict.engine.Plan;
import io.verdict.engine.RuleCompiler;
import io.verdict.engine.Selection;
import io.verdict.engine.StateStore;
import io.verdict.event.Event;
import io.verdict.event.Schema;
import io.verdict.rule.Rule;
import io.verdict.rule.RuleFixtures;
import io.verdict.rule.RuleSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The heap watchdog cuts the state budget while the heap stays full after collections, and gives it back after. */
class HeapWatchdogTest {

    private static final long BUDGET = 64L << 20;

    private final Rule newTerms = RuleFixtures.newTermsOnHost("00000000-0000-4000-8000-0000000000e1", "New Host");
    private final Detector detector = new RuleCompiler(Schema.catalog(), Clock.systemUTC())
            .compile(new RuleSet(List.of(newTerms), List.of(), List.of(), 1, Instant.now(), Duration.ZERO));
    private final StateStore store =
            new StateStore(new StateStore.Limits(10_000_000, 10_000_000, Long.MAX_VALUE, 0, BUDGET, BUDGET));
    private double heap = 0.5;
    private final HeapWatchdog watchdog = new HeapWatchdog(store, 0.85, () -> heap, null);

    private void fill(int events) {
        store.retain(detector);
        Plan plan = detector.plan(Selection.ALL, Plan.Unrouted.ALL_RULES).withState(store);
        for (int i = 0; i < events; i++) {
            plan.evaluate(
                    Event.parse("{\"event\": {\"outcome\": \"success\"}, \"host\": {\"name\": \"host-" + i + "\"}}"),
                    false);
        }
    }

    @Test
    void aHeapStillFullAfterCollectionCutsTheStateBudgetWhateverTheEstimatesSay() {
        fill(50_000);
        long held = store.memoryBytes();
        assertThat(held).isGreaterThan(4L << 20).isLessThan(BUDGET);

        watchdog.check();
        assertThat(store.maxMemoryBytes()).as("below the mark: untouched").isEqualTo(BUDGET);

        heap = 0.9;
        watchdog.check();
        assertThat(store.maxMemoryBytes()).isEqualTo(held / 2);
        assertThat(store.memoryBytes()).isLessThanOrEqualTo(held / 2);
        watchdog.check();
        assertThat(watchdog.lowerings()).as("at most one cut a second").isEqualTo(1);

        heap = 0.75;
        watchdog.check();
        assertThat(store.maxMemoryBytes())
                .as("under the mark but not by 15 points: still cut")
                .isEqualTo(held / 2);

        heap = 0.6;
        watchdog.check();
        assertThat(store.maxMemoryBytes())
                .as("room again: the configured budget")
                .isEqualTo(BUDGET);
    }
}
