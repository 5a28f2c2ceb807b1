package io.verdict.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.verdict.cli.Cli;
import io.verdict.config.VerdictProperties;
import io.verdict.engine.Detections;
import io.verdict.engine.RuleCompiler;
import io.verdict.event.Schema;
import io.verdict.output.AlertOutputs;
import io.verdict.rule.RuleDirectories;
import io.verdict.rule.RuleLoader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The CLI's {@code evaluate} and {@code POST /api/v1/evaluate/_batch} decide a file the same way: one evaluator
 * behind both. The file ({@code engine/batch/out-of-order.ndjson}) is written in reverse time order: three sequences
 * (by {@code @timestamp}, by {@code event.ingested}, by a tiebreaker) and a threshold across it.
 */
@AutoConfigureMockMvc(addFilters = false)
@WebMvcTest(EvaluateController.class)
@Import({
    BatchAgreesWithCliTest.Rules.class,
    EvaluationMetrics.class,
    io.verdict.config.ClockAndSchemaConfiguration.class
})
@EnableConfigurationProperties(VerdictProperties.class)
class BatchAgreesWithCliTest {

    static final Path DIR = Path.of("src/test/resources/engine/batch");
    static final Path EVENTS = DIR.resolve("out-of-order.ndjson");

    @TestConfiguration
    static class Rules {
        @Bean
        Detections detections() {
            Detections detections = new Detections(new RuleCompiler(Schema.catalog(), Clock.systemUTC()));
            detections.install(
                    new RuleDirectories(new RuleLoader(), Clock.systemUTC()).load(List.of(DIR.resolve("rules"))));
            return detections;
        }

        @Bean
        AlertOutputs alertOutputs(
                VerdictProperties properties, JsonMapper json, MeterRegistry meters, Detections detections) {
            return new AlertOutputs(properties, json, meters, detections, Clock.systemUTC());
        }

        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }

    @Autowired
    MockMvcTester mvc;

    @Autowired
    JsonMapper json;

    @Test
    void theCliAndTheBatchApiGiveTheSameAlertsOnAnOutOfOrderFile() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Cli.run(
                new String[] {"evaluate", "--rules", DIR.resolve("rules").toString(), "--no-cache", EVENTS.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
        List<String> cli = new ArrayList<>();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            cli.add(alert(
                    json.readTree(line).get("line").asInt(), json.readTree(line).get("alert")));
        }

        var answer = mvc.post()
                .uri("/api/v1/evaluate/_batch")
                .contentType("application/x-ndjson")
                .accept("application/x-ndjson")
                .content(Files.readString(EVENTS))
                .exchange();
        assertThat(answer).hasStatusOk();
        List<String> api = new ArrayList<>();
        for (String line :
                answer.getResponse().getContentAsString(StandardCharsets.UTF_8).split("\n")) {
            JsonNode read = json.readTree(line);
            if (read.get("type").asString().equals("alert")) {
                api.add(alert(read.get("line").asInt(), read.get("alert")));
            }
        }

        // three sequences (two building blocks and the sequence alert each) and the threshold
        assertThat(cli).hasSize(10).containsExactlyElementsOf(api);
        assertThat(cli)
                .anyMatch(a -> a.startsWith("00000000-0000-4000-8000-0000000b0001@1"))
                .anyMatch(a -> a.startsWith("00000000-0000-4000-8000-0000000b0002@3"))
                .anyMatch(a -> a.startsWith("00000000-0000-4000-8000-0000000b0003@8"))
                .anyMatch(a -> a.startsWith("00000000-0000-4000-8000-0000000b0004@2"));
    }

    /** An alert as both answers give it: its rule, the line it is reported with, its event's time and process. */
    private static String alert(int line, JsonNode alert) {
        return alert.get("rule").get("rule_id").asString() + "@" + line + " "
                + alert.path("sequence").path("index") + " "
                + alert.path("threshold_result").path("count");
    }
}
