package io.verdict.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.verdict.config.VerdictProperties;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a batch holds in memory is bounded: a collected answer by {@code max-answer-size} (past it, truncated and
 * saying so), the events waiting for the stateful rules by {@code stateful-window} (past it, fed in windows).
 */
// the controllers alone: authentication and authorisation are tested against a started server (security/)
@AutoConfigureMockMvc(addFilters = false)
@WebMvcTest({EvaluateController.class, StateController.class})
@Import({
    EvaluateControllerTest.Rules.class,
    EvaluationMetrics.class,
    io.verdict.config.ClockAndSchemaConfiguration.class
})
@EnableConfigurationProperties(VerdictProperties.class)
@TestPropertySource(properties = {"verdict.evaluate.max-answer-size=64KB", "verdict.evaluate.stateful-window=16KB"})
class BatchMemoryTest {

    private static final String MATCH = EvaluateControllerTest.RCLONE.replace("\n", "");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    MockMvcTester mvc;

    @BeforeEach
    void reset() {
        mvc.delete().uri("/api/v1/state").exchange();
    }

    @Test
    void nonStreamedBatchAnswerIsBoundedAndSaysSo() throws Exception {
        String body = (MATCH + "\n").repeat(2_000) + "not json\n";
        var collected = mvc.post()
                .uri("/api/v1/evaluate/_batch?rule_id=" + EvaluateControllerTest.RCLONE_ID)
                .contentType("application/x-ndjson")
                .content(body)
                .exchange();
        assertThat(collected).hasStatusOk();
        byte[] bytes = collected.getResponse().getContentAsByteArray();
        assertThat(bytes.length).as("the answer's size").isLessThan(64 * 1024 + 4 * 1024);
        JsonNode answer = JSON.readTree(bytes);
        assertThat(answer.path("events").asInt()).isEqualTo(2_000);
        assertThat(answer.path("matched_events").asInt()).isEqualTo(2_000);
        assertThat(answer.path("alerts").asInt()).as("counts cover every event").isEqualTo(2_000);
        assertThat(answer.path("truncated").asBoolean()).isTrue();
        int shown = answer.path("results").size();
        assertThat(shown).isBetween(1, 1_000);
        assertThat(answer.path("omitted_alerts").asInt()).isEqualTo(2_000 - shown);
        assertThat(answer.path("omitted_errors").asInt())
                .as("the bad line came after the limit")
                .isEqualTo(1);
        assertThat(answer.path("notices").get(0).asString()).contains("Accept: application/x-ndjson");

        var streamed = mvc.post()
                .uri("/api/v1/evaluate/_batch?rule_id=" + EvaluateControllerTest.RCLONE_ID)
                .contentType("application/x-ndjson")
                .header("Accept", "application/x-ndjson")
                .content(body)
                .exchange();
        List<String> lines = streamed.getResponse().getContentAsString().lines().toList();
        assertThat(lines.stream()
                        .filter(l -> l.startsWith("{\"type\":\"alert\""))
                        .count())
                .isEqualTo(2_000);

        var small = mvc.post()
                .uri("/api/v1/evaluate/_batch?rule_id=" + EvaluateControllerTest.RCLONE_ID)
                .contentType("application/x-ndjson")
                .content(MATCH + "\n")
                .exchange();
        assertThat(small).bodyJson().isLenientlyEqualTo("""
                {"truncated": false, "alerts": 1, "results": [{"line": 1}]}""");
        assertThat(JSON.readTree(small.getResponse().getContentAsByteArray()).has("notices"))
                .isFalse();
    }

    @Test
    void statefulRulesSeeALongBatchInWindowsOfEventTime() throws Exception {
        // 150 sequences, each on its own host: a start and a connection 20 s later, the first pair given backwards
        StringBuilder body = new StringBuilder();
        IntStream.range(0, 150).forEach(i -> {
            String start = one(SequenceEvaluationTest.START, i);
            String connect = one(SequenceEvaluationTest.CONNECT, i);
            body.append(i == 0 ? connect + "\n" + start : start + "\n" + connect)
                    .append('\n');
        });
        var streamed = mvc.post()
                .uri("/api/v1/evaluate/_batch?rule_id=" + SequenceEvaluationTest.SEQUENCE_RULE)
                .contentType("application/x-ndjson")
                .header("Accept", "application/x-ndjson")
                .content(body.toString())
                .exchange();
        List<String> lines = streamed.getResponse().getContentAsString().lines().toList();
        JsonNode summary = JSON.readTree(lines.get(lines.size() - 1));
        assertThat(summary.path("type").asString()).isEqualTo("summary");
        assertThat(summary.path("alerts").asInt())
                .as("two building blocks and a sequence alert each")
                .isEqualTo(450);
        assertThat(summary.path("notices").get(0).asString()).contains("windows of event-time order");
    }

    /** The event for host and process {@code i}, on one line, at {@code i} seconds (a connection half a second later). */
    private static String one(String event, int i) {
        java.time.Instant at = java.time.Instant.parse("2026-11-27T10:00:00Z").plusSeconds(i);
        return event.replace("\n", "")
                .replace("h-1", "h-" + i)
                .replace("p-9", "p-" + i)
                .replace("2026-11-27T10:00:00.000Z", at.toString())
                .replace("2026-11-27T10:00:20.000Z", at.plusMillis(500).toString());
    }
}
