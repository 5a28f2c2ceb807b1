package io.verdict.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.verdict.config.VerdictProperties;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

/**
 * Event values that cannot be decided (a time beyond any instant, invalid UTF-8 such as CESU-8 surrogate bytes)
 * are an error of their own event or line: the rest of the batch is answered, a streamed answer ends with its
 * summary, and no answer is a 500, in either format and with the event included in alerts.
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
class BadEventValuesTest {

    private static final String RCLONE = EvaluateControllerTest.RCLONE.replace("\n", " ");
    private static final String HUGE_TIME = RCLONE.replace("\"2026-11-27T10:15:00.000Z\"", "1e19");
    /** CESU-8: U+1F600 written as two 3-byte surrogates, which is not UTF-8. */
    private static final byte[] SURROGATES = {
        (byte) 0xED, (byte) 0xA0, (byte) 0xBD, (byte) 0xED, (byte) 0xB8, (byte) 0x80
    };

    @Autowired
    MockMvcTester mvc;

    private static byte[] cesu8Event() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String[] halves = RCLONE.split("\"j.doe\"");
        out.writeBytes(halves[0].getBytes(StandardCharsets.UTF_8));
        out.writeBytes("\"j.doe".getBytes(StandardCharsets.UTF_8));
        out.writeBytes(SURROGATES);
        out.writeBytes("\"".getBytes(StandardCharsets.UTF_8));
        out.writeBytes(halves[1].getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static byte[] join(String open, String separator, String close, byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(open.getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                out.writeBytes(separator.getBytes(StandardCharsets.UTF_8));
            }
            out.writeBytes(parts[i]);
        }
        out.writeBytes(close.getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aTimestampOf1e19InABatchIsAnErrorOfThatEventOnly() {
        for (String format : new String[] {"verdict", "kibana"}) {
            var result = mvc.post()
                    .uri("/api/v1/evaluate/_batch?include_event=true&format=" + format)
                    .contentType(MediaType.APPLICATION_JSON)
                    .content(join("[", ",", "]", utf8(RCLONE), utf8(HUGE_TIME), utf8(RCLONE)))
                    .exchange();
            assertThat(result).hasStatusOk().bodyJson().isLenientlyEqualTo("""
                    {"items": 3, "matched_events": 2, "results": [{"index": 0}, {"index": 2}],
                     "errors": [{"index": 1}]}""");
        }
    }

    @Test
    void aTimestampOf1e19DoesNotCutAStreamedAnswerBeforeItsSummary() throws Exception {
        for (String format : new String[] {"verdict", "kibana"}) {
            var result = mvc.post()
                    .uri("/api/v1/evaluate/_batch?include_event=true&format=" + format)
                    .contentType(MediaType.parseMediaType(EvaluateController.NDJSON))
                    .accept(MediaType.parseMediaType(EvaluateController.NDJSON))
                    .content(join("", "\n", "\n", utf8(RCLONE), utf8(HUGE_TIME), utf8(RCLONE)))
                    .exchange();
            assertThat(result).hasStatusOk();
            String[] lines = result.getResponse()
                    .getContentAsString(StandardCharsets.UTF_8)
                    .split("\n");
            assertThat(lines[lines.length - 1])
                    .contains("\"type\":\"summary\"")
                    .contains("\"matched_events\":2")
                    .contains("\"errors\":1");
            assertThat(lines)
                    .filteredOn(l -> l.contains("\"type\":\"error\""))
                    .singleElement()
                    .asString()
                    .contains("\"line\":2");
        }
    }

    @Test
    void cesu8SurrogateBytesAreAnErrorOfTheirLineInKibanaFormatWithTheEventIncluded() throws Exception {
        for (String accept : new String[] {EvaluateController.NDJSON, MediaType.APPLICATION_JSON_VALUE}) {
            var result = mvc.post()
                    .uri("/api/v1/evaluate/_batch?include_event=true&format=kibana")
                    .contentType(MediaType.parseMediaType(EvaluateController.NDJSON))
                    .accept(MediaType.parseMediaType(accept))
                    .content(join("", "\n", "\n", utf8(RCLONE), cesu8Event(), utf8(RCLONE)))
                    .exchange();
            assertThat(result).hasStatusOk();
            String answer = result.getResponse().getContentAsString(StandardCharsets.UTF_8);
            if (accept.equals(EvaluateController.NDJSON)) {
                String[] lines = answer.split("\n");
                assertThat(lines[lines.length - 1])
                        .contains("\"type\":\"summary\"")
                        .contains("\"matched_events\":2")
                        .contains("\"errors\":1");
                assertThat(lines)
                        .filteredOn(l -> l.contains("\"type\":\"error\""))
                        .singleElement()
                        .asString()
                        .contains("\"line\":2");
            } else {
                assertThat(result).bodyJson().isLenientlyEqualTo("""
                        {"items": 3, "matched_events": 2, "results": [{"line": 1}, {"line": 3}], "errors": [{"line": 2}]}""");
            }
        }
    }

    @Test
    void aLoneSurrogateEscapeInAnIncludedEventIsWrittenEscapedNotA500() throws Exception {
        // valid JSON and valid UTF-8, but the escape decodes to half a character, which UTF-8 cannot hold as such:
        // the event is as good as any (Elasticsearch takes it), and the answer writes the value escaped again
        byte[] lone = utf8(RCLONE.replace("\"j.doe\"", "\"j.doe\\ud800\""));
        for (String accept : new String[] {EvaluateController.NDJSON, MediaType.APPLICATION_JSON_VALUE}) {
            var result = mvc.post()
                    .uri("/api/v1/evaluate/_batch?include_event=true&format=kibana")
                    .contentType(MediaType.parseMediaType(EvaluateController.NDJSON))
                    .accept(MediaType.parseMediaType(accept))
                    .content(join("", "\n", "\n", utf8(RCLONE), lone, utf8(RCLONE)))
                    .exchange();
            assertThat(result).hasStatusOk();
            String answer = result.getResponse().getContentAsString(StandardCharsets.UTF_8);
            assertThat(answer).as(accept).contains("j.doe\\uD800\"").doesNotContain("\uFFFD");
            if (accept.equals(EvaluateController.NDJSON)) {
                String[] lines = answer.split("\n");
                assertThat(lines[lines.length - 1])
                        .contains("\"type\":\"summary\"")
                        .contains("\"matched_events\":3")
                        .contains("\"errors\":0");
            } else {
                assertThat(result).bodyJson().isLenientlyEqualTo("""
                        {"items": 3, "matched_events": 3, "results": [{"line": 1}, {"line": 2}, {"line": 3}], "errors": []}""");
            }
        }
    }

    @Test
    void contentAfterTheEventIsRefusedInWordsWithoutJacksonsClassNames() throws Exception {
        for (String format : new String[] {"verdict", "kibana"}) {
            var single = mvc.post()
                    .uri("/api/v1/evaluate?format=" + format)
                    .contentType(MediaType.APPLICATION_JSON)
                    .content(RCLONE + " []")
                    .exchange();
            assertThat(single).hasStatus(400);
            assertThat(single.getResponse().getContentAsString(StandardCharsets.UTF_8))
                    .as(format)
                    .contains("after the event's closing '}': an event is one JSON object")
                    .doesNotContain("jackson", "Jackson", "FAIL_ON");
            var batch = mvc.post()
                    .uri("/api/v1/evaluate/_batch?format=" + format)
                    .contentType(MediaType.parseMediaType(EvaluateController.NDJSON))
                    .content(join("", "\n", "\n", utf8(RCLONE + " {}"), utf8(RCLONE)))
                    .exchange();
            assertThat(batch).hasStatusOk();
            assertThat(batch.getResponse().getContentAsString(StandardCharsets.UTF_8))
                    .as(format)
                    .contains("after the event's closing '}': an event is one JSON object")
                    .doesNotContain("jackson", "Jackson", "FAIL_ON");
        }
    }

    @Test
    void aSingleEventOrArrayWithBadValuesIsNeverA500() {
        byte[][] bodies = {utf8(HUGE_TIME), cesu8Event()};
        for (byte[] body : bodies) {
            for (String uri : new String[] {
                "/api/v1/evaluate?format=kibana&include_event=true",
                "/api/v1/evaluate/_batch?format=kibana&include_event=true"
            }) {
                byte[] sent = uri.contains("_batch") ? join("[", ",", "]", utf8(RCLONE), body) : body;
                var result = mvc.post()
                        .uri(uri)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(sent)
                        .exchange();
                assertThat(result.getResponse().getStatus()).isLessThan(500);
                if (result.getResponse().getStatus() >= 400) {
                    assertThat(result).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
                }
            }
        }
    }
}
