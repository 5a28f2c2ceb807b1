package io.verdict.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.verdict.event.Event;
import io.verdict.event.Schema;
import io.verdict.rule.Rule;
import io.verdict.rule.RuleFixtures;
import io.verdict.rule.RuleSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A rule over its evaluation budget on an event is stopped there and reported for that event alone; the other
 * rules decide it as ever. The costly rule tries many patterns on a long value (the work that charges the budget);
 * a budget of a nanosecond makes it run out at the first look at the clock, whatever the machine's speed.
 */
class RuleBudgetTest {

    static final Rule COSTLY = RuleFixtures.rule("00000000-0000-4000-8000-0000000000b1", "Costly", "low", """
            type = "eql"
            language = "eql"
            query = '''process where process.command_line like~ (%s)'''
            """.formatted(
            IntStream.range(0, 200).mapToObj(i -> "\"*needle" + i + "x*\"").collect(Collectors.joining(", "))));
    static final Rule CHEAP = RuleFixtures.rule("00000000-0000-4000-8000-0000000000b2", "Cheap", "low", """
            type = "eql"
            language = "eql"
            query = 'process where process.name == "rclone.exe"'
            """);

    private final Detector detector = new RuleCompiler(Schema.catalog(), Clock.systemUTC())
            .compile(new RuleSet(List.of(COSTLY, CHEAP), List.of(), List.of(), 2, Instant.now(), Duration.ZERO));

    /** An event both rules look at, with a command line of {@code length} chars holding {@code *needle7x*} at the end. */
    private static Event event(int length) {
        String line = "a b ".repeat(length / 4) + "needle7x";
        return Event.parse("{\"event\": {\"category\": \"process\"}, \"process\": {\"name\": \"rclone.exe\","
                + " \"command_line\": \"" + line + "\"}}");
    }

    @Test
    void ruleOverItsEvaluationBudgetIsReportedAndSkippedWhileOthersMatch() {
        Plan plan = detector.plan(Selection.ALL, Plan.Unrouted.ALL_RULES)
                .withState(new StateStore(100_000, 1_000_000))
                .withBudget(Duration.ofNanos(1));
        Evaluation evaluation = plan.evaluate(event(400_000), false);

        assertThat(evaluation.alerts()).extracting(a -> a.rule().ruleId()).containsExactly(CHEAP.ruleId());
        assertThat(evaluation.failures()).singleElement().satisfies(failure -> {
            assertThat(failure.ruleId()).isEqualTo(COSTLY.ruleId());
            assertThat(failure.reason()).isEqualTo(Plan.BUDGET_EXCEEDED);
            assertThat(failure.message())
                    .startsWith("budget_exceeded: the rule took longer than its evaluation budget");
        });
        assertThat(evaluation.evaluated()).isEqualTo(2);
    }

    @Test
    void withoutABudgetTheSameRuleFinishesAndMatches() {
        Plan plan = detector.plan(Selection.ALL, Plan.Unrouted.ALL_RULES)
                .withState(new StateStore(100_000, 1_000_000))
                .withBudget(Duration.ZERO);
        Evaluation evaluation = plan.evaluate(event(400_000), false);

        assertThat(evaluation.failures()).isEmpty();
        assertThat(evaluation.alerts())
                .extracting(a -> a.rule().ruleId())
                .containsExactlyInAnyOrder(COSTLY.ruleId(), CHEAP.ruleId());
    }

    @Test
    void shortValuesNeverTouchTheBudget() {
        // below the size worth a charge, even a nanosecond's budget is never looked at
        Plan plan = detector.plan(Selection.ALL, Plan.Unrouted.ALL_RULES)
                .withState(new StateStore(100_000, 1_000_000))
                .withBudget(Duration.ofNanos(1));
        Evaluation evaluation = plan.evaluate(event(12), false);

        assertThat(evaluation.failures()).isEmpty();
        assertThat(evaluation.alerts()).hasSize(2);
    }

    @Test
    void aPlanHasTheDefaultBudgetUnlessGivenAnother() {
        Plan plan = detector.plan(Selection.ALL, Plan.Unrouted.ALL_RULES).withState(new StateStore(100_000, 1_000_000));
        assertThat(plan.budget()).isEqualTo(Plan.DEFAULT_BUDGET);
        assertThat(plan.withBudget(Duration.ofMillis(5)).budget()).isEqualTo(Duration.ofMillis(5));
    }
}
