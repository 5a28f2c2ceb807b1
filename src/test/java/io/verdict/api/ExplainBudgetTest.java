package io.verdict.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.verdict.config.ClockAndSchemaConfiguration;
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
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

/**
 * Explaining decides every clause with no short cut, so a rule that is dear on an event held the request for as long
 * as it took; it runs under the rule's evaluation budget like an evaluation. A budget of a nanosecond runs out at
 * the first look at the clock, whatever the machine's speed.
 */
// the controllers alone: authentication and authorisation are tested against a started server (security/)
@AutoConfigureMockMvc(addFilters = false)
@WebMvcTest(ExplainController.class)
@Import({ExplainBudgetTest.CostlyRule.class, ClockAndSchemaConfiguration.class})
@EnableConfigurationProperties(VerdictProperties.class)
@TestPropertySource(properties = "verdict.evaluate.rule-budget=1ns")
class ExplainBudgetTest {

    static final String COSTLY_ID = "00000000-0000-4000-8000-0000000000b1";

    @TestConfiguration
    static class CostlyRule {
        @Bean
        Detections detections() {
            Rule costly = RuleFixtures.rule(COSTLY_ID, "Costly", "low", """
                    type = "eql"
                    language = "eql"
                    query = '''process where process.command_line like~ (%s)'''
                    """.formatted(IntStream.range(0, 200)
                    .mapToObj(i -> "\"*needle" + i + "x*\"")
                    .collect(Collectors.joining(", "))));
            Detections detections = new Detections(new RuleCompiler(Schema.catalog(), Clock.systemUTC()));
            detections.install(new RuleSet(List.of(costly), List.of(), List.of(), 1, Instant.now(), Duration.ZERO));
            return detections;
        }
    }

    @Autowired
    MockMvcTester mvc;

    @Test
    void explainingACostlyRuleStopsAtItsEvaluationBudgetWithA422() {
        String line = "a b ".repeat(100_000) + "needle7x";
        var result = mvc.post()
                .uri("/api/v1/rules/" + COSTLY_ID + "/_explain")
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"event\": {\"category\": \"process\"}, \"process\": {\"command_line\": \"" + line + "\"}}")
                .exchange();
        assertThat(result)
                .hasStatus(HttpStatus.UNPROCESSABLE_CONTENT)
                .hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
                .bodyJson()
                .isLenientlyEqualTo("{\"type\": \"urn:verdict:problem:budget-exceeded\"}");
    }
}
