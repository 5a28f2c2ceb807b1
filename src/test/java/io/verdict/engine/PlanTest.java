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
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PlanTest {

    static final Rule WINDOWS =
            RuleFixtures.rule("00000000-0000-4000-8000-0000000000a1", "Windows Process", "low", """
            type = "eql"
            language = "eql"
            index = ["logs-endpoint.events.process-*", "winlogbeat-*", "-winlogbeat-archive*"]
            tags = ["OS: Windows"]
            query = 'process where host.os.type == "windows"'
            """);
    static final Rule OFF = RuleFixtures.rule("00000000-0000-4000-8000-0000000000a2", "Switched Off", "low", """
            type = "query"
            language = "kuery"
            enabled = false
            query = "event.kind:alert"
            """);
    static final Rule BROKEN = RuleFixtures.rule("00000000-0000-4000-8000-0000000000a3", "Broken Query", "low", """
            type = "eql"
            language = "eql"
            query = 'process where length(process.name, 2) > 1'
            """);
    static final Rule THROWS = RuleFixtures.rule("00000000-0000-4000-8000-0000000000a4", "Sequence", "low", """
            type = "eql"
            language = "eql"
            query = 'sequence by host.id [process where true] [network where true]'
            """);

    private final Detector detector = new RuleCompiler(Schema.catalog(), Clock.systemUTC())
            .compile(new RuleSet(
                    List.of(WINDOWS, OFF, BROKEN, THROWS), List.of(), List.of(), 4, Instant.now(), Duration.ZERO));

    @Test
    void everyRuleHasACoverage() {
        assertThat(detector.coverage())
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("evaluated", 1, "disabled", 1, "query_error", 1, "evaluated:eql_sequence", 1));
        CompiledRule broken = detector.find(BROKEN.ruleId()).orElseThrow();
        assertThat(broken.problems()).singleElement().satisfies(p -> {
            assertThat(p.origin()).isEqualTo(BROKEN.file());
            assertThat(p.line()).isEqualTo(14);
            assertThat(p.column()).isEqualTo(24);
        });
    }

    @Test
    void aDisabledRuleRunsOnlyWhenNamed() {
        Event alert = Event.parse("{\"event\": {\"kind\": \"alert\"}}");
        Plan all = detector.plan(Selection.ALL, Plan.Unrouted.ALL_RULES).withState(new StateStore(100_000, 1_000_000));
        assertThat(all.evaluating()).isEqualTo(2);
        assertThat(all.skipped()).containsEntry("disabled", 1);
        assertThat(all.evaluate(alert, false).matched()).isFalse();

        Plan named = detector.plan(new Selection(Set.of(OFF.ruleId()), Set.of(), Set.of()), Plan.Unrouted.ALL_RULES)
                .withState(new StateStore(100_000, 1_000_000));
        assertThat(named.evaluating()).isEqualTo(1);
        assertThat(named.evaluate(alert, false).alerts())
                .extracting(a -> a.rule().name())
                .containsExactly("Switched Off");
    }

    @Test
    void indexRouting() {
        Plan plan = detector.plan(Selection.ALL, Plan.Unrouted.ALL_RULES).withState(new StateStore(100_000, 1_000_000));
        String windows = "{\"host\": {\"os\": {\"type\": \"windows\"}}, \"event\": {\"category\": \"process\"}, %s}";
        assertThat(plan.evaluate(
                                Event.parse(
                                        windows.formatted(
                                                "\"data_stream\": {\"type\": \"logs\", \"dataset\": \"endpoint.events.process\", \"namespace\": \"x\"}")),
                                false)
                        .matched())
                .isTrue();
        assertThat(plan.evaluate(Event.parse(windows.formatted("\"_index\": \"winlogbeat-8.1-2026\"")), false)
                        .matched())
                .isTrue();
        Evaluation excluded =
                plan.evaluate(Event.parse(windows.formatted("\"_index\": \"winlogbeat-archive-1\"")), false);
        assertThat(excluded.matched()).isFalse();
        assertThat(excluded.notRouted()).isEqualTo(1);
        assertThat(plan.evaluate(Event.parse(windows.formatted("\"_index\": \"logs-system.security-default\"")), false)
                        .notRouted())
                .isEqualTo(1);
        assertThat(plan.evaluate(Event.parse(windows.formatted("\"x\": 1")), false)
                        .matched())
                .isTrue();
        assertThat(detector.plan(Selection.ALL, Plan.Unrouted.NO_RULES)
                        .withState(new StateStore(100_000, 1_000_000))
                        .evaluate(Event.parse(windows.formatted("\"x\": 1")), false)
                        .notRouted())
                .isEqualTo(1);
    }

    @Test
    void aRuleThatThrowsIsIsolated() {
        CompiledRule windows = detector.find(WINDOWS.ruleId()).orElseThrow();
        CompiledRule failing = new CompiledRule(
                OFF,
                Coverage.EVALUATED,
                event -> {
                    throw new IllegalStateException("boom");
                },
                List.of(),
                windows.index(),
                windows.overrides(),
                List.of());
        Detector both = new Detector(detector.ruleSet(), List.of(failing, windows), detector.clock());
        Evaluation evaluation = both.plan(Selection.ALL, Plan.Unrouted.ALL_RULES)
                .withState(new StateStore(100_000, 1_000_000))
                .evaluate(
                        Event.parse(
                                "{\"host\": {\"os\": {\"type\": \"windows\"}}, \"event\": {\"category\": \"process\"}}"),
                        false);
        assertThat(evaluation.failures())
                .containsExactly(new Evaluation.RuleFailure(OFF.ruleId(), "IllegalStateException: boom"));
        assertThat(evaluation.alerts()).hasSize(1);
    }
}
