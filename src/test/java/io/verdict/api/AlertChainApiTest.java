package io.verdict.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.verdict.Shared;
import io.verdict.config.ClockAndSchemaConfiguration;
import io.verdict.config.VerdictProperties;
import io.verdict.engine.Detections;
import io.verdict.engine.RuleCompiler;
import io.verdict.event.Schema;
import io.verdict.output.AlertOutputs;
import io.verdict.rule.RuleDirectories;
import io.verdict.rule.RuleLoader;
import io.verdict.rule.RuleSet;
import java.time.Clock;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

/**
 * A corpus higher-order rule firing from Verdict's own alerts over HTTP: Elastic's "Potential Buffer Overflow
 * Attack Detected" (a threshold of 100 "Segfault Detected" alerts on one Linux host) over the alerts the corpus's
 * segfault building block makes of posted syslog lines. The higher-order alert is in the answer that released it
 * and in the feed, and is not chained again.
 */
@AutoConfigureMockMvc(addFilters = false)
@WebMvcTest({EvaluateController.class, StateController.class, AlertFeedController.class})
@Import({AlertChainApiTest.Rules.class, EvaluationMetrics.class, ClockAndSchemaConfiguration.class})
@EnableConfigurationProperties(VerdictProperties.class)
class AlertChainApiTest {

    static final String CORPUS = "corpus/detection-rules/";
    static final String SEGFAULT = CORPUS + "rules_building_block/execution_linux_segfault.toml";
    static final String OVERFLOW = CORPUS + "rules/linux/privilege_escalation_potential_bufferoverflow_attack.toml";
    static final String OVERFLOW_ID = "b7c05aaf-78c2-4558-b069-87fa25973489";

    @TestConfiguration
    static class Rules {
        @Bean
        Detections detections() {
            Detections detections = new Detections(new RuleCompiler(Schema.catalog(), Clock.systemUTC()));
            if (Shared.present(SEGFAULT) && Shared.present(OVERFLOW)) {
                RuleSet rules = new RuleDirectories(new RuleLoader(), Clock.systemUTC())
                        .load(List.of(Shared.require(SEGFAULT), Shared.require(OVERFLOW)));
                detections.install(rules);
            }
            return detections;
        }

        @Bean
        AlertOutputs alertOutputs(
                VerdictProperties properties,
                tools.jackson.databind.json.JsonMapper json,
                MeterRegistry meters,
                Detections detections) {
            return new AlertOutputs(properties, json, meters, detections, java.time.Clock.systemUTC());
        }

        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }

    @Autowired
    MockMvcTester mvc;

    @Autowired
    Detections detections;

    @BeforeEach
    void corpus() {
        Shared.require(SEGFAULT);
        Shared.require(OVERFLOW);
        assertThat(detections.current().rules()).as("both corpus rules load").hasSize(2);
        assertThat(mvc.delete().uri("/api/v1/state")).hasStatus(HttpStatus.NO_CONTENT);
    }

    static String segfault(int n) {
        return ("""
                {"_id": "segv-%d", "@timestamp": "2026-11-27T10:00:00.000Z",
                 "data_stream": {"type": "logs", "dataset": "system.syslog", "namespace": "default"},
                 "event": {"dataset": "system.syslog", "ingested": "2026-11-27T10:00:01.000Z"},
                 "host": {"id": "lin-host-1", "name": "lin1", "os": {"type": "linux"}}, "process": {"name": "kernel"},
                 "message": "app[%d]: segfault at 0 ip 00007f sp 00007ffc error 4"}""").formatted(n, n).replace("\n", "");
    }

    @Test
    void theHundredthSegfaultAlertOfAHostFiresTheCorpusThresholdRuleOverAlerts() {
        String batch =
                IntStream.range(0, 99).mapToObj(AlertChainApiTest::segfault).collect(Collectors.joining("\n"));
        var first = mvc.post()
                .uri("/api/v1/evaluate/_batch")
                .contentType("application/x-ndjson")
                .content(batch + "\n")
                .exchange();
        assertThat(first).hasStatusOk().bodyJson().extractingPath("$.alerts").isEqualTo(99);

        var hundredth = mvc.post()
                .uri("/api/v1/evaluate")
                .contentType("application/json")
                .content(segfault(99))
                .exchange();
        assertThat(hundredth)
                .hasStatusOk()
                .bodyJson()
                .extractingPath("$.alerts")
                .asList()
                .hasSize(2);
        assertThat(hundredth)
                .bodyJson()
                .extractingPath("$.alerts[1].rule.name")
                .isEqualTo("Potential Buffer Overflow Attack Detected");
        assertThat(hundredth)
                .bodyJson()
                .extractingPath("$.alerts[1].threshold_result.count")
                .isEqualTo(100);

        var feed = mvc.get()
                .uri("/api/v1/alerts?format=kibana&rule_id=" + OVERFLOW_ID)
                .exchange();
        assertThat(feed)
                .hasStatusOk()
                .bodyJson()
                .extractingPath("$.alerts[0].alert['kibana.alert.threshold_result'].count")
                .isEqualTo(100);
        assertThat(feed)
                .bodyJson()
                .extractingPath("$.alerts[0].alert['kibana.alert.rule.rule_id']")
                .isEqualTo(OVERFLOW_ID);
    }

    @Test
    void ninetyNineSegfaultAlertsStayBelowTheThreshold() {
        String batch =
                IntStream.range(0, 99).mapToObj(AlertChainApiTest::segfault).collect(Collectors.joining("\n"));
        var answer = mvc.post()
                .uri("/api/v1/evaluate/_batch")
                .contentType("application/x-ndjson")
                .content(batch + "\n")
                .exchange();
        assertThat(answer).hasStatusOk().bodyJson().extractingPath("$.alerts").isEqualTo(99);
        assertThat(answer)
                .bodyJson()
                .extractingPath("$.results[*].alerts[*].rule.rule_id")
                .asList()
                .doesNotContain(OVERFLOW_ID);
    }
}
