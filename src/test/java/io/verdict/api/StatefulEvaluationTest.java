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
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

/** Threshold and new_terms rules of rules/ decided across requests, with history fed and state reset over HTTP. */
// the controllers alone: authentication and authorisation are tested against a started server (security/)
@AutoConfigureMockMvc(addFilters = false)
@WebMvcTest({EvaluateController.class, StateController.class})
@Import({
    EvaluateControllerTest.Rules.class,
    EvaluationMetrics.class,
    io.verdict.config.ClockAndSchemaConfiguration.class
})
@EnableConfigurationProperties(VerdictProperties.class)
class StatefulEvaluationTest {

    static final String BRUTE_FORCE = "40d021c2-00a2-4419-9669-f5e34f17bc65";
    static final String FIRST_RDP = "8fb48789-f07c-4d19-ac9c-56ba7947e980";

    @Autowired
    MockMvcTester mvc;

    @BeforeEach
    void reset() {
        assertThat(mvc.delete().uri("/api/v1/state")).hasStatus(HttpStatus.NO_CONTENT);
    }

    static String failure(int second) {
        return """
                {"@timestamp": "2026-11-27T10:00:%02dZ", "event": {"category": ["authentication"], "outcome": "failure"},
                 "source": {"ip": "203.0.113.7"}, "user": {"name": "svc-backup"}, "host": {"name": "dc01"}}""".formatted(second).replace("\n", "");
    }

    @Test
    void aThresholdReachedOverTwoRequestsAlertsOnceWithItsResult() {
        StringBuilder batch = new StringBuilder();
        for (int i = 0; i < 24; i++) {
            batch.append(failure(i)).append('\n');
        }
        assertThat(mvc.post()
                        .uri("/api/v1/evaluate/_batch?rule_id=" + BRUTE_FORCE)
                        .contentType("application/x-ndjson")
                        .content(batch.toString()))
                .bodyJson()
                .isLenientlyEqualTo("""
                        {"events": 24, "alerts": 0, "evaluating_rules": 1}""");

        var alert = mvc.post()
                .uri("/api/v1/evaluate?rule_id=" + BRUTE_FORCE)
                .contentType(MediaType.APPLICATION_JSON)
                .content(failure(30))
                .exchange();
        assertThat(alert).hasStatusOk().bodyJson().isLenientlyEqualTo("""
                {"matched": true, "alerts": [{"rule": {"rule_id": "%s"},
                  "threshold_result": {"terms": [{"field": "source.ip", "value": "203.0.113.7"},
                                                 {"field": "user.name", "value": "svc-backup"}],
                                       "count": 25, "from": "2026-11-27T10:00:00Z"}}]}""".formatted(BRUTE_FORCE));
        assertThat(mvc.post()
                        .uri("/api/v1/evaluate?rule_id=" + BRUTE_FORCE)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(failure(31)))
                .bodyJson()
                .extractingPath("$.matched")
                .isEqualTo(false);
        assertThat(mvc.get().uri("/api/v1/state"))
                .bodyJson()
                .extractingPath("$.rules['" + BRUTE_FORCE + "'].groups")
                .isEqualTo(1);
    }

    static final String RDP = """
            {"@timestamp": "2026-11-27T10:00:00Z", "host": {"id": "h-7", "os": {"type": "windows"}},
             "event": {"category": ["authentication"], "code": "4624", "outcome": "success"},
             "winlog": {"logon": {"type": "RemoteInteractive"}}, "user": {"name": "j.doe"}, "source": {"ip": "198.51.100.4"}}""";

    @Test
    void aNewTermAlertsOnceAndLearnedHistoryIsNotNew() {
        assertThat(mvc.post()
                        .uri("/api/v1/evaluate?format=kibana&rule_id=" + FIRST_RDP)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(RDP))
                .bodyJson()
                .isLenientlyEqualTo("""
                        {"matched": true, "alerts": [{"kibana.alert.new_terms": ["h-7", "j.doe"]}]}""");
        assertThat(mvc.post()
                        .uri("/api/v1/evaluate?rule_id=" + FIRST_RDP)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(RDP))
                .bodyJson()
                .extractingPath("$.matched")
                .isEqualTo(false);

        reset();
        assertThat(mvc.post()
                        .uri("/api/v1/state/_learn")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("[" + RDP + ", 7]"))
                .hasStatusOk()
                .bodyJson()
                .isLenientlyEqualTo("""
                        {"events": 1, "rejected": 1, "state": {"entries": 1, "rules": {"%s": {"terms": 1}}}}""".formatted(FIRST_RDP));
        assertThat(mvc.post()
                        .uri("/api/v1/evaluate?rule_id=" + FIRST_RDP)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(RDP.replace("10:00:00", "12:00:00")))
                .bodyJson()
                .extractingPath("$.matched")
                .isEqualTo(false);
        assertThat(mvc.post()
                        .uri("/api/v1/evaluate?rule_id=" + FIRST_RDP)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(RDP.replace("j.doe", "a.admin")))
                .bodyJson()
                .extractingPath("$.alerts[0].new_terms")
                .isEqualTo(java.util.List.of("h-7", "a.admin"));
    }
}
