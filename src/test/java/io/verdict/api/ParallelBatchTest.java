package io.verdict.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.verdict.config.VerdictProperties;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Batches large enough to be evaluated on worker threads in chunks: the answer keeps input order (results,
 * errors, streamed lines) and counts every item, for NDJSON and JSON arrays, collected and streamed.
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
class ParallelBatchTest {

    private static final int LINES = 3_000;
    private static final String MATCH = EvaluateControllerTest.RCLONE.replace("\n", "");
    private static final String PLAIN =
            "{\"event\": {\"category\": [\"process\"]}, \"process\": {\"name\": \"x.exe\"}}";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    MockMvcTester mvc;

    /** Line i (from 1): blank every 13th, not JSON every 11th, a match every 7th, else an event that matches nothing. */
    private static String lineOf(int i) {
        return i % 13 == 0 ? "" : i % 11 == 0 ? "not json" : i % 7 == 0 ? MATCH : PLAIN;
    }

    private static List<Integer> lines(String kind) {
        return IntStream.rangeClosed(1, LINES)
                .filter(i -> lineOf(i).equals(kind))
                .boxed()
                .toList();
    }

    private static String ndjson() {
        StringBuilder body = new StringBuilder();
        IntStream.rangeClosed(1, LINES).forEach(i -> body.append(lineOf(i)).append('\n'));
        return body.toString();
    }

    @Test
    void collectedNdjsonKeepsInputOrder() {
        var result = mvc.post()
                .uri("/api/v1/evaluate/_batch")
                .contentType("application/x-ndjson")
                .content(ndjson())
                .exchange();
        assertThat(result).hasStatusOk();
        JsonNode batch = JSON.readTree(result.getResponse().getContentAsByteArray());
        int blank = LINES / 13;
        assertThat(batch.path("items").asInt()).isEqualTo(LINES - blank);
        assertThat(batch.path("events").asInt())
                .isEqualTo(LINES - blank - lines("not json").size());
        assertThat(batch.path("results")
                        .valueStream()
                        .map(r -> r.path("line").asInt())
                        .toList())
                .isEqualTo(lines(MATCH));
        assertThat(batch.path("errors")
                        .valueStream()
                        .map(r -> r.path("line").asInt())
                        .toList())
                .isEqualTo(lines("not json"));
        assertThat(batch.path("alerts").asInt()).isEqualTo(lines(MATCH).size());
    }

    @Test
    void collectedJsonArrayKeepsInputOrder() {
        List<String> elements = new ArrayList<>();
        for (int i = 0; i < LINES; i++) {
            elements.add(i % 11 == 0 ? "42" : i % 7 == 0 ? MATCH : PLAIN);
        }
        var result = mvc.post()
                .uri("/api/v1/evaluate/_batch")
                .contentType("application/json")
                .content("[" + String.join(",\n", elements) + "]")
                .exchange();
        assertThat(result).hasStatusOk();
        JsonNode batch = JSON.readTree(result.getResponse().getContentAsByteArray());
        assertThat(batch.path("items").asInt()).isEqualTo(LINES);
        assertThat(batch.path("results")
                        .valueStream()
                        .map(r -> r.path("index").asInt())
                        .toList())
                .isEqualTo(IntStream.range(0, LINES)
                        .filter(i -> elements.get(i) == MATCH)
                        .boxed()
                        .toList());
        assertThat(batch.path("errors")
                        .valueStream()
                        .map(r -> r.path("index").asInt())
                        .toList())
                .isEqualTo(IntStream.range(0, LINES)
                        .filter(i -> i % 11 == 0)
                        .boxed()
                        .toList());
    }

    @Test
    void streamedNdjsonKeepsInputOrder() throws Exception {
        var result = mvc.post()
                .uri("/api/v1/evaluate/_batch")
                .contentType("application/x-ndjson")
                .accept("application/x-ndjson")
                .content(ndjson())
                .exchange();
        assertThat(result).hasStatusOk();
        List<JsonNode> out = result.getResponse()
                .getContentAsString()
                .lines()
                .map(JSON::readTree)
                .toList();
        List<Integer> alertLines = out.stream()
                .filter(l -> l.path("type").asString().equals("alert"))
                .map(l -> l.path("line").asInt())
                .toList();
        List<Integer> errorLines = out.stream()
                .filter(l -> l.path("type").asString().equals("error"))
                .map(l -> l.path("line").asInt())
                .toList();
        List<Integer> all = out.stream()
                .filter(l -> !l.path("type").asString().equals("summary"))
                .map(l -> l.path("line").asInt())
                .toList();
        assertThat(alertLines).isEqualTo(lines(MATCH));
        assertThat(errorLines).isEqualTo(lines("not json"));
        assertThat(all).isSorted();
        JsonNode summary = out.get(out.size() - 1);
        assertThat(summary.path("type").asString()).isEqualTo("summary");
        assertThat(summary.path("items").asInt()).isEqualTo(LINES - LINES / 13);
    }
}
