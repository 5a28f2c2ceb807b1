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
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Verdict's own alerts decided again as documents of the alerts index, by the rules over it and no other. */
class AlertChainTest {

    static final Rule DROPPER = AlertsOnAlertsTest.DROPPER;
    static final Rule HIGH_ALERTS = AlertsOnAlertsTest.HIGH_ALERTS;
    static final Rule TWO_ALERTS = AlertsOnAlertsTest.TWO_ALERTS;
    static final Rule BY_SIGNAL_NAME = rule("a0b1", "Dropper Signal", """
            index = [".alerts-security.alerts-default"]
            query = 'signal.rule.name:"Dropper Started" and signal.status:open and signal.rule.type:query'
            """);
    static final Rule STAR = rule("a0b2", "Signals Anywhere", """
            index = ["*"]
            query = "event.kind:signal or kibana.alert.uuid:*"
            """);
    static final Rule LOGS = rule("a0b3", "Signals In Logs", """
            index = ["logs-*", "*-*"]
            query = "event.kind:signal or kibana.alert.uuid:*"
            """);
    static final Rule DATA_VIEW = rule("a0b4", "Signals Of A Data View", """
            query = "event.kind:signal or kibana.alert.uuid:*"
            """);

    static final String EVENT = AlertsOnAlertsTest.EVENT;
    private static final Clock WALL = Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC);

    private final AlertChain chain = new AlertChain(KibanaAlerts.Settings.DEFAULT, WALL);

    private static Rule rule(String suffix, String name, String body) {
        return RuleFixtures.rule("00000000-0000-4000-8000-00000000" + suffix, name, "high", """
                type = "query"
                language = "kuery"
                tags = ["Chain"]
                """ + body);
    }

    private static Plan plan(Rule... rules) {
        return new RuleCompiler(Schema.catalog(), Clock.systemUTC())
                .compile(new RuleSet(List.of(rules), List.of(), List.of(), rules.length, Instant.now(), Duration.ZERO))
                .plan(Selection.ALL, Plan.Unrouted.ALL_RULES)
                .withState(new StateStore(100_000, 1_000_000));
    }

    private static List<String> ruleIds(Evaluation evaluation) {
        return evaluation.alerts().stream().map(a -> a.rule().ruleId()).toList();
    }

    private final Plan plan = plan(DROPPER, HIGH_ALERTS, TWO_ALERTS, BY_SIGNAL_NAME, STAR, LOGS, DATA_VIEW);

    @Test
    void ownAlertsAreDecidedAgainByTheRulesOverTheAlertsIndexInTheOrderGiven() {
        List<String> chained = new ArrayList<>();
        for (String id : List.of("proc-1", "proc-2")) {
            Evaluation evaluation = plan.evaluate(Event.parse(EVENT.replace("proc-1", id)), false);
            assertThat(ruleIds(evaluation)).containsExactly(DROPPER.ruleId());
            chained.addAll(ruleIds(chain.chain(plan, evaluation.alerts(), false)));
        }
        assertThat(chained)
                .containsExactly(
                        HIGH_ALERTS.ruleId(),
                        BY_SIGNAL_NAME.ruleId(),
                        HIGH_ALERTS.ruleId(),
                        TWO_ALERTS.ruleId(),
                        BY_SIGNAL_NAME.ruleId());
    }

    @Test
    void aRuleOverStarOrLogsStarOrADataViewDoesNotDecideAlertDocuments() {
        Evaluation evaluation = plan.evaluate(Event.parse(EVENT), false);
        assertThat(ruleIds(chain.chain(plan, evaluation.alerts(), false)))
                .doesNotContain(STAR.ruleId(), LOGS.ruleId(), DATA_VIEW.ruleId())
                .isNotEmpty();
    }

    @Test
    void theAlertsOfARuleOverTheAlertsIndexAreNotChainedAgain() {
        Evaluation first = plan.evaluate(Event.parse(EVENT), false);
        Evaluation chained = chain.chain(plan, first.alerts(), false);
        // the alert of HIGH_ALERTS is critical and on a host: as a document it would match HIGH_ALERTS again
        assertThat(ruleIds(chained)).contains(HIGH_ALERTS.ruleId());
        assertThat(chain.chain(plan, chained.alerts(), false).alerts()).isEmpty();

        List<Alert> mixed = new ArrayList<>(chained.alerts());
        mixed.addAll(first.alerts());
        assertThat(ruleIds(chain.chain(plan, mixed, false)))
                .as("only the ordinary alert among them is chained")
                .containsExactly(HIGH_ALERTS.ruleId(), TWO_ALERTS.ruleId(), BY_SIGNAL_NAME.ruleId());
    }

    @Test
    void withoutARuleOverTheAlertsIndexNothingIsChained() {
        Plan ordinary = plan(DROPPER, STAR, LOGS, DATA_VIEW);
        Evaluation evaluation = ordinary.evaluate(Event.parse(EVENT), false);
        assertThat(evaluation.alerts()).isNotEmpty();
        assertThat(ordinary.searchesAlerts()).isFalse();
        assertThat(chain.chain(ordinary, evaluation.alerts(), false).alerts()).isEmpty();
    }

    @Test
    void theDocumentIsOfTheAlertsIndexAtTheEventsTimeWithTheSignalAliases() {
        Alert alert = plan.evaluate(Event.parse(EVENT), false).alerts().get(0);
        Alert higher = chain.chain(plan, List.of(alert), true).alerts().get(0);
        Event document = higher.source();

        assertThat(document.root().path("_index").asString()).isEqualTo(AlertChain.INDEX);
        assertThat(document.root().path("_id").asString())
                .isEqualTo(document.root().path("kibana.alert.uuid").asString())
                .isNotEmpty();
        assertThat(document.root().path("@timestamp").asString())
                .as("the event time of the service, not the wall clock")
                .isEqualTo("2026-11-27T10:00:00.000Z");
        assertThat(document.root().path("signal.rule.name").asString()).isEqualTo("Dropper Started");
        assertThat(document.root().path("signal.rule.id").asString()).isEqualTo(KibanaAlerts.ruleUuid(DROPPER));
        assertThat(document.root().path("signal.status").asString()).isEqualTo("open");
    }

    @Test
    void theStoresEventTimeWhenLaterThanTheAlertsEventIsTheDocumentsTime() {
        StateStore store = new StateStore(100, 1000);
        store.advanceEventTime(Instant.parse("2026-11-27T11:00:00Z").toEpochMilli());
        Plan stored = plan.withState(store);
        Alert alert = stored.evaluate(Event.parse(EVENT), false).alerts().get(0);
        Alert higher = chain.chain(stored, List.of(alert), false).alerts().get(0);
        assertThat(higher.source().root().path("@timestamp").asString()).isEqualTo("2026-11-27T11:00:00.000Z");
    }

    @Test
    void anEventWithoutTimeChainsAtTheClock() {
        Alert alert = plan.evaluate(
                        Event.parse(EVENT.replace("\"@timestamp\": \"2026-11-27T10:00:00.000Z\",", "")), false)
                .alerts()
                .get(0);
        Alert higher = chain.chain(plan, List.of(alert), false).alerts().get(0);
        assertThat(higher.source().root().path("@timestamp").asString()).isEqualTo("2030-01-01T00:00:00.000Z");
    }
}
