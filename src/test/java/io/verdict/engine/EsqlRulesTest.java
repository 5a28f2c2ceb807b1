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
import org.junit.jupiter.api.Test;

/** ES|QL rules in the engine: per event, at ticks of event time, their alerts and what they are skipped for. */
class EsqlRulesTest {

    static final Rule PER_EVENT =
            RuleFixtures.rule("00000000-0000-4000-8000-0000000000e1", "Encoded PowerShell", "high", """
            type = "esql"
            language = "esql"
            query = '''
            FROM logs-endpoint.events.process-* METADATA _id, _index, _version
            | WHERE event.type == "start" AND process.name == "powershell.exe"
            | MV_EXPAND process.args
            | WHERE TO_LOWER(process.args) LIKE "-enc*"
            | EVAL Esql.arg_length = LENGTH(process.args)
            | KEEP _id, _index, host.name, process.args, Esql.*
            '''
            """);
    static final Rule COUNTING =
            RuleFixtures.rule("00000000-0000-4000-8000-0000000000e2", "Many Failed Logons", "medium", """
            type = "esql"
            language = "esql"
            from = "now-9m"
            interval = "5m"
            query = '''
            FROM logs-system.security-*
            | WHERE event.action == "logon-failed"
            | STATS Esql.failures = COUNT(*), Esql.sources = COUNT_DISTINCT(source.ip) BY user.name
            | WHERE Esql.failures >= 3
            | KEEP user.name, Esql.*
            '''
            """);
    static final Rule LLM = RuleFixtures.rule("00000000-0000-4000-8000-0000000000e3", "Triage By Model", "low", """
            type = "esql"
            language = "esql"
            query = '''
            FROM logs-endpoint.events.process-*
            | WHERE process.name == "curl"
            | COMPLETION Esql.verdict = process.command_line WITH {"inference_id": "x"}
            | WHERE Esql.verdict == "bad"
            '''
            """);

    private final Detector detector = new RuleCompiler(Schema.catalog(), Clock.systemUTC())
            .compile(new RuleSet(
                    List.of(PER_EVENT, COUNTING, LLM), List.of(), List.of(), 3, Instant.now(), Duration.ZERO));

    private static Event process(String args) {
        return Event.parse("""
                {"@timestamp": "2026-01-05T10:00:00.000Z", "_index": ".ds-logs-endpoint.events.process-default-2026.01.05-000001",
                 "_id": "p1", "event": {"type": ["start"], "category": ["process"]}, "host": {"name": "ws-1"},
                 "process": {"name": "powershell.exe", "args": %s}}""".formatted(args));
    }

    private static Event failure(String time, String user, String ip) {
        return Event.parse("""
                {"@timestamp": "%s", "event": {"ingested": "%s", "action": "logon-failed"},
                 "data_stream": {"type": "logs", "dataset": "system.security", "namespace": "default"},
                 "user": {"name": "%s"}, "source": {"ip": "%s"}}""".formatted(time, time, user, ip));
    }

    @Test
    void eachRuleIsEvaluatedOrSkippedForItsOwnReason() {
        assertThat(detector.coverage())
                .containsEntry("evaluated:esql", 1)
                .containsEntry("evaluated:esql_window", 1)
                .containsEntry("needs_inference:completion", 1);
        assertThat(detector.find(LLM.ruleId()).orElseThrow().warnings())
                .anySatisfy(w -> assertThat(w.message()).contains("COMPLETION"));
    }

    @Test
    void aPerEventRuleAlertsOncePerRowWithTheRowsColumnsAsEvidence() {
        Plan plan = detector.plan(Selection.ALL, Plan.Unrouted.ALL_RULES).withState(new StateStore(100_000, 1_000_000));
        Evaluation evaluation =
                plan.evaluate(process("[\"powershell.exe\", \"-EncodedCommand\", \"-enc\", \"SQBFAFgA\"]"), false);
        List<Alert> alerts = evaluation.alerts();
        // keyword values are read sorted and de-duplicated, so the two -enc arguments are two rows
        assertThat(alerts).hasSize(2);
        assertThat(alerts)
                .extracting(a -> a.evidence().get("process.args").asString())
                .containsExactly("-EncodedCommand", "-enc");
        assertThat(alerts.get(0).evidence().get("Esql.arg_length").asInt()).isEqualTo(15);
        assertThat(alerts.get(0).id()).isNotEqualTo(alerts.get(1).id());
        assertThat(alerts.get(0)
                        .source()
                        .firstValue(io.verdict.event.FieldPath.of("process.args"))
                        .asString())
                .as("the alert's source is the event with the row written over it")
                .isEqualTo("-EncodedCommand");
        assertThat(plan.evaluate(process("[\"powershell.exe\", \"-NoProfile\"]"), false)
                        .alerts())
                .isEmpty();
    }

    @Test
    void anAggregatingRuleAlertsAtTheTickEventTimePassesWithTheRowAsTheAlert() {
        Plan plan = detector.plan(Selection.ALL, Plan.Unrouted.ALL_RULES).withState(new StateStore(1000, 1000));
        assertThat(plan.evaluate(failure("2026-01-05T10:01:00.000Z", "alice", "10.0.0.1"), false)
                        .alerts())
                .isEmpty();
        assertThat(plan.evaluate(failure("2026-01-05T10:02:00.000Z", "alice", "10.0.0.2"), false)
                        .alerts())
                .isEmpty();
        assertThat(plan.evaluate(failure("2026-01-05T10:03:00.000Z", "alice", "10.0.0.2"), false)
                        .alerts())
                .as("the tick at 10:05 has not passed")
                .isEmpty();
        List<Alert> released = plan.evaluate(failure("2026-01-05T10:06:00.000Z", "bob", "10.0.0.9"), false)
                .alerts();
        assertThat(released).singleElement().satisfies(alert -> {
            assertThat(alert.rule().ruleId()).isEqualTo(COUNTING.ruleId());
            assertThat(alert.evidence().get("user.name").asString()).isEqualTo("alice");
            assertThat(alert.evidence().get("Esql.failures").asLong()).isEqualTo(3);
            assertThat(alert.evidence().get("Esql.sources").asLong()).isEqualTo(2);
        });
        // the next tick (10:10) looks back to 10:01: alice's burst is found again, as Kibana's overlapping runs do
        List<Alert> again = plan.advance(
                        Instant.parse("2026-01-05T10:10:00.001Z").toEpochMilli(), false)
                .alerts();
        assertThat(again)
                .singleElement()
                .satisfies(alert ->
                        assertThat(alert.id()).isNotEqualTo(released.get(0).id()));
        assertThat(plan.advance(Instant.parse("2026-01-05T10:30:00Z").toEpochMilli(), false)
                        .alerts())
                .isEmpty();
    }

    @Test
    void aStreamThatEndsRunsTheTicksItWouldStillHavePassed() {
        Plan plan = detector.plan(Selection.ALL, Plan.Unrouted.ALL_RULES).withState(new StateStore(1000, 1000));
        for (int i = 0; i < 3; i++) {
            plan.evaluate(failure("2026-01-05T10:0" + i + ":00.000Z", "carol", "10.0.0." + i), false);
        }
        // ticks 10:00 (one failure) and 10:10 (two) find too few; 10:05, run when the stream ends, finds all three
        assertThat(plan.flush(false).alerts())
                .singleElement()
                .satisfies(a ->
                        assertThat(a.evidence().get("Esql.failures").asLong()).isEqualTo(3));
    }

    @Test
    void anEventOfAnotherIndexIsNotKept() {
        Plan plan = detector.plan(Selection.ALL, Plan.Unrouted.ALL_RULES).withState(new StateStore(1000, 1000));
        for (int i = 0; i < 3; i++) {
            plan.evaluate(
                    Event.parse(failure("2026-01-05T10:0" + i + ":00.000Z", "dave", "10.0.0.1")
                            .root()
                            .toString()
                            .replace("system.security", "system.auth")),
                    false);
        }
        assertThat(plan.flush(false).alerts()).isEmpty();
    }
}
