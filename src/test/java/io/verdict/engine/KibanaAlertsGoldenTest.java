package io.verdict.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.verdict.event.Event;
import io.verdict.event.Schema;
import io.verdict.rule.RuleLoad;
import io.verdict.rule.RuleLoader;
import io.verdict.rule.RuleSet;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Golden alert documents, one rule type a directory of {@code src/test/resources/kibana/}: {@code rule.toml},
 * {@code events.ndjson} and {@code expected.json}, the document Kibana would write for the last alert the events
 * give, written by hand from Kibana's alert builders (its {@code notes} name the function each field comes from).
 * Only the fields of {@code per_run} (JSON pointers: what a run's time or a rule's install decides) are left out
 * of the comparison.
 */
class KibanaAlertsGoldenTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Instant NOW = Instant.parse("2026-11-27T10:30:00Z");
    private static final List<String> CASES = List.of("query", "eql", "threshold", "new_terms");

    @TestFactory
    Stream<DynamicTest> goldenDocuments() {
        return CASES.stream()
                .map(name -> DynamicTest.dynamicTest(name, () -> {
                    var rule = rule(name);
                    List<String> events = read(name + "/events.ndjson")
                            .lines()
                            .filter(l -> !l.isBlank())
                            .toList();
                    ObjectNode expected = (ObjectNode) JSON.readTree(read(name + "/expected.json"));
                    assertThat(expected.path("notes").isEmpty())
                            .as("%s names where its fields come from", name)
                            .isFalse();

                    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
                    Detector detector = new RuleCompiler(Schema.catalog(), clock)
                            .compile(new RuleSet(List.of(rule), List.of(), List.of(), 1, Instant.EPOCH, Duration.ZERO));
                    Plan plan = detector.plan(Selection.ALL, Plan.Unrouted.ALL_RULES)
                            .withState(new StateStore(100_000, 1_000_000));
                    JsonNode last = null;
                    for (String line : events) {
                        Event event = Event.parse(line);
                        for (Alert alert : plan.evaluate(event, false).alerts()) {
                            last = KibanaAlerts.document(alert, rule, NOW);
                        }
                    }
                    assertThat(last).as("%s: the events give an alert", name).isNotNull();
                    JsonNode actual = JSON.readTree(JSON.writeValueAsString(last));
                    JsonNode document = expected.get("document").deepCopy();
                    for (JsonNode pointer : expected.path("per_run")) {
                        assertThat(actual.at(pointer.asString()).isMissingNode())
                                .as("%s: %s is written", name, pointer)
                                .isFalse();
                        remove(actual, pointer.asString());
                        remove(document, pointer.asString());
                    }
                    assertThat(differing(actual, document))
                            .as("%s: fields that differ", name)
                            .isEmpty();
                    assertThat(actual).isEqualTo(document);
                }));
    }

    private static io.verdict.rule.Rule rule(String name) throws IOException {
        RuleLoad load = new RuleLoader().parse(read(name + "/rule.toml"), "rules/" + name + ".toml");
        assertThat(load.errors()).isEmpty();
        return load.rule();
    }

    /** The top-level names whose values differ, each with both values, for a readable failure. */
    private static Set<String> differing(JsonNode actual, JsonNode expected) {
        Set<String> names = new TreeSet<>();
        actual.properties().forEach(e -> names.add(e.getKey()));
        expected.properties().forEach(e -> names.add(e.getKey()));
        Set<String> differing = new TreeSet<>();
        for (String name : names) {
            if (!actual.path(name).equals(expected.path(name))) {
                differing.add(name + ": " + actual.path(name) + " but Kibana writes " + expected.path(name));
            }
        }
        return differing;
    }

    private static void remove(JsonNode root, String pointer) {
        int slash = pointer.lastIndexOf('/');
        JsonNode parent = slash == 0 ? root : root.at(pointer.substring(0, slash));
        String last = pointer.substring(slash + 1);
        if (parent instanceof ObjectNode object) {
            object.remove(last);
        } else if (parent instanceof ArrayNode array) {
            array.remove(Integer.parseInt(last));
        }
    }

    private static String read(String path) throws IOException {
        try (InputStream in = KibanaAlertsGoldenTest.class.getResourceAsStream("/kibana/" + path)) {
            assertThat(in).as(path).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
