package io.verdict.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.verdict.config.VerdictProperties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

/** {@code explain=true}: every alert carries the clause tree that made it match, in each output form. */
// the controllers alone: authentication and authorisation are tested against a started server (security/)
@AutoConfigureMockMvc(addFilters = false)
@WebMvcTest({EvaluateController.class, StateController.class})
@Import({
    EvaluateControllerTest.Rules.class,
    EvaluationMetrics.class,
    io.verdict.config.ClockAndSchemaConfiguration.class
})
@EnableConfigurationProperties(VerdictProperties.class)
class EvaluateExplainTest {

    private static final String RCLONE = EvaluateControllerTest.RCLONE;
    private static final String ONLY_RCLONE = "rule_id=" + EvaluateControllerTest.RCLONE_ID;

    @Autowired
    MockMvcTester mvc;

    @BeforeEach
    void reset() {
        mvc.delete().uri("/api/v1/state").exchange();
    }

    @Test
    void anAlertCarriesItsClauseTreeOnlyWhenAsked() {
        var explained = mvc.post()
                .uri("/api/v1/evaluate?explain=true&" + ONLY_RCLONE)
                .contentType(MediaType.APPLICATION_JSON)
                .content(RCLONE)
                .exchange();
        assertThat(explained).hasStatusOk().bodyJson().isLenientlyEqualTo("""
                {"matched": true, "alerts": [{"rule": {"rule_id": "%s"}, "severity": "medium",
                  "explanation": {"operator": "and", "result": true}}]}""".formatted(
                        EvaluateControllerTest.RCLONE_ID));
        assertThat(explained)
                .bodyJson()
                .extractingPath("$.alerts[0].explanation.children[1].children[0]")
                .isEqualTo(java.util.Map.of(
                        "text",
                        "host.os.type == \"windows\"",
                        "result",
                        true,
                        "decisive",
                        false,
                        "values",
                        java.util.Map.of("host.os.type", "windows")));
        assertThat(mvc.post()
                        .uri("/api/v1/evaluate?" + ONLY_RCLONE)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(RCLONE))
                .bodyJson()
                .extractingPath("$.alerts[0]")
                .asMap()
                .doesNotContainKey("explanation");
    }

    @Test
    void kibanaDocumentsCarryItAsVerdictExplanation() {
        assertThat(mvc.post()
                        .uri("/api/v1/evaluate?format=kibana&explain=true&" + ONLY_RCLONE)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(RCLONE))
                .hasStatusOk()
                .bodyJson()
                .extractingPath("$.alerts[0]['verdict.explanation'].result")
                .isEqualTo(true);
    }

    @Test
    void batchesAndStreamedLinesCarryIt() throws Exception {
        assertThat(mvc.post()
                        .uri("/api/v1/evaluate/_batch?explain=true&" + ONLY_RCLONE)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("[" + RCLONE + ", {}]"))
                .hasStatusOk()
                .bodyJson()
                .extractingPath("$.results[0].alerts[0].explanation.result")
                .isEqualTo(true);
        var streamed = mvc.post()
                .uri("/api/v1/evaluate/_batch?explain=true&" + ONLY_RCLONE)
                .contentType(EvaluateController.NDJSON)
                .accept(EvaluateController.NDJSON)
                .content(RCLONE.replace("\n", " ") + "\n{}\n")
                .exchange();
        String first =
                streamed.getResponse().getContentAsString().lines().findFirst().orElseThrow();
        assertThat(first)
                .startsWith("{\"type\":\"alert\",\"line\":1,\"alert\":{")
                .contains("\"explanation\":{");
    }

    @Test
    void sequenceAlertsCarryTheirStagesClauses() {
        String rule = "rule_id=" + SequenceEvaluationTest.SEQUENCE_RULE;
        mvc.post()
                .uri("/api/v1/evaluate?explain=true&" + rule)
                .contentType(MediaType.APPLICATION_JSON)
                .content(SequenceEvaluationTest.START)
                .exchange();
        var result = mvc.post()
                .uri("/api/v1/evaluate?explain=true&" + rule)
                .contentType(MediaType.APPLICATION_JSON)
                .content(SequenceEvaluationTest.CONNECT)
                .exchange();
        assertThat(result).hasStatusOk().bodyJson().isLenientlyEqualTo("""
                {"matched": true, "alerts": [{"sequence": {"index": 0}, "explanation": {"result": true}},
                  {"sequence": {"index": 1}, "explanation": {"result": true}}, {"explanation": {"result": true}}]}""");
        assertThat(result)
                .bodyJson()
                .extractingPath("$.alerts[1].explanation.children[0].text")
                .isEqualTo("event.category : \"network\" (network where)");
        assertThat(result)
                .bodyJson()
                .extractingPath("$.alerts[2].explanation.children.length()")
                .isEqualTo(2);
        assertThat(result)
                .bodyJson()
                .extractingPath("$.alerts[0].explanation.text")
                .asString()
                .startsWith("stage 1: process where");
    }
}
