package io.verdict.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.verdict.config.VerdictProperties;
import io.verdict.engine.Detections;
import io.verdict.engine.RuleCompiler;
import io.verdict.event.Schema;
import io.verdict.rule.Rule;
import io.verdict.rule.RuleFixtures;
import io.verdict.rule.RuleSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Alerts on alerts over HTTP, as a client chains them: an event's alert posted back is decided by the rule over the
 * alerts index; that alert posted back again would make the same rule alert on its own alert, so the rule passes
 * over it, and every answer says so: the single verdict in its warnings, a batch in its notices. Verdict's own
 * chaining is off here: with it, the dropper alert the posted document's original event makes would be chained to
 * the rule over alerts as well, which is not what this test is about.
 */
@AutoConfigureMockMvc(addFilters = false)
@WebMvcTest(value = EvaluateController.class, properties = "verdict.alerts.chain=false")
@Import({AlertLoopApiTest.Rules.class, EvaluationMetrics.class, io.verdict.config.ClockAndSchemaConfiguration.class})
@EnableConfigurationProperties(VerdictProperties.class)
class AlertLoopApiTest {

    static final Rule DROPPER =
            RuleFixtures.rule("00000000-0000-4000-8000-00000000a0b1", "Dropper Started", "high", """
            type = "query"
            language = "kuery"
            index = ["logs-endpoint.events.process-*"]
            query = "process.name:drop.exe"
            """);
    static final Rule HIGH_ALERTS =
            RuleFixtures.rule("00000000-0000-4000-8000-00000000a0b2", "High Alert On Host", "critical", """
            type = "query"
            language = "kuery"
            index = [".alerts-security.*"]
            query = "kibana.alert.severity:(high or critical) and host.name:*"
            """);
    static final String EVENT = """
            {"_index": ".ds-logs-endpoint.events.process-default-2026.11.27-000001", "_id": "proc-1",
             "@timestamp": "2026-11-27T10:00:00.000Z", "event": {"category": ["process"], "type": ["start"], "kind": "event"},
             "host": {"name": "ws-1"}, "process": {"name": "drop.exe"}}""";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TestConfiguration
    static class Rules {
        @Bean
        io.verdict.output.AlertOutputs alertOutputs(
                VerdictProperties properties,
                tools.jackson.databind.json.JsonMapper json,
                MeterRegistry meters,
                Detections detections) {
            return new io.verdict.output.AlertOutputs(
                    properties, json, meters, detections, java.time.Clock.systemUTC());
        }

        @Bean
        Detections detections() {
            Detections detections = new Detections(new RuleCompiler(Schema.catalog(), Clock.systemUTC()));
            detections.install(
                    new RuleSet(List.of(DROPPER, HIGH_ALERTS), List.of(), List.of(), 2, Instant.now(), Duration.ZERO));
            return detections;
        }

        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }

    @Autowired
    MockMvcTester mvc;

    private JsonNode post(String uri, String contentType, String body) throws Exception {
        var result = mvc.post()
                .uri(uri)
                .contentType(MediaType.parseMediaType(contentType))
                .content(body)
                .exchange();
        assertThat(result).hasStatusOk();
        return JSON.readTree(result.getResponse().getContentAsString());
    }

    /** The Kibana document of the alert {@code ruleId} makes of {@code body}, as the alerts index would hold it. */
    private String alertOf(String body, String ruleId) throws Exception {
        JsonNode verdict = post(
                "/api/v1/evaluate?format=kibana&rule_id=" + DROPPER.ruleId() + "," + HIGH_ALERTS.ruleId(),
                "application/json",
                body);
        for (JsonNode alert : verdict.get("alerts")) {
            if (alert.path("kibana.alert.rule.rule_id").asString().equals(ruleId)) {
                return alert.toString();
            }
        }
        throw new AssertionError("no alert of " + ruleId + " in " + verdict);
    }

    @Test
    void anAlertThatWouldLoopBackToItsRuleIsPassedOverAndEveryAnswerSaysSo() throws Exception {
        String parent = alertOf(EVENT, DROPPER.ruleId());
        String child = alertOf(parent, HIGH_ALERTS.ruleId());

        JsonNode single = post("/api/v1/evaluate", "application/json", child);
        assertThat(single.get("alerts").findValuesAsString("rule_id")).doesNotContain(HIGH_ALERTS.ruleId());
        assertThat(single.get("warnings").toString())
                .contains(HIGH_ALERTS.ruleId())
                .contains("loop back");

        JsonNode batch = post("/api/v1/evaluate/_batch", "application/x-ndjson", child + "\n" + child + "\n");
        assertThat(batch.get("notices").toString())
                .contains("rule " + HIGH_ALERTS.ruleId() + " (2 documents)")
                .contains("loop back");

        JsonNode quiet = post("/api/v1/evaluate/_batch", "application/x-ndjson", parent + "\n");
        assertThat(quiet.has("notices"))
                .as("an alert on an alert that does not loop is no notice")
                .isFalse();
    }
}
