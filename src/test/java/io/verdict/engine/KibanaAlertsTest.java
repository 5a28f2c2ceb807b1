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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The Kibana alert document: what it keeps of the event, the fields Kibana writes, threshold alerts, timestamps. */
class KibanaAlertsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Instant NOW = Instant.parse("2026-11-27T10:30:00.123456789Z");

    private static final Rule QUERY =
            RuleFixtures.rule("00000000-0000-4000-8000-0000000000a1", "Office Network", "medium", """
            type = "query"
            language = "kuery"
            index = ["logs-endpoint.events.network-*"]
            query = "event.category:network"
            """);
    private static final Rule THRESHOLD =
            RuleFixtures.rule("00000000-0000-4000-8000-0000000000a2", "Failures", "low", """
            type = "threshold"
            language = "kuery"
            index = ["logs-system.security*", "winlogbeat-*"]
            query = "event.outcome:failure"
            [rule.threshold]
            field = ["host.name", "user.name"]
            value = 2
            """);
    private static final Rule NEW_TERMS =
            RuleFixtures.newTermsOnHost("00000000-0000-4000-8000-0000000000a3", "New Host");

    @Test
    void aSourceIpThatIsNotAnAddressAndAnObjectAsHostNameAreNotCopiedSoTheAlertIndexes() {
        JsonNode doc = one(QUERY, """
                {"@timestamp": "2026-11-27T10:15:00Z", "event": {"category": ["network"]},
                 "source": {"ip": "not-an-ip", "port": 4444}, "host": {"name": {"first": "x"}, "id": "h1"}}""");
        assertThat(doc.path("source").has("ip")).isFalse();
        assertThat(doc.path("source").path("port").asInt()).isEqualTo(4444);
        assertThat(doc.path("host").has("name")).isFalse();
        assertThat(doc.path("host").path("id").asString()).isEqualTo("h1");
    }

    @Test
    void topLevelKibanaSignalAndThresholdResultOfTheEventAreNotCopied() {
        JsonNode doc = one(QUERY, """
                {"@timestamp": "2026-11-27T10:15:00Z", "event": {"category": ["network"]}, "kibana": {"space_ids": ["x"]},
                 "signal": {"status": "open"}, "threshold_result": {"count": 1}, "kibana.alert.severity": "critical"}""");
        assertThat(doc.has("kibana")).isFalse();
        assertThat(doc.has("signal")).isFalse();
        assertThat(doc.has("threshold_result")).isFalse();
        assertThat(doc.path("kibana.alert.severity").asString()).isEqualTo("medium");
    }

    @Test
    void ruleParametersAreTheRulesFullParameters() {
        JsonNode params = one(QUERY, network()).path("kibana.alert.rule.parameters");
        assertThat(names(params))
                .contains(
                        "description",
                        "risk_score",
                        "severity",
                        "author",
                        "false_positives",
                        "from",
                        "rule_id",
                        "max_signals",
                        "risk_score_mapping",
                        "severity_mapping",
                        "threat",
                        "to",
                        "references",
                        "version",
                        "exceptions_list",
                        "immutable",
                        "related_integrations",
                        "required_fields",
                        "setup",
                        "type",
                        "language",
                        "index",
                        "query");
        assertThat(params.has("output_index")).isFalse();
        JsonNode threshold =
                thresholdAlert().path("kibana.alert.rule.parameters").path("threshold");
        assertThat(threshold.path("field").toString()).isEqualTo("[\"host.name\",\"user.name\"]");
        assertThat(threshold.path("value").asInt()).isEqualTo(2);
        assertThat(threshold.has("cardinality")).isFalse();
        JsonNode newTerms = newTermsAlert().path("kibana.alert.rule.parameters");
        assertThat(newTerms.path("new_terms_fields").toString()).isEqualTo("[\"host.name\"]");
        assertThat(newTerms.path("history_window_start").asString()).isEqualTo("now-7d");
    }

    @Test
    void ruleRevisionIsTheRulesRevisionNotZero() {
        assertThat(one(QUERY, network()).path("kibana.alert.rule.revision").asInt())
                .isEqualTo(QUERY.revision())
                .isEqualTo(1);
    }

    @Test
    void aRuleImportedFromKibanaIsNamedByItsKibanaId() {
        assertThat(one(QUERY.withKibanaId("8b5a2f30-3c2e-11f1-9d3a-5f6e0c1b2a77"), network())
                        .path("kibana.alert.rule.uuid")
                        .asString())
                .isEqualTo("8b5a2f30-3c2e-11f1-9d3a-5f6e0c1b2a77");
        assertThat(one(QUERY, network()).path("kibana.alert.rule.uuid").asString())
                .isEqualTo(KibanaAlerts.ruleUuid(QUERY.ruleId()));
    }

    @Test
    void fieldsKibanaWritesArePresent() {
        JsonNode doc = one(QUERY, network());
        assertThat(doc.path("kibana.version").asString()).isEqualTo("9.4.0");
        assertThat(doc.path("kibana.alert.start").asString()).isEqualTo("2026-11-27T10:30:00.123Z");
        assertThat(doc.path("kibana.alert.last_detected").asString()).isEqualTo("2026-11-27T10:30:00.123Z");
        assertThat(doc.path("kibana.alert.intended_timestamp").asString()).isEqualTo("2026-11-27T10:30:00.123Z");
        assertThat(doc.path("kibana.alert.rule.version").asInt()).isEqualTo(1);
        assertThat(doc.path("kibana.alert.rule.exceptions_list").isArray()).isTrue();
        assertThat(doc.path("kibana.alert.rule.indices").toString()).isEqualTo("[\"logs-endpoint.events.network-*\"]");
        assertThat(doc.path("kibana.alert.rule.created_at").asString()).isEqualTo("2026-01-01T00:00:00.000Z");
        assertThat(doc.path("kibana.alert.rule.updated_at").asString()).isEqualTo("2026-01-01T00:00:00.000Z");
        assertThat(doc.path("kibana.alert.rule.execution.type").asString()).isEqualTo("scheduled");
        assertThat(doc.path("kibana.alert.original_data_stream.dataset").asString())
                .isEqualTo("endpoint.events.network");
        assertThat(doc.has("kibana.alert.url"))
                .as("Kibana writes no URL without a public base URL")
                .isFalse();
    }

    @Test
    void alertUrlNeedsABaseUrl() {
        Event event = Event.parse(network());
        Alert alert = alerts(QUERY, List.of(network())).get(0);
        JsonNode doc =
                KibanaAlerts.document(alert, QUERY, NOW, new KibanaAlerts.Settings("https://kibana.example/", "9.3.2"));
        assertThat(doc.path("kibana.alert.url").asString())
                .isEqualTo("https://kibana.example/app/security/alerts/redirect/"
                        + doc.path("kibana.alert.uuid").asString()
                        + "?index=.alerts-security.alerts-default&timestamp=2026-11-27T10:30:00.123Z");
        assertThat(doc.path("kibana.version").asString()).isEqualTo("9.3.2");
    }

    @Test
    void timestampsAreWrittenToTheMillisecond() {
        JsonNode doc = one(QUERY, network().replace("2026-11-27T10:15:00Z", "2026-11-27T10:15:00.123456789Z"));
        assertThat(doc.path("kibana.alert.original_time").asString()).isEqualTo("2026-11-27T10:15:00.123Z");
        assertThat(doc.path("@timestamp").asString()).isEqualTo("2026-11-27T10:30:00.123Z");
    }

    @Test
    void ancestorIndexIsTheSuppliedIndexBeforeTheDataStream() {
        String backing = ".ds-logs-endpoint.events.network-default-2026.11.27-000001";
        JsonNode doc = one(
                QUERY,
                network()
                        .replace(
                                "{\"@timestamp\"",
                                "{\"_index\": \"" + backing + "\", \"_id\": \"e1\", \"@timestamp\""));
        assertThat(doc.path("kibana.alert.ancestors").get(0).path("index").asString())
                .isEqualTo(backing);
        assertThat(doc.path("kibana.alert.ancestors").get(0).path("id").asString())
                .isEqualTo("e1");
        JsonNode plain = one(QUERY, network());
        assertThat(plain.path("kibana.alert.ancestors").get(0).path("index").asString())
                .isEqualTo("logs-endpoint.events.network-default");
    }

    @Test
    void thresholdAlertHoldsOnlyTheGroupFieldsAndThresholdResult() {
        JsonNode doc = thresholdAlert();
        assertThat(doc.path("host.name").asString()).isEqualTo("ws-1");
        assertThat(doc.path("user.name").asString()).isEqualTo("bob");
        assertThat(doc.has("process")).as("the last event's other fields").isFalse();
        assertThat(doc.has("event")).isFalse();
        assertThat(doc.has("kibana.alert.original_event.outcome")).isFalse();
        assertThat(doc.path("kibana.alert.reason").asString())
                .isEqualTo("event by bob on ws-1 created low alert Failures.");
        assertThat(doc.path("kibana.alert.original_time").asString()).isEqualTo("2026-11-27T10:01:00.000Z");
        assertThat(doc.path("kibana.alert.ancestors").get(0).path("index").asString())
                .isEqualTo("logs-system.security*,winlogbeat-*");
    }

    @Test
    void thresholdResultHasNoCardinalityWhenTheRuleHasNone() {
        JsonNode result = thresholdAlert().path("kibana.alert.threshold_result");
        assertThat(result.has("cardinality")).isFalse();
        assertThat(result.path("count").asInt()).isEqualTo(2);
        assertThat(result.path("terms").toString())
                .isEqualTo(
                        "[{\"field\":\"host.name\",\"value\":\"ws-1\"},{\"field\":\"user.name\",\"value\":\"bob\"}]");
    }

    private static String network() {
        return """
                {"@timestamp": "2026-11-27T10:15:00Z", "event": {"category": ["network"], "kind": "event"},
                 "data_stream": {"type": "logs", "dataset": "endpoint.events.network", "namespace": "default"},
                 "source": {"ip": "10.0.1.20", "port": 46004}}""";
    }

    private static JsonNode thresholdAlert() {
        String failure = """
                {"@timestamp": "2026-11-27T10:0%s:00Z", "event": {"outcome": "failure", "category": ["authentication"]},
                 "host": {"name": "ws-1"}, "user": {"name": "bob"}, "process": {"name": "sshd"}}""";
        List<String> events = List.of(failure.formatted("0"), failure.formatted("1"));
        List<Alert> alerts = alerts(THRESHOLD, events);
        assertThat(alerts).hasSize(1);
        return json(KibanaAlerts.document(alerts.get(0), THRESHOLD, NOW));
    }

    private static JsonNode newTermsAlert() {
        String event = """
                {"@timestamp": "2026-11-27T10:00:00Z", "event": {"outcome": "success"}, "host": {"name": "ws-9"}}""";
        List<Alert> alerts = alerts(NEW_TERMS, List.of(event));
        assertThat(alerts).hasSize(1);
        return json(KibanaAlerts.document(alerts.get(0), NEW_TERMS, NOW));
    }

    private static JsonNode one(Rule rule, String event) {
        List<Alert> alerts = alerts(rule, List.of(event));
        assertThat(alerts).hasSize(1);
        return json(KibanaAlerts.document(alerts.get(0), rule, NOW));
    }

    /** Serialised and read back: what the wire carries. */
    private static JsonNode json(JsonNode doc) {
        return JSON.readTree(JSON.writeValueAsString(doc));
    }

    static List<Alert> alerts(Rule rule, List<String> events) {
        Clock clock = Clock.fixed(Instant.parse("2026-11-27T10:10:00Z"), ZoneOffset.UTC);
        RuleSet set = new RuleSet(List.of(rule), List.of(), List.of(), 1, Instant.EPOCH, Duration.ZERO);
        Detector detector = new RuleCompiler(Schema.catalog(), clock).compile(set);
        Plan plan = detector.plan(Selection.ALL, Plan.Unrouted.ALL_RULES).withState(new StateStore(100_000, 1_000_000));
        List<Alert> alerts = new ArrayList<>();
        for (String event : events) {
            alerts.addAll(plan.evaluate(Event.parse(event), false).alerts());
        }
        return alerts;
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.properties().forEach(e -> names.add(e.getKey()));
        return names;
    }
}
