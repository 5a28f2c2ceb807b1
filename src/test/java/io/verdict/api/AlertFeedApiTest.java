package io.verdict.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.verdict.config.ClockAndSchemaConfiguration;
import io.verdict.config.VerdictProperties;
import io.verdict.engine.Detections;
import io.verdict.engine.Detector;
import io.verdict.output.AlertOutputs;
import io.verdict.rule.RuleSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

/** The alert feed over HTTP: filters, the Kibana form, a rule changed away, dry runs left out, bad parameters. */
// the controllers alone: authentication and authorisation are tested against a started server (security/)
@AutoConfigureMockMvc(addFilters = false)
@WebMvcTest({EvaluateController.class, AlertFeedController.class, ExplainController.class, StateController.class})
@Import({EvaluateControllerTest.Rules.class, EvaluationMetrics.class, ClockAndSchemaConfiguration.class})
@EnableConfigurationProperties(VerdictProperties.class)
class AlertFeedApiTest {

    static final String RCLONE = EvaluateControllerTest.RCLONE_ID;
    static final String MAPPED = EvaluateControllerTest.MAPPED_ID;

    @Autowired
    MockMvcTester mvc;

    @Autowired
    AlertOutputs outputs;

    @Autowired
    Detections detections;

    private long newest() {
        return outputs.feed().stats().newest();
    }

    private void evaluate(String event) {
        assertThat(mvc.post()
                        .uri("/api/v1/evaluate")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(event))
                .bodyJson()
                .extractingPath("$.matched")
                .isEqualTo(true);
    }

    static String mapped(int severity) {
        return "{\"event\": {\"kind\": \"alert\", \"severity\": " + severity + "}, \"rule\": {\"name\": \"Vendor\"},"
                + " \"data_stream\": {\"type\": \"logs\", \"dataset\": \"vendor.alerts\", \"namespace\": \"default\"}}";
    }

    @Test
    void theFeedFiltersByRuleSeverityAndTime() {
        long before = newest();
        evaluate(EvaluateController.RCLONE_EVENT);
        evaluate(mapped(99));
        evaluate(mapped(73));
        assertThat(newest()).isEqualTo(before + 3);
        String after = "/api/v1/alerts?after=" + before;
        assertThat(mvc.get().uri(after)).bodyJson().isLenientlyEqualTo("""
                {"alerts": [{"seq": %d, "alert": {"rule": {"rule_id": "%s"}}}, {"seq": %d, "alert": {"severity": "critical"}},
                            {"seq": %d, "alert": {"severity": "high"}}],
                 "next": %d, "missed": 0, "notices": []}""".formatted(
                        before + 1, RCLONE, before + 2, before + 3, before + 3));
        assertThat(mvc.get().uri(after + "&rule_id=" + RCLONE))
                .bodyJson()
                .extractingPath("$.alerts[*].seq")
                .isEqualTo(List.of((int) before + 1));
        assertThat(mvc.get().uri(after + "&severity=critical,high"))
                .bodyJson()
                .extractingPath("$.alerts[*].seq")
                .isEqualTo(List.of((int) before + 2, (int) before + 3));
        assertThat(mvc.get().uri(after + "&severity=low&severity=critical"))
                .bodyJson()
                .extractingPath("$.alerts[*].seq")
                .isEqualTo(List.of((int) before + 2));
        assertThat(mvc.get().uri(after + "&limit=1"))
                .bodyJson()
                .extractingPath("$.next")
                .isEqualTo((int) before + 1);
        assertThat(mvc.get().uri(after + "&since=now-1h"))
                .bodyJson()
                .extractingPath("$.alerts.length()")
                .isEqualTo(3);
        assertThat(mvc.get().uri(after + "&since=" + Instant.now().plus(Duration.ofHours(1))))
                .bodyJson()
                .extractingPath("$.alerts.length()")
                .isEqualTo(0);
        assertThat(mvc.get().uri("/api/v1/alerts?limit=2"))
                .bodyJson()
                .extractingPath("$.alerts[*].seq")
                .as("without a cursor: the newest")
                .isEqualTo(List.of((int) before + 2, (int) before + 3));
    }

    @Test
    void theKibanaFormStillRendersAfterItsRuleIsChangedAwayAndTheUnknownRuleIsANotice() {
        long before = newest();
        evaluate(EvaluateController.RCLONE_EVENT);
        Detector previous = detections.current();
        try {
            RuleSet without = new RuleSet(
                    previous.ruleSet().rules().stream()
                            .filter(r -> !r.ruleId().equals(RCLONE))
                            .toList(),
                    List.of(),
                    List.of(),
                    1,
                    Instant.now(),
                    Duration.ZERO);
            detections.install(without);
            assertThat(mvc.get().uri("/api/v1/alerts?format=kibana&rule_id=" + RCLONE + "&after=" + before))
                    .bodyJson()
                    .isLenientlyEqualTo("""
                            {"alerts": [{"seq": %d, "alert": {"kibana.alert.rule.rule_id": "%s",
                                          "kibana.alert.rule.name": "Rclone File Transfer to a Remote Back End",
                                          "process": {"name": "TrendFileSecurityCheck.exe"}}}],
                             "notices": ["rule_id %s names no loaded rule; only alerts it released before a rule change can be listed."]}""".formatted(before + 1, RCLONE, RCLONE));
        } finally {
            detections.install(previous);
        }
    }

    @Test
    void dryRunsReleaseNothing() {
        long before = newest();
        assertThat(mvc.post()
                        .uri("/api/v1/rules/" + RCLONE + "/_explain")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(EvaluateController.RCLONE_EVENT))
                .bodyJson()
                .extractingPath("$.matched")
                .isEqualTo(true);
        assertThat(mvc.post()
                        .uri("/api/v1/state/_learn")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("[" + EvaluateController.RCLONE_EVENT + "]"))
                .hasStatusOk();
        assertThat(newest()).isEqualTo(before);
        evaluate(EvaluateController.RCLONE_EVENT);
        assertThat(newest()).isEqualTo(before + 1);
    }

    @Test
    void aBatchReleasesEachAlertOnceAlsoWhenItsAnswerIsStreamed() {
        long before = newest();
        String lines = EvaluateController.RCLONE_EVENT.replace("\n", " ") + "\n" + mapped(99) + "\n{\"x\": 1}\n";
        assertThat(mvc.post()
                        .uri("/api/v1/evaluate/_batch")
                        .contentType("application/x-ndjson")
                        .content(lines))
                .bodyJson()
                .extractingPath("$.alerts")
                .isEqualTo(2);
        assertThat(newest()).isEqualTo(before + 2);
        assertThat(mvc.post()
                        .uri("/api/v1/evaluate/_batch")
                        .contentType("application/x-ndjson")
                        .accept("application/x-ndjson")
                        .content(lines))
                .hasStatusOk();
        assertThat(newest()).isEqualTo(before + 4);
    }

    @Test
    void badParametersAreProblems() {
        assertThat(mvc.get().uri("/api/v1/alerts?severity=urgent"))
                .hasStatus(HttpStatus.BAD_REQUEST)
                .bodyJson()
                .isLenientlyEqualTo("""
                        {"type": "urn:verdict:problem:invalid-parameter", "parameter": "severity", "value": "urgent",
                         "allowed": ["low", "medium", "high", "critical"]}""");
        assertThat(mvc.get().uri("/api/v1/alerts?format=xml"))
                .hasStatus(HttpStatus.BAD_REQUEST)
                .bodyJson()
                .extractingPath("$.parameter")
                .isEqualTo("format");
        assertThat(mvc.get().uri("/api/v1/alerts?since=yesterday"))
                .hasStatus(HttpStatus.BAD_REQUEST)
                .bodyJson()
                .extractingPath("$.type")
                .isEqualTo("urn:verdict:problem:invalid-parameter");
        for (String bad : List.of("limit=0", "limit=1001", "limit=x", "after=-1", "after=x")) {
            assertThat(mvc.get().uri("/api/v1/alerts?" + bad))
                    .as(bad)
                    .hasStatus(HttpStatus.BAD_REQUEST)
                    .bodyJson()
                    .extractingPath("$.type")
                    .asString()
                    .startsWith("urn:verdict:problem:");
        }
        assertThat(mvc.get().uri("/api/v1/alerts?rule=x"))
                .hasStatus(HttpStatus.BAD_REQUEST)
                .bodyJson()
                .extractingPath("$.type")
                .isEqualTo("urn:verdict:problem:unknown-parameter");
    }
}
