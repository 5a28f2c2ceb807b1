package io.verdict.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.verdict.config.ClockAndSchemaConfiguration;
import io.verdict.config.VerdictProperties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

/** ES|QL over HTTP: ad-hoc queries, the rules of rules/ per event and at ticks, explain, event time moved by hand. */
@AutoConfigureMockMvc(addFilters = false)
@WebMvcTest({EsqlController.class, EvaluateController.class, StateController.class, ExplainController.class})
@Import({EvaluateControllerTest.Rules.class, EvaluationMetrics.class, ClockAndSchemaConfiguration.class})
@EnableConfigurationProperties(VerdictProperties.class)
class EsqlApiTest {

    static final String ENCODED = "7f3c4f2e-5f5b-4a0e-9a57-2f1f0c9e6b11";
    static final String SCAN = "2d6c1a8e-3b7f-4c55-8e2a-6a0f4b9d7c21";

    @Autowired
    MockMvcTester mvc;

    @BeforeEach
    void reset() {
        assertThat(mvc.delete().uri("/api/v1/state")).hasStatus(HttpStatus.NO_CONTENT);
    }

    static String connection(int second, int port) {
        return """
                {"@timestamp": "2026-12-07T10:%02d:%02dZ", "event": {"category": ["network"]},
                 "data_stream": {"type": "logs", "dataset": "endpoint.events.network", "namespace": "default"},
                 "source": {"ip": "10.1.2.3"}, "destination": {"ip": "10.9.9.9", "port": %d}}""".formatted(second / 60, second % 60, port).replace("\n", "");
    }

    @Test
    void aQueryRunsOverThePostedEventsAsESAnswersIt() {
        assertThat(mvc.post()
                        .uri("/api/v1/esql/_query")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("""
                {"query": "FROM logs-* | STATS n = COUNT(*), ports = VALUES(destination.port) BY source.ip | KEEP source.ip, n, ports",
                 "events": [%s, %s, %s]}""".formatted(connection(0, 22), connection(1, 80), connection(2, 22))))
                .hasStatusOk()
                .bodyJson()
                .isLenientlyEqualTo("""
                        {"columns": [{"name": "source.ip", "type": "ip"}, {"name": "n", "type": "long"},
                                     {"name": "ports", "type": "long"}],
                         "values": [["10.1.2.3", 3, [22, 80]]], "documents": 3, "warnings": []}""");
    }

    @Test
    void ndjsonEventsTakeTheQueryAsAParameterAndAFromNamingNoneIsSaid() {
        var answer = mvc.post()
                .uri("/api/v1/esql/_query?query=FROM logs-okta* | KEEP user.name")
                .contentType("application/x-ndjson")
                .content(connection(0, 22) + "\n" + connection(1, 80) + "\n")
                .exchange();
        assertThat(answer)
                .hasStatusOk()
                .bodyJson()
                .extractingPath("$.documents")
                .isEqualTo(0);
        assertThat(answer)
                .bodyJson()
                .extractingPath("$.notices[0]")
                .asString()
                .contains("names none of the indices")
                .contains("logs-endpoint.events.network-default");
    }

    @Test
    void aMultivalueInAComparisonIsNullWithESsWarning() {
        assertThat(mvc.post()
                        .uri("/api/v1/esql/_query")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("""
                {"query": "FROM x | WHERE process.args == \\"-enc\\" | KEEP process.args",
                 "events": [{"process": {"args": ["a", "-enc"]}}, {"process": {"args": "-enc"}}]}"""))
                .hasStatusOk()
                .bodyJson()
                .isLenientlyEqualTo("""
                        {"values": [["-enc"]], "warnings": [
                          "Line 1:16: evaluation of [process.args == \\"-enc\\"] failed, treating result as null. Only first 20 failures recorded.",
                          "Line 1:16: java.lang.IllegalArgumentException: single-value function encountered multi-value"]}""");
    }

    @Test
    void aBadQueryIsAProblemWithLineAndColumn() {
        assertThat(mvc.post()
                        .uri("/api/v1/esql/_query")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("""
                {"query": "FROM x\\n| WHER a == 1", "events": []}"""))
                .hasStatus(HttpStatus.BAD_REQUEST)
                .bodyJson()
                .isLenientlyEqualTo("""
                        {"type": "urn:verdict:problem:invalid-query", "line": 2, "column": 3}""");
        assertThat(mvc.post()
                        .uri("/api/v1/esql/_query")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("""
                {"events": []}"""))
                .hasStatus(HttpStatus.BAD_REQUEST)
                .bodyJson()
                .extractingPath("$.type")
                .isEqualTo("urn:verdict:problem:missing-query");
        assertThat(mvc.post()
                        .uri("/api/v1/esql/_query")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("""
                {"query": "FROM x | COMPLETION y = a WITH {}", "events": []}"""))
                .hasStatus(HttpStatus.BAD_REQUEST)
                .bodyJson()
                .extractingPath("$.type")
                .isEqualTo("urn:verdict:problem:unsupported-command");
    }

    @Test
    void aPerEventRuleAlertsInTheVerdictWithTheRowAsEvidence() {
        assertThat(mvc.post()
                        .uri("/api/v1/evaluate?rule_id=" + ENCODED)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("""
                        {"@timestamp": "2026-12-07T09:00:00Z", "event": {"category": ["process"], "type": ["start"]},
                         "host": {"name": "ws-17"}, "process": {"name": "powershell.exe", "args": ["powershell.exe", "-enc", "SQBFAFgA"]}}"""))
                .hasStatusOk()
                .bodyJson()
                .isLenientlyEqualTo("""
                        {"matched": true, "alerts": [{"rule": {"rule_id": "%s", "type": "esql"},
                          "evidence": {"process.args": "-enc", "Esql.argument_length": 4, "host.name": "ws-17"}}]}""".formatted(ENCODED));
    }

    @Test
    void inKibanasFormAPerEventAlertIsTheEventWithTheRowWrittenOverIt() {
        assertThat(mvc.post()
                        .uri("/api/v1/evaluate?format=kibana&rule_id=" + ENCODED)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("""
                        {"@timestamp": "2026-12-07T09:00:00Z", "event": {"category": ["process"], "type": ["start"]},
                         "host": {"name": "ws-17"}, "process": {"name": "powershell.exe", "pid": 4242,
                         "args": ["powershell.exe", "-enc", "SQBFAFgA"]}}"""))
                .hasStatusOk()
                .bodyJson()
                .isLenientlyEqualTo("""
                        {"matched": true, "alerts": [{"kibana.alert.rule.type": "esql",
                          "kibana.alert.rule.rule_id": "%s", "kibana.alert.original_time": "2026-12-07T09:00:00.000Z",
                          "process": {"pid": 4242, "args": "-enc"}, "Esql": {"argument_length": 4}}]}""".formatted(ENCODED));
    }

    @Test
    void anAggregatingRuleAlertsInTheAnswerOfTheRequestThatMovesEventTimePastItsTick() {
        StringBuilder batch = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            batch.append(connection(i * 6, 1000 + i)).append('\n');
        }
        assertThat(mvc.post()
                        .uri("/api/v1/evaluate/_batch?rule_id=" + SCAN)
                        .contentType("application/x-ndjson")
                        .content(batch.toString()))
                .bodyJson()
                .isLenientlyEqualTo("""
                        {"events": 20, "alerts": 0}""");
        assertThat(mvc.get().uri("/api/v1/state"))
                .bodyJson()
                .extractingPath("$.rules['" + SCAN + "'].documents")
                .isEqualTo(20);
        assertThat(mvc.post().uri("/api/v1/state/_advance?to=2026-12-07T10:05:00.001Z"))
                .hasStatusOk()
                .bodyJson()
                .isLenientlyEqualTo("""
                        {"event_time": "2026-12-07T10:05:00.001Z", "released": 1,
                         "alerts": [{"rule": {"rule_id": "%s"}, "evidence": {"source.ip": "10.1.2.3",
                           "Esql.port_count_distinct": 20, "Esql.event_count": 20}}]}""".formatted(SCAN));
        assertThat(mvc.post().uri("/api/v1/state/_advance?to=yesterday")).hasStatus(HttpStatus.BAD_REQUEST);
    }

    @Test
    void aBatchThatMovesEventTimePastATickAnswersItsAlertsWithTheEventThatMovedIt() {
        StringBuilder batch = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            batch.append(connection(i * 6, 2000 + i)).append('\n');
        }
        batch.append(connection(6 * 60 + 1, 443)).append('\n');
        var answer = mvc.post()
                .uri("/api/v1/evaluate/_batch?rule_id=" + SCAN)
                .contentType("application/x-ndjson")
                .content(batch.toString())
                .exchange();
        assertThat(answer).bodyJson().isLenientlyEqualTo("""
                {"events": 21, "alerts": 1}""");
        assertThat(answer).bodyJson().extractingPath("$.results[0].line").isEqualTo(21);
    }

    @Test
    void explainShowsRowsPerCommandAndTheGroupsBeforeTheFinalCondition() {
        StringBuilder events = new StringBuilder("[");
        for (int i = 0; i < 5; i++) {
            events.append(i == 0 ? "" : ",").append(connection(i, 1000 + i));
        }
        var answer = mvc.post()
                .uri("/api/v1/rules/" + SCAN + "/_explain")
                .contentType(MediaType.APPLICATION_JSON)
                .content(events.append("]").toString())
                .exchange();
        assertThat(answer).hasStatusOk().bodyJson().isLenientlyEqualTo("""
                {"rule_id": "%s", "language": "esql", "matched": false,
                 "explanation": {"aggregating": true, "documents": 5,
                   "groups": [{"source.ip": "10.1.2.3", "Esql.port_count_distinct": 5}], "rows": []}}""".formatted(SCAN));
        assertThat(answer)
                .bodyJson()
                .extractingPath("$.explanation.steps[1].rows_in")
                .isEqualTo(5);
    }
}
