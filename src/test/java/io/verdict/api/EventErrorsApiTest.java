package io.verdict.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.verdict.config.VerdictProperties;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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

/**
 * An event whose time field is not a date, or whose bytes are not UTF-8, is an error of its own: a 400 alone, the
 * error of its line or element in a batch, whose other events answer as usual and whose streamed answer still
 * closes with its summary.
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
class EventErrorsApiTest {

    private static final String NDJSON = "application/x-ndjson";
    /** A threshold rule of rules/: its events are ordered by time before it sees them. */
    private static final String BRUTE_FORCE = StatefulEvaluationTest.BRUTE_FORCE;

    private static final String RCLONE_ID = EvaluateControllerTest.RCLONE_ID;
    private static final String RCLONE = EvaluateControllerTest.RCLONE.replace("\n", "");

    @Autowired
    MockMvcTester mvc;

    @BeforeEach
    void reset() {
        assertThat(mvc.delete().uri("/api/v1/state")).hasStatus(HttpStatus.NO_CONTENT);
    }

    private static String failure(String timestamp) {
        return StatefulEvaluationTest.failure(1).replace("\"2026-11-27T10:00:01Z\"", timestamp);
    }

    @Test
    void timestampOf1e19IsAnErrorOfItsOwnLine() {
        String body = failure("\"2026-11-27T10:00:01Z\"") + "\n" + failure("1e19") + "\n"
                + failure("\"2026-11-27T10:00:02Z\"") + "\n";
        assertThat(mvc.post()
                        .uri("/api/v1/evaluate/_batch?rule_id=" + BRUTE_FORCE)
                        .contentType(NDJSON)
                        .content(body))
                .hasStatusOk()
                .bodyJson()
                .isLenientlyEqualTo("""
                        {"items": 3, "events": 2, "errors": [{"line": 2,
                         "message": "line 2: @timestamp 1.0E19 is not a date: Elasticsearch reads strict_date_optional_time or epoch milliseconds, within the range of a date field"}]}""");
    }

    @Test
    void timestampOf1e19IsAnErrorOfItsOwnElement() {
        String body = "[" + failure("\"2026-11-27T10:00:01Z\"") + "," + failure("1e19") + ","
                + failure("\"+999999999-12-31T00:00:00Z\"") + "," + failure("\"2026-11-27T10:00:02Z\"") + "]";
        var result = mvc.post()
                .uri("/api/v1/evaluate/_batch?rule_id=" + BRUTE_FORCE)
                .contentType(MediaType.APPLICATION_JSON)
                .content(body)
                .exchange();
        assertThat(result).hasStatusOk().bodyJson().isLenientlyEqualTo("""
                {"items": 4, "events": 2, "errors": [{"index": 1}, {"index": 2}]}""");
        assertThat(result)
                .bodyJson()
                .extractingPath("$.errors[1].message")
                .asString()
                .startsWith("element 2: @timestamp \"+999999999-12-31T00:00:00Z\" is not a date");
    }

    @Test
    void timestampOf1e19KeepsTheStreamedSummary() throws Exception {
        String body = failure("\"2026-11-27T10:00:01Z\"") + "\n" + failure("1e19") + "\n";
        var result = mvc.post()
                .uri("/api/v1/evaluate/_batch?rule_id=" + BRUTE_FORCE)
                .contentType(NDJSON)
                .accept(NDJSON)
                .content(body)
                .exchange();
        assertThat(result).hasStatusOk();
        String[] lines = result.getResponse().getContentAsString().split("\n");
        assertThat(lines[0])
                .startsWith("{\"type\":\"error\",\"line\":2,\"message\":\"line 2: @timestamp 1.0E19 is not a date");
        assertThat(lines[lines.length - 1])
                .startsWith("{\"type\":\"summary\",\"items\":2,\"events\":1,")
                .contains("\"errors\":1");
    }

    @Test
    void timestampOf1e19InASingleEventIsA400() {
        var result = mvc.post()
                .uri("/api/v1/evaluate?rule_id=" + BRUTE_FORCE)
                .contentType(MediaType.APPLICATION_JSON)
                .content(failure("1e19"))
                .exchange();
        assertThat(result)
                .hasStatus(HttpStatus.BAD_REQUEST)
                .hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .bodyJson()
                .isLenientlyEqualTo("""
                        {"type": "urn:verdict:problem:invalid-timestamp",
                         "detail": "The event's @timestamp 1.0E19 is not a date: Elasticsearch reads strict_date_optional_time or epoch milliseconds, within the range of a date field."}""");
    }

    /** The rclone event with a field no rule reads holding {@code bytes} in its string. */
    private static byte[] rclone(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(RCLONE.substring(0, RCLONE.length() - 1).getBytes(StandardCharsets.UTF_8));
        out.writeBytes(", \"labels\": {\"note\": \"x".getBytes(StandardCharsets.UTF_8));
        out.writeBytes(bytes);
        out.writeBytes("y\"}}".getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static final byte[] CESU8 = {(byte) 0xED, (byte) 0xA0, (byte) 0x80};

    private static byte[] lines(byte[]... lines) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] line : lines) {
            out.writeBytes(line);
            out.write('\n');
        }
        return out.toByteArray();
    }

    @Test
    void cesu8SurrogateBytesAreAnErrorOfTheirOwnEvent() {
        var result = mvc.post()
                .uri("/api/v1/evaluate?format=kibana&include_event=true")
                .contentType(MediaType.APPLICATION_JSON)
                .content(rclone(CESU8))
                .exchange();
        assertThat(result).hasStatus(HttpStatus.BAD_REQUEST).bodyJson().isLenientlyEqualTo("""
                {"type": "urn:verdict:problem:malformed-json", "line": 1,
                 "detail": "Malformed JSON at line 1, column %d: Invalid UTF-8: ED A0 80 (an encoded surrogate, CESU-8)"}""".formatted(
                        RCLONE.length() + 23));
    }

    @Test
    void cesu8SurrogateBytesAreAnErrorOfTheirOwnLine() throws Exception {
        byte[] good = RCLONE.getBytes(StandardCharsets.UTF_8);
        byte[] body = lines(good, rclone(CESU8), good);
        for (String format : new String[] {"kibana", "verdict"}) {
            var result = mvc.post()
                    .uri("/api/v1/evaluate/_batch?include_event=true&format=" + format + "&rule_id=" + RCLONE_ID)
                    .contentType(NDJSON)
                    .content(body)
                    .exchange();
            assertThat(result).hasStatusOk().bodyJson().isLenientlyEqualTo("""
                    {"items": 3, "events": 2, "matched_events": 2, "results": [{"line": 1}, {"line": 3}],
                     "errors": [{"line": 2, "message": "line 2: Invalid UTF-8: ED A0 80 (an encoded surrogate, CESU-8)"}]}""");
        }
        var streamed = mvc.post()
                .uri("/api/v1/evaluate/_batch?include_event=true&format=kibana&rule_id=" + RCLONE_ID)
                .contentType(NDJSON)
                .accept(NDJSON)
                .content(body)
                .exchange();
        String[] answer = streamed.getResponse().getContentAsString().split("\n");
        assertThat(answer).hasSize(4);
        assertThat(answer[1]).startsWith("{\"type\":\"error\",\"line\":2,");
        assertThat(answer[3])
                .startsWith("{\"type\":\"summary\",\"items\":3,\"events\":2,\"matched_events\":2,\"alerts\":2,");
    }

    @Test
    void cesu8SurrogateBytesAreAnErrorOfTheirOwnElement() {
        byte[] good = RCLONE.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write('[');
        body.writeBytes(good);
        body.write(',');
        body.writeBytes(rclone(CESU8));
        body.write(',');
        body.writeBytes(good);
        body.write(']');
        var result = mvc.post()
                .uri("/api/v1/evaluate/_batch?include_event=true&format=kibana&rule_id=" + RCLONE_ID)
                .contentType(MediaType.APPLICATION_JSON)
                .content(body.toByteArray())
                .exchange();
        assertThat(result).hasStatusOk().bodyJson().isLenientlyEqualTo("""
                {"items": 3, "events": 2, "matched_events": 2, "results": [{"index": 0}, {"index": 2}],
                 "errors": [{"index": 1, "message": "element 1: Invalid UTF-8: ED A0 80 (an encoded surrogate, CESU-8)"}]}""");
    }

    /** Overlong forms, code points above U+10FFFF, stray continuation bytes, cut-short sequences: each alone. */
    @Test
    void invalidUtf8OfEveryKindIsAnErrorOfItsOwnLineOrElement() {
        byte[][] invalid = {
            {(byte) 0xC0, (byte) 0xAF},
            {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
            {(byte) 0x80},
            {(byte) 0xE2, (byte) 0x82},
            {(byte) 0xFF}
        };
        byte[] good = RCLONE.getBytes(StandardCharsets.UTF_8);
        for (byte[] bytes : invalid) {
            String hex = java.util.HexFormat.ofDelimiter(" ").withUpperCase().formatHex(bytes);
            assertThat(mvc.post()
                            .uri("/api/v1/evaluate/_batch?format=kibana&include_event=true&rule_id=" + RCLONE_ID)
                            .contentType(NDJSON)
                            .content(lines(rclone(bytes), good)))
                    .hasStatusOk()
                    .bodyJson()
                    .isLenientlyEqualTo("""
                            {"items": 2, "events": 1, "matched_events": 1, "errors": [{"line": 1}]}""");
            byte[] array = ("[" + RCLONE + ",").getBytes(StandardCharsets.UTF_8);
            byte[] bad = rclone(bytes);
            byte[] body = Arrays.copyOf(array, array.length + bad.length + 1);
            System.arraycopy(bad, 0, body, array.length, bad.length);
            body[body.length - 1] = ']';
            var result = mvc.post()
                    .uri("/api/v1/evaluate/_batch?format=kibana&include_event=true&rule_id=" + RCLONE_ID)
                    .contentType(MediaType.APPLICATION_JSON)
                    .content(body)
                    .exchange();
            assertThat(result).hasStatusOk().bodyJson().isLenientlyEqualTo("""
                    {"items": 2, "events": 1, "matched_events": 1, "errors": [{"index": 1}]}""");
            assertThat(result)
                    .bodyJson()
                    .extractingPath("$.errors[0].message")
                    .asString()
                    .startsWith("element 1: Invalid UTF-8: " + hex + " (");
        }
    }
}
