package io.verdict.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.verdict.engine.Detections;
import io.verdict.engine.Detector;
import io.verdict.engine.Plan;
import io.verdict.engine.RuleCompiler;
import io.verdict.engine.Selection;
import io.verdict.event.Event;
import io.verdict.event.Schema;
import io.verdict.rule.Rule;
import io.verdict.rule.RuleFixtures;
import io.verdict.rule.RuleSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Requests share a plan while the rules stay the same, and never keep one past a swap of the rules. */
class PlanCacheTest {

    private static final Rule WINDOWS =
            RuleFixtures.rule("00000000-0000-4000-8000-0000000000c1", "Windows Process", "low", """
            type = "eql"
            language = "eql"
            index = ["logs-endpoint.events.process-*"]
            query = 'process where host.os.type == "windows"'
            """);
    private static final Rule LINUX =
            RuleFixtures.rule("00000000-0000-4000-8000-0000000000c2", "Linux Process", "low", """
            type = "eql"
            language = "eql"
            index = ["logs-endpoint.events.process-*"]
            query = 'process where host.os.type == "linux"'
            """);
    private static final Event WINDOWS_EVENT = Event.parse("""
            {"event": {"category": ["process"]}, "host": {"os": {"type": "windows"}},
             "data_stream": {"type": "logs", "dataset": "endpoint.events.process", "namespace": "default"}}""");

    private final Detections detections = new Detections(new RuleCompiler(Schema.catalog(), Clock.systemUTC()));
    private final PlanCache plans = new PlanCache(detections, Plan.DEFAULT_BUDGET);

    @Test
    void requestsWithTheSameSelectionShareOnePlan() {
        Detector detector = install(WINDOWS);
        Plan first = plans.plan(detector, Selection.ALL, Plan.Unrouted.ALL_RULES);
        assertThat(plans.plan(detector, Selection.ALL, Plan.Unrouted.ALL_RULES)).isSameAs(first);
        assertThat(plans.plan(detector, Selection.ALL, Plan.Unrouted.NO_RULES)).isNotSameAs(first);
        Selection one = new Selection(Set.of(WINDOWS.ruleId()), Set.of(), Set.of());
        assertThat(plans.plan(detector, one, Plan.Unrouted.ALL_RULES))
                .isNotSameAs(first)
                .isSameAs(plans.plan(
                        detector,
                        new Selection(Set.of(WINDOWS.ruleId()), Set.of(), Set.of()),
                        Plan.Unrouted.ALL_RULES));
    }

    @Test
    void aSwapOfTheRulesGivesANewPlanWithTheNewRules() {
        Detector before = install(WINDOWS);
        Plan old = plans.plan(before, Selection.ALL, Plan.Unrouted.ALL_RULES);
        assertThat(old.evaluate(WINDOWS_EVENT, false).alerts()).hasSize(1);
        Detector after = install(LINUX);
        Plan fresh = plans.plan(after, Selection.ALL, Plan.Unrouted.ALL_RULES);
        assertThat(fresh).isNotSameAs(old);
        assertThat(fresh.evaluate(WINDOWS_EVENT, false).alerts()).isEmpty();
        // a request that read the old rules before the swap still gets a plan of the old rules, not kept
        Plan late = plans.plan(before, Selection.ALL, Plan.Unrouted.ALL_RULES);
        assertThat(late).isNotSameAs(fresh);
        assertThat(late.evaluate(WINDOWS_EVENT, false).alerts()).hasSize(1);
        assertThat(plans.plan(after, Selection.ALL, Plan.Unrouted.ALL_RULES)).isSameAs(fresh);
    }

    private Detector install(Rule rule) {
        return detections.install(new RuleSet(List.of(rule), List.of(), List.of(), 1, Instant.now(), Duration.ZERO));
    }
}
