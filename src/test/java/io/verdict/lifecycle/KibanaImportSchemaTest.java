package io.verdict.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.verdict.engine.RuleCompiler;
import io.verdict.event.Schema;
import io.verdict.rule.RuleLoader;
import io.verdict.rule.TomlDocument;
import io.verdict.rule.TomlWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * Rules shaped as Kibana's rule import schema accepts them: every rule type Verdict knows, with the optional fields
 * Kibana writes into an export (empty strings, nulls, empty lists, its bookkeeping) or leaves out (its defaults).
 * Each must import without a problem, keep Kibana's own ids and version, and read back from the stored TOML.
 */
class KibanaImportSchemaTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final RuleCompiler COMPILER = new RuleCompiler(Schema.catalog(), Clock.systemUTC());
    private final RuleLoader loader = new RuleLoader();
    private final RuleUploads uploads =
            new RuleUploads(loader, rule -> COMPILER.compile(rule).problems(), Clock.systemUTC());

    /** The fields of each rule type that Kibana requires, nothing more. */
    private static Map<String, Object> minimal(String type) {
        Map<String, Object> rule = new LinkedHashMap<>();
        rule.put("rule_id", "0f4b7e6a-1c1d-4c59-9a1e-" + String.format("%012d", Math.abs(type.hashCode())));
        rule.put("name", "Kibana " + type + " rule");
        rule.put("description", "Made in Kibana's rule editor");
        rule.put("risk_score", 21);
        rule.put("severity", "low");
        rule.put("type", type);
        switch (type) {
            case "query" -> {
                // query and language are defaultable: Kibana imports a query rule without either
            }
            case "eql" -> {
                rule.put("language", "eql");
                rule.put("query", "process where process.name == \"mshta.exe\"");
            }
            case "threshold" -> {
                rule.put("query", "event.category:authentication");
                rule.put("threshold", Map.of("field", "host.name", "value", 10));
            }
            case "new_terms" -> {
                rule.put("query", "event.category:process");
                rule.put("new_terms_fields", List.of("host.name"));
                rule.put("history_window_start", "now-7d");
            }
            case "esql" -> {
                rule.put("language", "esql");
                rule.put("query", "FROM logs-* METADATA _id, _index, _version | WHERE process.name == \"a.exe\"");
            }
            case "machine_learning" -> {
                rule.put("anomaly_threshold", 75);
                rule.put("machine_learning_job_id", List.of("v3_windows_anomalous_script"));
            }
            case "threat_match" -> {
                rule.put("query", "source.ip:*");
                rule.put("threat_index", List.of("logs-ti_*"));
                rule.put("threat_query", "@timestamp >= \"now-30d/d\"");
                rule.put(
                        "threat_mapping",
                        List.of(Map.of(
                                "entries",
                                List.of(Map.of(
                                        "field", "source.ip", "type", "mapping", "value", "threat.indicator.ip")))));
            }
            case "saved_query" -> {
                // Verdict cannot read Kibana's saved query: the rule carries its query, as Kibana's editor saves it
                rule.put("saved_id", "c2e9a4f0-saved-query");
                rule.put("query", "process.name:mshta.exe");
            }
            default -> throw new IllegalArgumentException(type);
        }
        return rule;
    }

    /** What Kibana's export writes beside the rule's own fields, as a rule made in its UI has them. */
    private static Map<String, Object> exported(String type) {
        Map<String, Object> rule = new LinkedHashMap<>();
        rule.put("id", "8b5a2f30-3c2e-11f1-9d3a-5f6e0c1b2a77");
        rule.put("updated_at", "2026-11-02T10:15:42.118Z");
        rule.put("updated_by", "elastic");
        rule.put("created_at", "2026-10-30T08:01:12.004Z");
        rule.put("created_by", "elastic");
        rule.putAll(minimal(type));
        rule.put("tags", List.of());
        rule.put("interval", "5m");
        rule.put("enabled", false);
        rule.put("revision", 4);
        rule.put("output_index", "");
        rule.put("meta", Map.of("kibana_siem_app_url", "https://kibana.example:5601/app/security", "from", "1m"));
        rule.put("investigation_fields", Map.of("field_names", List.of("host.name", "user.name")));
        rule.put("author", List.of());
        rule.put("false_positives", List.of());
        rule.put("from", "now-360s");
        rule.put("max_signals", 100);
        rule.put("risk_score_mapping", List.of());
        rule.put("severity_mapping", List.of());
        rule.put("threat", List.of());
        rule.put("to", "now");
        rule.put("references", List.of());
        rule.put("version", 3);
        rule.put("exceptions_list", List.of());
        rule.put("immutable", false);
        rule.put("rule_source", Map.of("type", "internal"));
        rule.put("related_integrations", List.of());
        rule.put("required_fields", List.of());
        rule.put("setup", "");
        rule.put("note", "");
        rule.put("license", "");
        rule.put("timestamp_override_fallback_disabled", false);
        rule.put("actions", List.of());
        rule.put(
                "response_actions",
                List.of(Map.of(
                        "action_type_id",
                        ".osquery",
                        "params",
                        Map.of("query", "select * from uptime;", "ecs_mapping", Map.of()))));
        rule.put(
                "execution_summary",
                Map.of(
                        "last_execution",
                        Map.of(
                                "date",
                                "2026-11-02T10:20:00.000Z",
                                "status",
                                "succeeded",
                                "status_order",
                                0,
                                "message",
                                "",
                                "metrics",
                                Map.of("total_search_duration_ms", 12))));
        if (!List.of("machine_learning", "esql").contains(type)) {
            rule.putIfAbsent("language", "kuery");
            rule.putIfAbsent("query", "");
            rule.put("index", List.of("logs-*", "winlogbeat-*"));
            rule.put("filters", List.of());
        }
        if (!List.of("machine_learning", "threshold", "esql").contains(type)) {
            rule.put(
                    "alert_suppression",
                    Map.of("group_by", List.of("host.name"), "missing_fields_strategy", "suppress"));
        }
        if (type.equals("threshold")) {
            rule.put(
                    "threshold",
                    Map.of("field", List.of("host.name", "user.name"), "value", 10, "cardinality", List.of()));
            rule.put("alert_suppression", Map.of("duration", Map.of("value", 5, "unit", "m")));
        }
        if (type.equals("eql")) {
            rule.put("event_category_override", "");
            rule.put("tiebreaker_field", "");
            rule.put("timestamp_field", "");
        }
        return rule;
    }

    /** The optional settings a rule edited in Kibana may carry, each set. */
    private static Map<String, Object> customised(String type) {
        Map<String, Object> rule = new LinkedHashMap<>(exported(type));
        rule.put("author", List.of("SOC team"));
        rule.put("license", "Apache-2.0");
        rule.put("timeline_id", "db366523-f1c6-4c1f-8731-6ce5ed9e5717");
        rule.put("timeline_title", "Generic Endpoint Timeline");
        rule.put("building_block_type", "default");
        rule.put("rule_name_override", "process.name");
        rule.put("timestamp_override", "event.ingested");
        rule.put("timestamp_override_fallback_disabled", true);
        rule.put("namespace", "soc");
        rule.put("throttle", "no_actions");
        rule.put("note", "## Triage\n\nLook at the parent process.");
        rule.put("setup", "Collect process events with Elastic Defend.");
        rule.put("tags", List.of("Custom", "OS: Windows"));
        rule.put("references", List.of("https://example.org/playbook"));
        rule.put("false_positives", List.of("Administrators"));
        rule.put("max_signals", 1000);
        rule.put("risk_score_mapping", List.of(Map.of("field", "event.risk_score", "operator", "equals", "value", "")));
        rule.put(
                "severity_mapping",
                List.of(Map.of(
                        "field", "event.severity", "operator", "equals", "value", "99", "severity", "critical")));
        rule.put(
                "threat",
                List.of(Map.of(
                        "framework",
                        "MITRE ATT&CK",
                        "tactic",
                        Map.of(
                                "id",
                                "TA0002",
                                "name",
                                "Execution",
                                "reference",
                                "https://attack.mitre.org/tactics/TA0002/"),
                        "technique",
                        List.of())));
        rule.put("related_integrations", List.of(Map.of("package", "endpoint", "version", "^9.0.0")));
        rule.put("required_fields", List.of(Map.of("name", "process.name", "type", "keyword", "ecs", true)));
        rule.put(
                "exceptions_list",
                List.of(Map.of(
                        "id", "b1f2", "list_id", "endpoint_list", "type", "endpoint", "namespace_type", "agnostic")));
        rule.put("rule_source", Map.of("type", "external", "is_customized", true));
        return rule;
    }

    /** Kibana writes absent optional values as null in some versions; a null means absent. */
    private static Map<String, Object> withNulls(String type) {
        Map<String, Object> rule = new HashMap<>(exported(type));
        for (String key : List.of(
                "timeline_id",
                "timeline_title",
                "building_block_type",
                "rule_name_override",
                "timestamp_override",
                "throttle",
                "note",
                "setup",
                "investigation_fields",
                "license",
                "meta",
                "output_index",
                "namespace",
                "outcome",
                "alias_target_id",
                "alias_purpose",
                "author")) {
            rule.put(key, null);
        }
        return rule;
    }

    static Stream<Arguments> kibanaRules() {
        return Arrays.stream(new String[] {
                    "query", "eql", "threshold", "new_terms", "esql", "machine_learning", "threat_match", "saved_query"
                })
                .flatMap(type -> Stream.of(
                        Arguments.of(type + ", required fields only", minimal(type)),
                        Arguments.of(type + ", as Kibana exports it", exported(type)),
                        Arguments.of(type + ", every optional setting", customised(type)),
                        Arguments.of(type + ", optional fields null", withNulls(type))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kibanaRules")
    void aRuleKibanasImportAcceptsImports(String name, Map<String, Object> flat) {
        byte[] line = JSON.writeValueAsString(flat).getBytes(StandardCharsets.UTF_8);
        RuleUploads.Upload upload = uploads.read("rule.json", line, RuleUploads.Format.JSON);
        assertThat(upload.candidates()).singleElement().satisfies(c -> {
            assertThat(c.problems()).as(name).isEmpty();
            assertThat(c.rule().ruleId()).isEqualTo(flat.get("rule_id"));
            // the stored form reads back as the same rule
            String stored = TomlWriter.write(c.document());
            assertThat(loader.parse(stored, "stored.toml").errors()).as(stored).isEmpty();
        });
    }

    @Test
    void anImportedRuleWithAnEmptyAuthorListIsNotRefused() {
        Map<String, Object> flat = new LinkedHashMap<>(minimal("eql"));
        flat.put("author", List.of());
        RuleUploads.Upload upload = uploads.read(
                "rule.json", JSON.writeValueAsString(flat).getBytes(StandardCharsets.UTF_8), RuleUploads.Format.JSON);
        assertThat(upload.candidates()).singleElement().satisfies(c -> {
            assertThat(c.problems()).isEmpty();
            assertThat(c.rule().author()).isEmpty();
        });
    }

    @Test
    void aSavedQueryRuleWithoutItsQueryIsAProblemThatSaysWhy() {
        Map<String, Object> flat = new LinkedHashMap<>(minimal("saved_query"));
        flat.remove("query");
        RuleUploads.Upload upload = uploads.read(
                "rule.json", JSON.writeValueAsString(flat).getBytes(StandardCharsets.UTF_8), RuleUploads.Format.JSON);
        assertThat(upload.candidates())
                .singleElement()
                .satisfies(c -> assertThat(c.problems())
                        .singleElement()
                        .satisfies(p -> assertThat(p.message())
                                .contains("cannot read Kibana's saved query 'c2e9a4f0-saved-query'")));
    }

    @Test
    void aTomlFileWithAnEmptyAuthorListIsStillAnError() {
        String toml = """
                [metadata]
                creation_date = "2026/01/01"
                updated_date = "2026/01/01"
                maturity = "production"

                [rule]
                author = []
                description = "d"
                name = "A rule"
                risk_score = 21
                rule_id = "0f4b7e6a-1c1d-4c59-9a1e-000000000001"
                severity = "low"
                type = "eql"
                language = "eql"
                query = "process where true"
                """;
        assertThat(loader.parse(toml, "x.toml").errors())
                .singleElement()
                .satisfies(p -> assertThat(p.message()).contains("'rule.author' must name at least one author"));
    }

    @Test
    void anImportKeepsKibanasIdVersionAndRevisionInTheStoredDocument() {
        Map<String, Object> flat = exported("eql");
        RuleUploads.Upload upload = uploads.read(
                "rule.json", JSON.writeValueAsString(flat).getBytes(StandardCharsets.UTF_8), RuleUploads.Format.JSON);
        Map<String, Object> document = upload.candidates().get(0).document();
        assertThat(document.get("kibana")).isInstanceOfSatisfying(Map.class, kibana -> {
            assertThat(kibana)
                    .containsEntry("id", "8b5a2f30-3c2e-11f1-9d3a-5f6e0c1b2a77")
                    .containsEntry("version", 3L)
                    .containsEntry("revision", 4L);
        });
        assertThat(TomlDocument.<Map<String, Object>>mutable(document.get("rule")))
                .doesNotContainKeys("id", "version", "revision", "execution_summary");
        assertThat(upload.candidates().get(0).rule().kibanaId())
                .as("the loaded rule knows its Kibana id")
                .isEqualTo("8b5a2f30-3c2e-11f1-9d3a-5f6e0c1b2a77");
    }
}
