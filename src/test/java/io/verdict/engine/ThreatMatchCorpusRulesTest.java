package io.verdict.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.verdict.Shared;
import io.verdict.event.Event;
import io.verdict.event.FieldPath;
import io.verdict.event.Schema;
import io.verdict.rule.RuleDirectories;
import io.verdict.rule.RuleLoader;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The six indicator match rules of the Elastic corpus (and two written here: a two-entry group, a negated entry)
 * against hand-made indicator and event documents shaped as the threat-intel integrations and Elastic's agents
 * write them. Each case of {@code threat/cases.json} is a sequence of steps (a document posted as an event, or a
 * batch of indicators taken through the indicator intake) with the alerts expected from them all, each by rule,
 * event and enrichments ({@code matched.field}, {@code matched.atomic}, {@code matched.id}), and the indicator
 * documents expected to be rejected with their reason. Every case runs twice: event by event as a single request
 * does, and decided then fed in order as a batch does.
 */
class ThreatMatchCorpusRulesTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Map<String, String> RULES = Map.of(
            "address", "0c41e478-5263-4c69-8f9e-7dfd2c22da64",
            "email", "fcf18de8-ad7d-4d01-b3f7-a11d5b3883af",
            "hash", "aab184d3-72b3-4639-b242-6597c99d8bca",
            "registry", "a61809f3-fb5b-465c-8bff-23a8a068ac60",
            "url", "f3e22c8b-ea47-45d1-b502-b57b6de950b3",
            "rapid7", "3a657da0-1df2-11ef-a327-f661ea17fbcc",
            "pair", "5b0c4e1a-7f3e-4c2d-9a61-0d3f8e2b7c11",
            "negate", "9e7d2c4b-1a5f-4e8b-b3c6-2f4a6d8e0b13");
    private static final FieldPath ID = FieldPath.of("_id");

    private static Detector detector;

    @BeforeAll
    static void compile() throws URISyntaxException {
        Path corpus = Shared.require("corpus/detection-rules/rules/threat_intel");
        Path own = Path.of(
                ThreatMatchCorpusRulesTest.class.getResource("/threat/rules").toURI());
        var set = new RuleDirectories(new RuleLoader(), Clock.systemUTC()).load(List.of(corpus, own));
        detector = new RuleCompiler(Schema.catalog(), Clock.systemUTC()).compile(set);
    }

    @Test
    void theCorpusIndicatorMatchRulesAreEvaluated() {
        assertThat(RuleCompiler.queryProblems(detector)).isEmpty();
        assertThat(detector.coverage()).containsEntry("evaluated:threat_match", 8);
        RULES.values().forEach(id -> assertThat(detector.find(id)).as(id).isPresent());
    }

    @TestFactory
    Stream<DynamicContainer> cases() throws IOException {
        JsonNode cases = JSON.readTree(getClass().getResourceAsStream("/threat/cases.json"));
        List<DynamicContainer> out = new ArrayList<>();
        for (JsonNode c : cases) {
            out.add(DynamicContainer.dynamicContainer(
                    c.get("name").asString(),
                    Stream.of(
                            DynamicTest.dynamicTest("event by event", () -> run(c, false)),
                            DynamicTest.dynamicTest("as a batch", () -> run(c, true)))));
        }
        return out.stream();
    }

    private static void run(JsonNode c, boolean batch) {
        Plan plan = detector.plan(Selection.ALL, Plan.Unrouted.ALL_RULES).withState(new StateStore(100_000, 1_000_000));
        List<Alert> alerts = new ArrayList<>();
        TreeSet<String> rejected = new TreeSet<>();
        for (JsonNode step : c.get("steps")) {
            if (step.has("post")) {
                Event event = Event.parse(step.get("post").toString());
                if (batch) {
                    Plan.Decided decided = plan.decide(event, false);
                    assertThat(decided.evaluation().failures()).isEmpty();
                    alerts.addAll(decided.evaluation().alerts());
                    Evaluation fed = plan.feed(event, decided.stateful(), false);
                    assertThat(fed.failures()).isEmpty();
                    alerts.addAll(fed.alerts());
                } else {
                    Evaluation evaluation = plan.evaluate(event, false);
                    assertThat(evaluation.failures()).isEmpty();
                    alerts.addAll(evaluation.alerts());
                }
            } else {
                List<Event> documents = new ArrayList<>();
                step.get("indicators").forEach(d -> documents.add(Event.parse(d.toString())));
                IndicatorIntake intake = plan.ingestIndicators(documents, false);
                intake.rejected()
                        .forEach(r -> rejected.add(r.id() + " "
                                + r.reason().substring(0, r.reason().indexOf(':'))));
                alerts.addAll(intake.alerts());
            }
        }
        TreeSet<String> expected = new TreeSet<>();
        for (JsonNode a : c.get("expect")) {
            expected.add(
                    describe(RULES.get(a.get("rule").asString()), a.get("event").asString(), a.get("enrichments")));
        }
        TreeSet<String> actual = new TreeSet<>();
        for (Alert alert : alerts) {
            actual.add(describe(
                    alert.rule().ruleId(),
                    alert.source().firstValue(ID).asString(),
                    JSON.valueToTree(alert.threatEnrichments().stream()
                            .map(e -> {
                                @SuppressWarnings("unchecked")
                                Map<String, Object> matched = (Map<String, Object>) e.get("matched");
                                assertThat(matched.get("type")).isEqualTo("indicator_match_rule");
                                return List.of(matched.get("field"), matched.get("atomic"), matched.get("id"));
                            })
                            .toList())));
        }
        assertThat(actual).as("alerts").containsExactlyElementsOf(expected);
        TreeSet<String> expectedRejections = new TreeSet<>();
        c.get("rejected")
                .forEach(r -> expectedRejections.add(
                        r.get(0).asString() + " " + r.get(1).asString()));
        assertThat(rejected).as("rejected indicators").containsExactlyElementsOf(expectedRejections);
    }

    private static String describe(String ruleId, String eventId, JsonNode enrichments) {
        return ruleId + " " + eventId + " " + enrichments;
    }
}
