package io.verdict.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.verdict.config.ClockAndSchemaConfiguration;
import io.verdict.config.VerdictProperties;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

// the controllers alone: authentication and authorisation are tested against a started server (security/)
@AutoConfigureMockMvc(addFilters = false)
@WebMvcTest(ExplainController.class)
@Import({EvaluateControllerTest.Rules.class, ClockAndSchemaConfiguration.class})
@EnableConfigurationProperties(VerdictProperties.class)
class ExplainControllerTest {

    @Autowired
    MockMvcTester mvc;

    @Test
    void explainsAMatchAndANonMatch() {
        var match = mvc.post()
                .uri("/api/v1/rules/" + EvaluateControllerTest.RCLONE_ID + "/_explain")
                .contentType(MediaType.APPLICATION_JSON)
                .content(EvaluateControllerTest.RCLONE)
                .exchange();
        assertThat(match).hasStatusOk().bodyJson().isLenientlyEqualTo("""
                {"rule_id": "%s", "language": "eql", "coverage": "evaluated", "routed": true, "matched": true,
                 "alert": {"severity": "medium"}, "explanation": {"result": true, "operator": "and"}}""".formatted(EvaluateControllerTest.RCLONE_ID));

        var miss = mvc.post()
                .uri("/api/v1/rules/" + EvaluateControllerTest.RCLONE_ID + "/_explain")
                .contentType(MediaType.APPLICATION_JSON)
                .content(EvaluateControllerTest.RCLONE.replace("\"windows\"", "\"Windows\""))
                .exchange();
        assertThat(miss).hasStatusOk().bodyJson().extractingPath("$.matched").isEqualTo(false);
        assertThat(miss)
                .bodyJson()
                .extractingPath("$.explanation.children[1].children[0]")
                .isEqualTo(java.util.Map.of(
                        "text",
                        "host.os.type == \"windows\"",
                        "result",
                        false,
                        "decisive",
                        true,
                        "values",
                        java.util.Map.of("host.os.type", "Windows"),
                        "hint",
                        "== is case-sensitive: the value differs only in case; : compares ignoring case"));
    }

    @Test
    void unknownRulesAndSeveralEventsForAnEventRuleAreProblems() {
        assertThat(mvc.post()
                        .uri("/api/v1/rules/nope/_explain")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{}"))
                .hasStatus(HttpStatus.NOT_FOUND);
        assertThat(mvc.post()
                        .uri("/api/v1/rules/" + EvaluateControllerTest.RCLONE_ID + "/_explain")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("[{}, {}]"))
                .hasStatus(HttpStatus.UNPROCESSABLE_CONTENT)
                .bodyJson()
                .extractingPath("$.type")
                .isEqualTo("urn:verdict:problem:not-explainable");
        assertThat(mvc.post()
                        .uri("/api/v1/rules/" + SEQUENCE + "/_explain?order=random")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{}"))
                .hasStatus(HttpStatus.BAD_REQUEST);
    }

    static final String SEQUENCE = SequenceEvaluationTest.SEQUENCE_RULE;

    private static String events(String... events) {
        return "[" + String.join(",", events) + "]";
    }

    @Test
    void aSequenceThatCompletesShowsEachStagesEventAndTheEnginesAlerts() {
        var result = mvc.post()
                .uri("/api/v1/rules/" + SEQUENCE + "/_explain")
                .contentType(MediaType.APPLICATION_JSON)
                .content(events(SequenceEvaluationTest.START, SequenceEvaluationTest.CONNECT))
                .exchange();
        assertThat(result).hasStatusOk().bodyJson().isLenientlyEqualTo("""
                {"rule_id": "%s", "coverage": "evaluated:eql_sequence", "matched": true,
                 "explanation": {"kind": "sequence", "maxspan": "1m", "completed": 1,
                   "stages": [{"stage": 1, "by": ["host.id", "process.entity_id"]}, {"stage": 2}],
                   "events": [{"index": 0, "time": "2026-11-27T10:00:00Z", "note": "offered to the sequence matcher",
                               "stages": [{"result": true}, {"result": false}]},
                              {"index": 1, "time": "2026-11-27T10:00:20Z", "stages": [{"result": false}, {"result": true}]}],
                   "keys": [{"join_keys": ["h-1", "p-9"], "pending": [],
                             "completed": [[{"stage": 1, "event": 0}, {"stage": 2, "event": 1}]],
                             "steps": ["event 0 matched stage 1 and starts a sequence",
                                       "event 1 matched stage 2 20s after stage 1 (event 0), 20s after the first; maxspan is 1m",
                                       "sequence complete: events 0, 1"]}]}}""".formatted(SEQUENCE));
        assertThat(result)
                .bodyJson()
                .extractingPath("$.explanation.alerts.length()")
                .isEqualTo(3);
        assertThat(result)
                .bodyJson()
                .extractingPath("$.explanation.alerts[2].sequence.join_keys")
                .isEqualTo(java.util.List.of("h-1", "p-9"));
    }

    @Test
    void aStageBeyondMaxspanIsNamedWithHowLateItCame() {
        String late = SequenceEvaluationTest.CONNECT.replace("10:00:20", "10:06:00");
        var result = mvc.post()
                .uri("/api/v1/rules/" + SEQUENCE + "/_explain")
                .contentType(EvaluateController.NDJSON)
                .content(SequenceEvaluationTest.START.replace("\n", " ") + "\n" + late.replace("\n", " ") + "\n")
                .exchange();
        assertThat(result).hasStatusOk().bodyJson().isLenientlyEqualTo("""
                {"matched": false, "explanation": {"completed": 0, "keys": [{"join_keys": ["h-1", "p-9"], "completed": [],
                  "pending": [], "steps": ["event 0 matched stage 1 and starts a sequence",
                  "the key's sequences expired: event 1 moved event time past their maxspan",
                  "event 1 matched stage 2, but no sequence of this key was at stage 1 then: it takes no part at this stage"]}]}}""");
    }

    @Test
    void inTheOrderGivenALaterStageFirstFindsNothingToAdvance() {
        var given = mvc.post()
                .uri("/api/v1/rules/" + SEQUENCE + "/_explain?order=given")
                .contentType(MediaType.APPLICATION_JSON)
                .content(events(SequenceEvaluationTest.CONNECT, SequenceEvaluationTest.START))
                .exchange();
        assertThat(given).hasStatusOk().bodyJson().isLenientlyEqualTo("""
                {"matched": false, "explanation": {"order": "as posted", "keys": [{"completed": [],
                  "pending": [{"stages_matched": 1, "total_stages": 2, "next_stage": 2,
                               "matched": [{"stage": 1, "event": 1, "time": "2026-11-27T10:00:00Z"}],
                               "expires_at": "2026-11-27T10:01:00Z"}]}]}}""");
        assertThat(mvc.post()
                        .uri("/api/v1/rules/" + SEQUENCE + "/_explain")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(events(SequenceEvaluationTest.CONNECT, SequenceEvaluationTest.START)))
                .bodyJson()
                .extractingPath("$.matched")
                .isEqualTo(true);
    }

    @Test
    void anEventThatMatchesNoStageSaysSo() {
        var result = mvc.post()
                .uri("/api/v1/rules/" + SEQUENCE + "/_explain")
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"@timestamp\": \"2026-11-27T10:00:00Z\", \"event\": {\"category\": \"file\"}}")
                .exchange();
        assertThat(result).hasStatusOk().bodyJson().isLenientlyEqualTo("""
                {"matched": false, "explanation": {"events": [{"index": 0, "note": "it matches no stage"}], "keys": []}}""");
        assertThat(result)
                .bodyJson()
                .extractingPath("$.explanation.events[0].stages[0].children[0].hint")
                .isEqualTo("the event's event.category is not process");
    }
}
