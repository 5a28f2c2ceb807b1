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

/** The team's EQL sequence rule completes across two requests, and yields Kibana's building blocks and group. */
// the controllers alone: authentication and authorisation are tested against a started server (security/)
@AutoConfigureMockMvc(addFilters = false)
@WebMvcTest({EvaluateController.class, StateController.class})
@Import({
    EvaluateControllerTest.Rules.class,
    EvaluationMetrics.class,
    io.verdict.config.ClockAndSchemaConfiguration.class
})
@EnableConfigurationProperties(VerdictProperties.class)
class SequenceEvaluationTest {

    static final String SEQUENCE_RULE = "cc7a29ab-6e69-4fc2-90f0-b3e8f600d6b6";

    @Autowired
    MockMvcTester mvc;

    @BeforeEach
    void reset() {
        mvc.delete().uri("/api/v1/state").exchange();
    }

    static final String START = """
            {"@timestamp": "2026-11-27T10:00:00.000Z", "event": {"category": ["process"], "type": ["start"]},
             "host": {"id": "h-1", "os": {"type": "windows"}}, "process": {"entity_id": "p-9",
             "executable": "C:\\\\Users\\\\bob\\\\Downloads\\\\invoice.exe", "name": "invoice.exe"}}""";
    static final String CONNECT = """
            {"@timestamp": "2026-11-27T10:00:20.000Z", "event": {"category": ["network"], "action": "connection_attempted"},
             "network": {"direction": "egress"}, "destination": {"ip": "203.0.113.50", "port": 443},
             "host": {"id": "h-1", "os": {"type": "windows"}}, "process": {"entity_id": "p-9", "name": "invoice.exe"}}""";

    @Test
    void aSequenceBegunInOneRequestCompletesInTheNext() throws Exception {
        assertThat(mvc.post()
                        .uri("/api/v1/evaluate?rule_id=" + SEQUENCE_RULE)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(START))
                .bodyJson()
                .isLenientlyEqualTo("""
                        {"matched": false, "evaluated_rules": 1, "skipped_rules": {}}""");
        assertThat(mvc.get().uri("/api/v1/sequences/pending?key=p-9"))
                .bodyJson()
                .isLenientlyEqualTo("""
                [{"rule_id": "%s", "join_keys": ["h-1", "p-9"], "stages_matched": 1, "total_stages": 2,
                  "first_event_time": "2026-11-27T10:00:00Z", "expires_at": "2026-11-27T10:01:00Z"}]""".formatted(SEQUENCE_RULE));
        assertThat(mvc.get().uri("/api/v1/sequences/pending?key=other"))
                .bodyJson()
                .isEqualTo("[]");
        var result = mvc.post()
                .uri("/api/v1/evaluate?rule_id=" + SEQUENCE_RULE)
                .contentType(MediaType.APPLICATION_JSON)
                .content(CONNECT)
                .exchange();
        assertThat(result).hasStatusOk().bodyJson().isLenientlyEqualTo("""
                {"matched": true, "alerts": [
                  {"rule": {"building_block": true}, "sequence": {"index": 0, "join_keys": ["h-1", "p-9"]},
                   "reason": "process event with process invoice.exe, created medium alert Outbound Connection by an Unsigned Program in a User-Writable Folder."},
                  {"rule": {"building_block": true}, "sequence": {"index": 1}},
                  {"rule": {"building_block": false}, "sequence": {"join_keys": ["h-1", "p-9"],
                   "events": [{"event": {"category": ["process"]}}, {"event": {"category": ["network"]}}]}}]}""");
        String group =
                result.getResponse().getContentAsString().replaceAll("(?s).*?\"group_id\":\"([0-9a-f]+)\".*", "$1");
        assertThat(group).hasSize(64);
        assertThat(mvc.get().uri("/api/v1/state"))
                .bodyJson()
                .extractingPath("$.rules['" + SEQUENCE_RULE + "'].keys")
                .isEqualTo(0);
    }

    @Test
    void kibanaFormatGroupsTheSequence() {
        mvc.post()
                .uri("/api/v1/evaluate?rule_id=" + SEQUENCE_RULE)
                .contentType(MediaType.APPLICATION_JSON)
                .content(START)
                .exchange();
        assertThat(mvc.post()
                        .uri("/api/v1/evaluate?format=kibana&rule_id=" + SEQUENCE_RULE)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(CONNECT))
                .bodyJson()
                .isLenientlyEqualTo("""
                        {"alerts": [{"kibana.alert.group.index": 0, "kibana.alert.building_block_type": "default"},
                                    {"kibana.alert.group.index": 1}, {}]}""");
    }

    @Test
    void outsideMaxspanNothingCompletes() {
        mvc.post()
                .uri("/api/v1/evaluate?rule_id=" + SEQUENCE_RULE)
                .contentType(MediaType.APPLICATION_JSON)
                .content(START)
                .exchange();
        assertThat(mvc.post()
                        .uri("/api/v1/evaluate?rule_id=" + SEQUENCE_RULE)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(CONNECT.replace("10:00:20", "10:02:00")))
                .bodyJson()
                .extractingPath("$.matched")
                .isEqualTo(false);
    }

    @Test
    void aBatchFeedsTheSequenceInEventTimeNotArrivalOrder() {
        // the connection (line 1) is later in event time than the start (line 2): sorted, it completes the sequence
        String body = CONNECT.replace("\n", "") + "\n" + START.replace("\n", "") + "\n";
        assertThat(mvc.post()
                        .uri("/api/v1/evaluate/_batch?rule_id=" + SEQUENCE_RULE)
                        .contentType("application/x-ndjson")
                        .content(body))
                .bodyJson()
                .isLenientlyEqualTo("""
                        {"items": 2, "events": 2, "matched_events": 1, "alerts": 3,
                         "results": [{"line": 1, "alerts": [{"sequence": {"index": 0}}, {"sequence": {"index": 1}}, {}]}]}""");
    }
}
