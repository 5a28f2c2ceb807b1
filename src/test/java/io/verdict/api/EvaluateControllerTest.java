package io.verdict.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.verdict.config.VerdictProperties;
import io.verdict.engine.Detections;
import io.verdict.engine.RuleCompiler;
import io.verdict.event.Schema;
import io.verdict.rule.Rule;
import io.verdict.rule.RuleDirectories;
import io.verdict.rule.RuleFixtures;
import io.verdict.rule.RuleLoader;
import io.verdict.rule.RuleSet;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

/**
 * The evaluate endpoints against the team's rules of {@code rules/} plus two fixtures for mappings and filters:
 * verdict fields, Kibana format, selection, routing, batches in both forms, streaming, and every bad input.
 */
// the controllers alone: authentication and authorisation are tested against a started server (security/)
@AutoConfigureMockMvc(addFilters = false)
@WebMvcTest(EvaluateController.class)
@Import({
    EvaluateControllerTest.Rules.class,
    EvaluationMetrics.class,
    io.verdict.config.ClockAndSchemaConfiguration.class
})
@EnableConfigurationProperties(VerdictProperties.class)
@TestPropertySource(
        properties = {
            "verdict.evaluate.max-batch-events=5",
            "verdict.evaluate.max-event-size=4KB",
            "verdict.evaluate.max-nesting-depth=8"
        })
class EvaluateControllerTest {

    static final String RCLONE_ID = "03af6f85-dce1-481e-9437-ac6e5796a2ca";
    static final String MAPPED_ID = "00000000-0000-4000-8000-0000000000f1";
    static final String FILTERED_ID = "00000000-0000-4000-8000-0000000000f2";
    static final String DISABLED_ID = "00000000-0000-4000-8000-0000000000f3";

    @TestConfiguration
    static class Rules {
        @Bean
        io.verdict.output.AlertOutputs alertOutputs(
                VerdictProperties properties,
                tools.jackson.databind.json.JsonMapper json,
                MeterRegistry meters,
                Detections detections) {
            return new io.verdict.output.AlertOutputs(
                    properties, json, meters, detections, java.time.Clock.systemUTC());
        }

        @Bean
        Detections detections() {
            RuleSet team = new RuleDirectories(new RuleLoader(), Clock.systemUTC()).load(List.of(Path.of("rules")));
            List<Rule> rules = new ArrayList<>(team.rules());
            rules.add(RuleFixtures.rule(MAPPED_ID, "Mapped Alert", "low", """
                    type = "query"
                    language = "kuery"
                    index = ["logs-vendor.alerts-*"]
                    query = "event.kind:alert"
                    rule_name_override = "rule.name"
                    [[rule.severity_mapping]]
                    field = "event.severity"
                    operator = "equals"
                    value = "73"
                    severity = "high"
                    [[rule.severity_mapping]]
                    field = "event.severity"
                    operator = "equals"
                    value = "99"
                    severity = "critical"
                    [[rule.risk_score_mapping]]
                    field = "event.risk_score"
                    operator = "equals"
                    value = ""
                    """));
            rules.add(RuleFixtures.rule(FILTERED_ID, "Filtered Script", "medium", """
                    type = "eql"
                    language = "eql"
                    query = 'process where process.name : "wscript.exe"'
                    [[rule.filters]]
                    [rule.filters.meta]
                    negate = true
                    [rule.filters.query.wildcard."process.command_line"]
                    value = "*\\\\\\\\Program Files\\\\\\\\Vendor\\\\\\\\*"
                    case_insensitive = true
                    """));
            rules.add(RuleFixtures.rule(DISABLED_ID, "Shipped Disabled", "low", """
                    type = "query"
                    language = "kuery"
                    enabled = false
                    query = "process.name:disabled-tool.exe"
                    """));
            Detections detections = new Detections(new RuleCompiler(Schema.catalog(), Clock.systemUTC()));
            detections.install(new RuleSet(rules, List.of(), List.of(), rules.size(), Instant.now(), Duration.ZERO));
            return detections;
        }

        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }

    @Autowired
    MockMvcTester mvc;

    @Autowired
    MeterRegistry meters;

    static final String RCLONE = """
            {"@timestamp": "2026-11-27T10:15:00.000Z",
             "event": {"category": ["process"], "type": ["start"], "kind": "event"},
             "host": {"name": "fin-ws-042", "id": "h-42", "os": {"type": "windows"}},
             "user": {"name": "j.doe"},
             "process.name": "TrendFileSecurityCheck.exe",
             "process": {"pe": {"original_file_name": "rclone.exe"},
                         "executable": "C:\\\\Users\\\\Public\\\\TrendFileSecurityCheck.exe",
                         "args": ["TrendFileSecurityCheck.exe", "copy", "C:\\\\finance", ":s3:exfil/q4"],
                         "parent": {"name": "cmd.exe"}}}""";

    private MockMvcTester.MockMvcRequestBuilder post(String uri, String body) {
        return mvc.post().uri(uri).contentType(MediaType.APPLICATION_JSON).content(body);
    }

    @Test
    void theRcloneEventGetsAVerdictAPlaybookCanActOn() {
        var result = post("/api/v1/evaluate", RCLONE).exchange();
        assertThat(result).hasStatusOk().bodyJson().isLenientlyEqualTo("""
                {"matched": true, "alerts": [{
                  "rule": {"rule_id": "%s", "name": "Rclone File Transfer to a Remote Back End", "type": "eql",
                           "language": "eql", "author": ["Verdict"], "building_block": false},
                  "severity": "medium", "risk_score": 47,
                  "reason": "process event with process TrendFileSecurityCheck.exe, parent process cmd.exe, by j.doe on fin-ws-042 created medium alert Rclone File Transfer to a Remote Back End.",
                  "timestamp": "2026-11-27T10:15:00.000Z",
                  "evidence": {"process.name": "TrendFileSecurityCheck.exe", "process.pe.original_file_name": "rclone.exe",
                               "host.os.type": "windows"}
                }]}""".formatted(RCLONE_ID));
        assertThat(result)
                .bodyJson()
                .extractingPath("$.alerts[0].threat[*].technique[*].subtechnique[*].id")
                .asArray()
                .contains("T1567.002", "T1036.003");
        assertThat(result)
                .bodyJson()
                .extractingPath("$.alerts[0].note")
                .asString()
                .startsWith("## Triage and analysis")
                .doesNotContain("$investigate_0")
                .contains("h-42");
        assertThat(result).bodyJson().doesNotHavePath("$.alerts[0].event");
        assertThat(result).bodyJson().extractingPath("$.skipped_rules").isNotNull();
        assertThat(meters.counter("verdict.alerts", "rule_id", RCLONE_ID).count())
                .isGreaterThanOrEqualTo(1.0);
    }

    @Test
    void aBenignEventMatchesNothingAndEveryRuleIsAccountedFor() {
        var result = post("/api/v1/evaluate", """
                {"event": {"category": "process", "type": "start"}, "host": {"os": {"type": "windows"}},
                 "process": {"name": "notepad.exe", "args": ["notepad.exe"]}}""").exchange();
        assertThat(result).hasStatusOk().bodyJson().isLenientlyEqualTo("""
                {"matched": false, "alerts": [], "errors": [],
                 "skipped_rules": {}}""");
        assertThat(result).bodyJson().extractingPath("$.evaluated_rules").isEqualTo(13);
    }

    @Test
    void kibanaFormatAndIncludedEvent() throws Exception {
        var first = post("/api/v1/evaluate?format=kibana&include_event=true&rule_id=" + RCLONE_ID, RCLONE)
                .exchange();
        assertThat(first).hasStatusOk().bodyJson().isLenientlyEqualTo("""
                {"matched": true, "alerts": [{
                  "event.kind": "signal", "event": {"category": ["process"]},
                  "kibana.alert.rule.rule_id": "%s",
                  "kibana.alert.rule.name": "Rclone File Transfer to a Remote Back End",
                  "kibana.alert.severity": "medium", "kibana.alert.risk_score": 47,
                  "kibana.alert.original_time": "2026-11-27T10:15:00.000Z",
                  "kibana.alert.original_event.kind": "event", "kibana.alert.original_event.type": ["start"],
                  "kibana.alert.rule.threat": [{"tactic": {"id": "TA0010"}}, {"tactic": {"id": "TA0005"}}],
                  "kibana.alert.ancestors": [{"type": "event", "depth": 0}],
                  "kibana.alert.depth": 1, "kibana.alert.status": "active", "kibana.alert.workflow_status": "open"
                }]}""".formatted(RCLONE_ID));
        String uuid = first.getResponse()
                .getContentAsString()
                .replaceAll("(?s).*\"kibana.alert.uuid\":\"([0-9a-f]+)\".*", "$1");
        assertThat(uuid).hasSize(64);
        var second = post("/api/v1/evaluate?format=kibana&rule_id=" + RCLONE_ID, RCLONE)
                .exchange();
        assertThat(second)
                .bodyJson()
                .extractingPath("$.alerts[0]['kibana.alert.uuid']")
                .isEqualTo(uuid);
    }

    @Test
    void severityRiskScoreAndNameFollowTheEvent() {
        String alert = """
                {"event": {"kind": "alert", "severity": %s, "risk_score": [12, "88.0"]}, "rule": {"name": "Vendor X"},
                 "data_stream": {"type": "logs", "dataset": "vendor.alerts", "namespace": "prod"}}""";
        assertThat(post("/api/v1/evaluate?rule_id=" + MAPPED_ID, alert.formatted("\"99\"")))
                .bodyJson()
                .isLenientlyEqualTo("""
                        {"alerts": [{"severity": "critical", "risk_score": 88, "rule": {"name": "Vendor X"},
                          "reason": "event created critical alert Vendor X."}]}""");
        assertThat(post("/api/v1/evaluate?rule_id=" + MAPPED_ID, alert.formatted("73")))
                .bodyJson()
                .extractingPath("$.alerts[0].severity")
                .isEqualTo("high");
        assertThat(post("/api/v1/evaluate?rule_id=" + MAPPED_ID, alert.formatted("5")))
                .bodyJson()
                .extractingPath("$.alerts[0].severity")
                .isEqualTo("low");
    }

    @Test
    void indexRoutingPassesOverRulesOfOtherIndices() {
        String elsewhere = """
                {"event": {"kind": "alert"}, "data_stream": {"type": "logs", "dataset": "other", "namespace": "x"}}""";
        assertThat(post("/api/v1/evaluate?rule_id=" + MAPPED_ID, elsewhere))
                .bodyJson()
                .isLenientlyEqualTo("""
                        {"matched": false, "evaluated_rules": 0, "not_routed_rules": 1}""");
        assertThat(
                        post(
                                "/api/v1/evaluate?rule_id=" + MAPPED_ID,
                                "{\"_index\": \".ds-logs-vendor.alerts-default-2026.11.27-000001\", \"event\": {\"kind\": \"alert\"}}"))
                .bodyJson()
                .extractingPath("$.matched")
                .isEqualTo(true);
        assertThat(post("/api/v1/evaluate?rule_id=" + MAPPED_ID, "{\"event\": {\"kind\": \"alert\"}}"))
                .bodyJson()
                .extractingPath("$.matched")
                .isEqualTo(true);
    }

    @Test
    void kibanaFiltersExcludeWhatTheyNegate() {
        String script =
                "{\"event\": {\"category\": \"process\"}, \"process\": {\"name\": \"WScript.exe\", \"command_line\": \"%s\"}}";
        assertThat(post(
                        "/api/v1/evaluate?rule_id=" + FILTERED_ID,
                        script.formatted("wscript.exe C:\\\\Users\\\\a.vbs")))
                .bodyJson()
                .extractingPath("$.matched")
                .isEqualTo(true);
        assertThat(post(
                        "/api/v1/evaluate?rule_id=" + FILTERED_ID,
                        script.formatted("wscript.exe C:\\\\program files\\\\vendor\\\\a.vbs")))
                .bodyJson()
                .extractingPath("$.matched")
                .isEqualTo(false);
    }

    @Test
    void aDisabledRuleNamedByItsRuleIdRunsAndIsNotAnUnknownSelection() {
        String event = "{\"process\": {\"name\": \"disabled-tool.exe\"}}";
        assertThat(post("/api/v1/evaluate?rule_id=" + DISABLED_ID, event))
                .hasStatusOk()
                .bodyJson()
                .extractingPath("$.matched")
                .isEqualTo(true);
        assertThat(post("/api/v1/evaluate", event))
                .hasStatusOk()
                .bodyJson()
                .extractingPath("$.matched")
                .isEqualTo(false);
    }

    @Test
    void selectionByTagAndType() {
        assertThat(post("/api/v1/evaluate?type=query", RCLONE)).bodyJson().isLenientlyEqualTo("""
                {"matched": false, "skipped_rules": {}}""");
        assertThat(post("/api/v1/evaluate?tag=Tactic: Exfiltration", RCLONE))
                .bodyJson()
                .extractingPath("$.alerts.length()")
                .isEqualTo(1);
        var bad = post("/api/v1/evaluate?type=sigma", RCLONE).exchange();
        assertThat(bad).hasStatus(HttpStatus.BAD_REQUEST).bodyJson().isLenientlyEqualTo("""
                {"type": "urn:verdict:problem:unknown-selection", "unknown": {"type": ["sigma"]}}""");
        assertThat(post("/api/v1/evaluate?format=xml", RCLONE)).hasStatus(HttpStatus.BAD_REQUEST);
    }

    @Test
    void badSingleBodiesAreProblemsWithPositions() {
        assertProblem(
                post("/api/v1/evaluate", "{\"a\": 1,\n  \"b\": }"),
                HttpStatus.BAD_REQUEST,
                "urn:verdict:problem:malformed-json",
                2,
                8);
        assertProblem(
                post("/api/v1/evaluate", "[{\"a\": 1}]"),
                HttpStatus.BAD_REQUEST,
                "urn:verdict:problem:not-an-object",
                null,
                null);
        assertProblem(
                post("/api/v1/evaluate", ""), HttpStatus.BAD_REQUEST, "urn:verdict:problem:empty-body", null, null);
        assertProblem(
                post("/api/v1/evaluate", "{\"a\":".repeat(10) + "1" + "}".repeat(10)),
                HttpStatus.BAD_REQUEST,
                "urn:verdict:problem:too-deep",
                null,
                null);
        assertProblem(
                post("/api/v1/evaluate", "{\"a\": \"" + "x".repeat(5000) + "\"}"),
                HttpStatus.CONTENT_TOO_LARGE,
                "urn:verdict:problem:too-large",
                null,
                null);
        var text = mvc.post()
                .uri("/api/v1/evaluate")
                .contentType(MediaType.TEXT_PLAIN)
                .content("{}")
                .exchange();
        assertThat(text)
                .hasStatus(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
                .hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    }

    private void assertProblem(
            MockMvcTester.MockMvcRequestBuilder request, HttpStatus status, String type, Integer line, Integer column) {
        var result = request.exchange();
        assertThat(result).hasStatus(status).hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(result).bodyJson().extractingPath("$.type").isEqualTo(type);
        if (line != null) {
            assertThat(result).bodyJson().extractingPath("$.line").isEqualTo(line);
            assertThat(result).bodyJson().extractingPath("$.column").isEqualTo(column);
        }
    }

    @Test
    void aJsonArrayBatchReportsBadElementsByIndexAndGoesOn() {
        var result = post("/api/v1/evaluate/_batch", "[" + RCLONE + ", 42, {\"event\": {}}, " + RCLONE + "]")
                .exchange();
        assertThat(result).hasStatusOk().bodyJson().isLenientlyEqualTo("""
                {"items": 4, "events": 3, "matched_events": 2, "alerts": 2,
                 "results": [{"index": 0}, {"index": 3}],
                 "errors": [{"index": 1, "message": "element 1 is a JSON number, not an object"}]}""");
        assertProblem(
                post("/api/v1/evaluate/_batch", "[{\"a\": 1},\n {\"b\" 2}]"),
                HttpStatus.BAD_REQUEST,
                "urn:verdict:problem:malformed-json",
                2,
                7);
    }

    @Test
    void anNdjsonBatchReportsBadLinesByNumberAndGoesOn() {
        String body = RCLONE.replace("\n", "") + "\nnot json\n\n[1]\n" + RCLONE.replace("\n", "") + "\n";
        var result = mvc.post()
                .uri("/api/v1/evaluate/_batch")
                .contentType("application/x-ndjson")
                .content(body)
                .exchange();
        assertThat(result).hasStatusOk().bodyJson().isLenientlyEqualTo("""
                {"items": 4, "events": 2, "matched_events": 2,
                 "results": [{"line": 1}, {"line": 5}],
                 "errors": [{"line": 2}, {"line": 4, "message": "line 4 is a JSON array, not an object"}]}""");
    }

    @Test
    void ndjsonOutStreamsOneLinePerAlertThenASummary() throws Exception {
        String body = RCLONE.replace("\n", "") + "\n{oops\n";
        var result = mvc.post()
                .uri("/api/v1/evaluate/_batch")
                .contentType("application/x-ndjson")
                .accept("application/x-ndjson")
                .content(body)
                .exchange();
        assertThat(result).hasStatusOk().hasContentTypeCompatibleWith("application/x-ndjson");
        String[] lines = result.getResponse().getContentAsString().split("\n");
        assertThat(lines).hasSize(3);
        assertThat(lines[0])
                .startsWith("{\"type\":\"alert\",\"line\":1,\"alert\":{\"id\":\"")
                .contains("\"rule\":{\"rule_id\":\"" + RCLONE_ID);
        assertThat(lines[1]).startsWith("{\"type\":\"error\",\"line\":2,");
        assertThat(lines[2])
                .startsWith("{\"type\":\"summary\",\"items\":2,\"events\":1,\"matched_events\":1,\"alerts\":1,");
    }

    @Test
    void batchLimitsAre413Problems() {
        String six = "[" + "{},".repeat(5) + "{}]";
        assertProblem(
                post("/api/v1/evaluate/_batch", six),
                HttpStatus.CONTENT_TOO_LARGE,
                "urn:verdict:problem:too-large",
                null,
                null);
        assertThat(post("/api/v1/evaluate/_batch", "[" + "{},".repeat(4) + "{}]"))
                .hasStatusOk();
        String longLine = "{\"a\": \"" + "x".repeat(5000) + "\"}\n{}\n";
        assertThat(mvc.post()
                        .uri("/api/v1/evaluate/_batch")
                        .contentType("application/x-ndjson")
                        .content(longLine))
                .bodyJson()
                .isLenientlyEqualTo("""
                        {"items": 2, "events": 1, "errors": [{"line": 1, "message": "line 1 is longer than the limit of 4096 bytes"}]}""");
    }
}
