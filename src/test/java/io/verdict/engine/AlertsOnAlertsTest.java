package io.verdict.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.verdict.event.Envelopes;
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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Rules that search the alerts index read a posted Kibana alert document as it is, with Kibana's lineage. */
class AlertsOnAlertsTest {

    static final Rule DROPPER =
            RuleFixtures.rule("00000000-0000-4000-8000-00000000a0a1", "Dropper Started", "high", """
            type = "query"
            language = "kuery"
            index = ["logs-endpoint.events.process-*"]
            query = "process.name:drop.exe"
            """);
    static final Rule HIGH_ALERTS =
            RuleFixtures.rule("00000000-0000-4000-8000-00000000a0a2", "High Alert On Host", "critical", """
            type = "query"
            language = "kuery"
            index = [".alerts-security.*"]
            query = "kibana.alert.severity:(high or critical) and host.name:*"
            """);

    static final Rule TWO_ALERTS =
            RuleFixtures.rule("00000000-0000-4000-8000-00000000a0a3", "Two Alerts On Host", "high", """
            type = "threshold"
            language = "kuery"
            index = [".alerts-security.*"]
            query = "kibana.alert.severity:high"
            [rule.threshold]
            field = ["host.name"]
            value = 2
            """);

    static final String EVENT = """
            {"_index": ".ds-logs-endpoint.events.process-default-2026.11.27-000001", "_id": "proc-1",
             "@timestamp": "2026-11-27T10:00:00.000Z", "event": {"category": ["process"], "type": ["start"], "kind": "event"},
             "host": {"name": "ws-1"}, "process": {"name": "drop.exe"}}""";
    static final String ALERTS_INDEX = ".internal.alerts-security.alerts-default-000001";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final Detector detector = new RuleCompiler(Schema.catalog(), Clock.systemUTC())
            .compile(new RuleSet(
                    List.of(DROPPER, HIGH_ALERTS, TWO_ALERTS), List.of(), List.of(), 3, Instant.now(), Duration.ZERO));
    private final Plan plan =
            detector.plan(Selection.ALL, Plan.Unrouted.ALL_RULES).withState(new StateStore(100_000, 1_000_000));
    private final Instant now = Instant.parse("2026-11-27T10:05:00Z");

    /** The Kibana document of the one alert {@code rule} makes of {@code event}, as the alerts index returns it. */
    private ObjectNode alertDocument(Event event, Rule rule) {
        List<Alert> alerts = plan.evaluate(event, false).alerts().stream()
                .filter(a -> a.rule().ruleId().equals(rule.ruleId()))
                .toList();
        assertThat(alerts).hasSize(1);
        ObjectNode doc =
                (ObjectNode) JSON.readTree(JSON.writeValueAsString(KibanaAlerts.document(alerts.get(0), rule, now)));
        doc.put("_index", ALERTS_INDEX);
        doc.put("_id", doc.path("kibana.alert.uuid").asString());
        return doc;
    }

    private Event posted(ObjectNode document) {
        return Envelopes.unwrap(Event.parse(document.toString()));
    }

    @Test
    void aRuleOverTheAlertsIndexAlertsOnAPostedAlertDocumentWithTheParentAsASignalAncestor() {
        ObjectNode parent = alertDocument(Event.parse(EVENT), DROPPER);
        Event posted = posted(parent);

        Evaluation evaluation = plan.evaluate(posted, false);
        assertThat(evaluation.alerts())
                .extracting(a -> a.rule().ruleId())
                .as("the original event for the event rule, the alert for the alerts rule")
                .containsExactly(DROPPER.ruleId(), HIGH_ALERTS.ruleId());

        ObjectNode child = alertDocument(posted, HIGH_ALERTS);
        assertThat(child.path("kibana.alert.depth").asInt()).isEqualTo(2);
        JsonNode ancestors = child.path("kibana.alert.ancestors");
        assertThat(ancestors).hasSize(2);
        assertThat(ancestors.get(0).path("type").asString()).isEqualTo("event");
        assertThat(ancestors.get(0).path("id").asString()).isEqualTo("proc-1");
        assertThat(ancestors.get(1).path("type").asString()).isEqualTo("signal");
        assertThat(ancestors.get(1).path("id").asString())
                .isEqualTo(parent.path("kibana.alert.uuid").asString());
        assertThat(ancestors.get(1).path("index").asString()).isEqualTo(ALERTS_INDEX);
        assertThat(ancestors.get(1).path("depth").asInt()).isEqualTo(1);
        assertThat(ancestors.get(1).path("rule").asString()).isEqualTo(KibanaAlerts.ruleUuid(DROPPER.ruleId()));
        assertThat(child.path("kibana.alert.uuid").asString())
                .isEqualTo(KibanaAlerts.sha256(
                        ALERTS_INDEX + parent.path("kibana.alert.uuid").asString() + "1default:"
                                + KibanaAlerts.ruleUuid(HIGH_ALERTS.ruleId())));
        assertThat(child.path("kibana.alert.rule.name").asString()).isEqualTo("High Alert On Host");
        assertThat(child.path("host").path("name").asString()).isEqualTo("ws-1");
    }

    @Test
    void anAlertOnAnAlertWhoseAncestorsIncludeTheRuleIsDroppedAndTheVerdictSaysSo() {
        ObjectNode parent = alertDocument(Event.parse(EVENT), DROPPER);
        ObjectNode child = alertDocument(posted(parent), HIGH_ALERTS);
        Event again = posted(child);

        Evaluation evaluation = plan.evaluate(again, false);
        assertThat(evaluation.alerts()).extracting(a -> a.rule().ruleId()).containsExactly(DROPPER.ruleId());
        assertThat(plan.loopingRules(again)).containsExactly(HIGH_ALERTS.ruleId());
        assertThat(VerdictWarnings.of(plan, again, evaluation))
                .anySatisfy(w -> assertThat(w).contains(HIGH_ALERTS.ruleId()).contains("loop back"));
    }

    @Test
    void aRuleImportedFromKibanaKnowsItsOwnAlertsAmongTheAncestorsByItsKibanaId() {
        Rule imported = HIGH_ALERTS.withKibanaId("8b5a2f30-3c2e-11f1-9d3a-5f6e0c1b2a77");
        Plan withImported = new RuleCompiler(Schema.catalog(), Clock.systemUTC())
                .compile(new RuleSet(List.of(DROPPER, imported), List.of(), List.of(), 2, Instant.now(), Duration.ZERO))
                .plan(Selection.ALL, Plan.Unrouted.ALL_RULES)
                .withState(new StateStore(100_000, 1_000_000));
        ObjectNode parent = alertDocument(Event.parse(EVENT), DROPPER);
        Alert child = withImported.evaluate(posted(parent), false).alerts().stream()
                .filter(a -> a.rule().ruleId().equals(imported.ruleId()))
                .findFirst()
                .orElseThrow();
        ObjectNode childDocument =
                (ObjectNode) JSON.readTree(JSON.writeValueAsString(KibanaAlerts.document(child, imported, now)));
        childDocument.put("_index", ALERTS_INDEX);

        assertThat(withImported.loopingRules(posted(childDocument))).containsExactly(imported.ruleId());
    }

    @Test
    void aPostedAlertDocumentStillHasItsOriginalEventEvaluatedByEventRules() {
        Event posted = posted(alertDocument(Event.parse(EVENT), DROPPER));
        assertThat(posted.root().path("_id").asString()).isEqualTo("proc-1");
        assertThat(posted.alertDocument().root().path("_index").asString()).isEqualTo(ALERTS_INDEX);
        assertThat(plan.loopingRules(posted)).isEmpty();
    }

    @Test
    void anAlertDocumentWithoutAnIndexIsReadAsOfTheDefaultSpacesAlertsIndex() {
        ObjectNode parent = alertDocument(Event.parse(EVENT), DROPPER);
        parent.remove("_index");
        parent.remove("_id");
        Event posted = posted(parent);
        assertThat(posted.alertDocument().root().path("_index").asString())
                .isEqualTo(".alerts-security.alerts-default");
        assertThat(posted.alertDocument().root().path("_id").asString())
                .isEqualTo(parent.path("kibana.alert.uuid").asString());
        assertThat(plan.evaluate(posted, false).alerts())
                .extracting(a -> a.rule().ruleId())
                .contains(HIGH_ALERTS.ruleId());
    }

    @Test
    void aBatchFeedsAStatefulRuleOverTheAlertsIndexTheAlertDocumentNotItsOriginalEvent() {
        ObjectNode first = alertDocument(Event.parse(EVENT), DROPPER);
        ObjectNode second = alertDocument(Event.parse(EVENT.replace("proc-1", "proc-2")), DROPPER);
        List<Alert> alerts = new java.util.ArrayList<>();
        for (ObjectNode document : List.of(first, second)) {
            Event posted = posted(document);
            Plan.Decided decided = plan.decide(posted, false);
            assertThat(decided.stateful())
                    .as("the threshold rule, to be fed the alert document")
                    .hasSize(1);
            alerts.addAll(plan.feed(posted, decided.stateful(), false).alerts());
        }
        assertThat(alerts).extracting(a -> a.rule().ruleId()).containsExactly(TWO_ALERTS.ruleId());
        assertThat(alerts.get(0).source().root().path("kibana.alert.uuid").asString())
                .isEqualTo(second.path("kibana.alert.uuid").asString());
    }
}
