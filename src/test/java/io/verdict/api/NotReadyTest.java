package io.verdict.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.verdict.config.ClockAndSchemaConfiguration;
import io.verdict.config.VerdictProperties;
import io.verdict.engine.Detections;
import io.verdict.engine.RuleCompiler;
import io.verdict.event.Schema;
import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

/**
 * Between the port opening and the first rule load, the endpoints that decide events answer 503 {@code not-ready}
 * with Retry-After, not a verdict reached with no rules.
 */
// the controllers alone: authentication and authorisation are tested against a started server (security/)
@AutoConfigureMockMvc(addFilters = false)
@WebMvcTest({EvaluateController.class, ExplainController.class, StateController.class})
@Import({NotReadyTest.NoRulesYet.class, EvaluationMetrics.class, ClockAndSchemaConfiguration.class})
@EnableConfigurationProperties(VerdictProperties.class)
class NotReadyTest {

    @TestConfiguration
    static class NoRulesYet {
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
            return new Detections(new RuleCompiler(Schema.catalog(), Clock.systemUTC()));
        }

        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }

    @Autowired
    MockMvcTester mvc;

    static Stream<String> gated() {
        return Stream.of(
                "/api/v1/evaluate",
                "/api/v1/evaluate/_batch",
                "/api/v1/rules/any-rule/_explain",
                "/api/v1/state/_learn");
    }

    @ParameterizedTest
    @MethodSource("gated")
    void evaluationsBeforeTheRulesAreLoadedAre503NotReadyNotAnEmptyVerdict(String path) {
        var result = mvc.post()
                .uri(path)
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"@timestamp\": \"2026-11-27T10:15:00.000Z\", \"process\": {\"name\": \"rclone.exe\"}}")
                .exchange();
        assertThat(result)
                .hasStatus(HttpStatus.SERVICE_UNAVAILABLE)
                .hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
                .hasHeader("Retry-After", "2")
                .bodyJson()
                .isLenientlyEqualTo("{\"type\": \"urn:verdict:problem:not-ready\", \"status\": 503}");
    }

    @ParameterizedTest
    @MethodSource("readsThatDoNotWait")
    void whatDoesNotDecideEventsIsAnsweredWhileLoading(String path) {
        assertThat(mvc.get().uri(path).exchange()).hasStatusOk();
    }

    static List<String> readsThatDoNotWait() {
        return List.of("/api/v1/state");
    }
}
