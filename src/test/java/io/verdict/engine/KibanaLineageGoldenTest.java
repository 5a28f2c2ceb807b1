package io.verdict.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.verdict.event.Envelopes;
import io.verdict.event.Event;
import io.verdict.event.Schema;
import io.verdict.rule.Rule;
import io.verdict.rule.RuleFixtures;
import io.verdict.rule.RuleSet;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Kibana documents of a sequence with building blocks and of an alert on an alert, against documents written by
 * hand from Kibana's alert builders (src/test/resources/kibana/README.md says where each field comes from).
 * Compared as flattened fields, as Elasticsearch indexes them; fields that vary per run are not compared, and the
 * rule's own fields beyond its id and name are the document body's, compared by its own golden files.
 */
class KibanaLineageGoldenTest {

    static final Rule SEQUENCE =
            RuleFixtures.rule("00000000-0000-4000-8000-00000000b0b1", "Dropper Then Connection", "medium", """
            type = "eql"
            language = "eql"
            index = ["logs-endpoint.events.*"]
            query = 'sequence by host.id with maxspan=1m [process where event.type == "start"] [network where true]'
            """);
    static final Rule ON_ALERTS =
            RuleFixtures.rule("00000000-0000-4000-8000-00000000b0b2", "High Alert On Host", "critical", """
            type = "query"
            language = "kuery"
            index = [".alerts-security.*"]
            query = "kibana.alert.severity:(high or critical) and host.name:*"
            """);

    /** Fields that differ on every run: the alert's own time, and what Kibana derives from it. */
    private static final Set<String> PER_RUN = Set.of(
            "@timestamp",
            "kibana.alert.start",
            "kibana.alert.last_detected",
            "kibana.alert.intended_timestamp",
            "kibana.alert.url");

    private static final String PER_RUN_MARK = "(per run)";
    /** The document body's fields (the rule's parameters and settings, Kibana's version), not lineage. */
    private static final List<String> BODY = List.of(
            "kibana.alert.rule.",
            "kibana.version",
            "kibana.alert.workflow_tags",
            "kibana.alert.workflow_assignee_ids",
            "kibana.alert.original_data_stream.");

    private static final Set<String> RULE_IDENTITY =
            Set.of("kibana.alert.rule.uuid", "kibana.alert.rule.rule_id", "kibana.alert.rule.name");

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final Detector detector = new RuleCompiler(Schema.catalog(), Clock.systemUTC())
            .compile(new RuleSet(List.of(SEQUENCE, ON_ALERTS), List.of(), List.of(), 2, Instant.now(), Duration.ZERO));
    private final Plan plan =
            detector.plan(Selection.ALL, Plan.Unrouted.ALL_RULES).withState(new StateStore(100_000, 1_000_000));
    private final Instant now = Instant.parse("2026-11-27T10:05:00Z");

    @Test
    void aTwoEventSequenceGivesTwoBuildingBlocksAndASequenceAlertAsKibanaWritesThem() throws IOException {
        List<Alert> alerts = new ArrayList<>();
        for (String line : resource("sequence-events.ndjson").split("\n")) {
            alerts.addAll(ofRule(plan.evaluate(Event.parse(line), false), SEQUENCE));
        }
        JsonNode expected = JSON.readTree(resource("sequence-alerts.json"));
        assertThat(alerts).hasSize(expected.size());
        for (int i = 0; i < alerts.size(); i++) {
            compare(KibanaAlerts.document(alerts.get(i), SEQUENCE, now), expected.get(i), "document " + i);
        }
    }

    @Test
    void anAlertOnAnAlertCarriesItsParentAsASignalAncestorAsKibanaWritesIt() throws IOException {
        Event posted = Envelopes.unwrap(Event.parse(resource("alert-on-alert-parent.json")));
        List<Alert> alerts = ofRule(plan.evaluate(posted, false), ON_ALERTS);
        assertThat(alerts).hasSize(1);
        compare(
                KibanaAlerts.document(alerts.get(0), ON_ALERTS, now),
                JSON.readTree(resource("alert-on-alert.json")),
                "the alert on the alert");
    }

    private static List<Alert> ofRule(Evaluation evaluation, Rule rule) {
        return evaluation.alerts().stream()
                .filter(a -> a.rule().ruleId().equals(rule.ruleId()))
                .toList();
    }

    private static void compare(JsonNode actualDocument, JsonNode expectedDocument, String what) {
        Map<String, JsonNode> actual = flatten(JSON.readTree(JSON.writeValueAsString(actualDocument)));
        Map<String, JsonNode> expected = flatten(expectedDocument);
        expected.forEach((field, value) -> {
            if (!value.asString("").equals(PER_RUN_MARK)) {
                assertThat(actual.get(field)).as("%s: %s", what, field).isEqualTo(value);
            } else {
                assertThat(actual).as("%s: %s (varies per run)", what, field).containsKey(field);
            }
        });
        List<String> unexpected = actual.keySet().stream()
                .filter(f -> !expected.containsKey(f) && !PER_RUN.contains(f))
                .filter(f -> RULE_IDENTITY.contains(f) || BODY.stream().noneMatch(f::startsWith))
                .toList();
        assertThat(unexpected).as("%s: fields Kibana would not write", what).isEmpty();
    }

    /** Field path to value, objects walked whatever their keys' dots; arrays are values. */
    private static Map<String, JsonNode> flatten(JsonNode document) {
        Map<String, JsonNode> out = new TreeMap<>();
        flatten("", document, out);
        return out;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, JsonNode> out) {
        if (node.isObject() && (prefix.isEmpty() || !node.isEmpty())) {
            node.properties()
                    .forEach(
                            e -> flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out));
        } else {
            out.put(prefix, node);
        }
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = KibanaLineageGoldenTest.class.getResourceAsStream("/kibana/" + name)) {
            assertThat(in).as("test resource kibana/%s", name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
