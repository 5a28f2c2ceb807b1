package io.verdict.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.verdict.event.Event;
import io.verdict.event.Schema;
import io.verdict.rule.Rule;
import io.verdict.rule.RuleFixtures;
import io.verdict.rule.RuleSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The state of every kind of stateful rule survives a snapshot written as JSON and read back into a new store. */
class StateStoreSnapshotTest {

    static final Rule THRESHOLD = RuleFixtures.rule("00000000-0000-4000-8000-0000000000d1", "Two Failures", "low", """
            type = "threshold"
            language = "kuery"
            query = "event.outcome:failure"
            [rule.threshold]
            field = ["user.name"]
            value = 2
            """);
    static final Rule NEW_TERMS = RuleFixtures.newTermsOnHost("00000000-0000-4000-8000-0000000000d2", "New Host");
    static final Rule SEQUENCE =
            RuleFixtures.rule("00000000-0000-4000-8000-0000000000d3", "Start Then Connect", "low", """
            type = "eql"
            language = "eql"
            query = 'sequence by host.name with maxspan=5m [process where true] [network where true]'
            """);

    private final JsonMapper json = JsonMapper.builder().build();
    private final Detector detector = new RuleCompiler(Schema.catalog(), Clock.systemUTC())
            .compile(new RuleSet(
                    List.of(THRESHOLD, NEW_TERMS, SEQUENCE), List.of(), List.of(), 3, Instant.now(), Duration.ZERO));

    private static Event event(String json) {
        return Event.parse(json);
    }

    private List<String> names(Plan plan, String event) {
        return plan.evaluate(event(event), false).alerts().stream()
                .map(a -> a.rule().name())
                .toList();
    }

    @Test
    void stateWrittenAndReadBackCompletesWhatWasBegun() {
        StateStore before = new StateStore(1000, 1000);
        Plan first = detector.plan(Selection.ALL, Plan.Unrouted.ALL_RULES).withState(before);
        assertThat(
                        names(
                                first,
                                "{\"@timestamp\": \"2026-11-27T10:00:00Z\", \"event\": {\"outcome\": \"failure\"}, \"user\": {\"name\": \"bob\"}}"))
                .isEmpty();
        assertThat(
                        names(
                                first,
                                "{\"@timestamp\": \"2026-11-27T10:00:00Z\", \"event\": {\"outcome\": \"success\"}, \"host\": {\"name\": \"h1\"}}"))
                .containsExactly("New Host");
        assertThat(
                        names(
                                first,
                                "{\"@timestamp\": \"2026-11-27T10:00:01Z\", \"event\": {\"category\": \"process\"}, \"host\": {\"name\": \"h2\"}}"))
                .isEmpty();

        String written = json.writeValueAsString(before.snapshot());
        List<Map<String, Object>> read = json.readValue(written, new TypeReference<List<Map<String, Object>>>() {});
        StateStore after = new StateStore(1000, 1000);
        List<String> problems = new ArrayList<>();
        List<String> restored = after.restore(read, detector, (data, type) -> json.convertValue(data, type), problems);

        assertThat(problems).isEmpty();
        assertThat(Set.copyOf(restored))
                .containsExactlyInAnyOrder(THRESHOLD.ruleId(), NEW_TERMS.ruleId(), SEQUENCE.ruleId());
        Plan second = detector.plan(Selection.ALL, Plan.Unrouted.ALL_RULES).withState(after);
        assertThat(
                        names(
                                second,
                                "{\"@timestamp\": \"2026-11-27T10:00:30Z\", \"event\": {\"outcome\": \"failure\"}, \"user\": {\"name\": \"bob\"}}"))
                .containsExactly("Two Failures");
        assertThat(
                        names(
                                second,
                                "{\"@timestamp\": \"2026-11-27T10:01:00Z\", \"event\": {\"outcome\": \"success\"}, \"host\": {\"name\": \"h1\"}}"))
                .isEmpty();
        assertThat(
                        names(
                                second,
                                "{\"@timestamp\": \"2026-11-27T10:01:30Z\", \"event\": {\"category\": \"network\"}, \"host\": {\"name\": \"h2\"}}"))
                .containsExactly("Start Then Connect", "Start Then Connect", "Start Then Connect");
    }

    @Test
    void aChangedRuleOrACorruptEntryStartsEmpty() {
        StateStore before = new StateStore(1000, 1000);
        detector.plan(Selection.ALL, Plan.Unrouted.ALL_RULES)
                .withState(before)
                .evaluate(event("{\"event\": {\"outcome\": \"success\"}, \"host\": {\"name\": \"h1\"}}"), false);
        List<Map<String, Object>> read = json.readValue(
                json.writeValueAsString(before.snapshot()), new TypeReference<List<Map<String, Object>>>() {});
        List<Map<String, Object>> tampered = new ArrayList<>();
        for (Map<String, Object> entry : read) {
            Map<String, Object> copy = new java.util.HashMap<>(entry);
            copy.put("data", List.of(Map.of("terms", "not a list")));
            tampered.add(copy);
        }
        List<String> problems = new ArrayList<>();
        StateStore after = new StateStore(1000, 1000);
        assertThat(after.restore(tampered, detector, (data, type) -> json.convertValue(data, type), problems))
                .isEmpty();
        assertThat(problems).singleElement().asString().startsWith(NEW_TERMS.ruleId() + ":");

        Map<String, Object> otherDefinition = new java.util.HashMap<>(read.get(0));
        otherDefinition.put("fingerprint", "0");
        assertThat(after.restore(
                        List.of(otherDefinition), detector, (data, type) -> json.convertValue(data, type), problems))
                .isEmpty();
    }

    @Test
    void theTotalBoundIsSharedAmongTheStatefulRules() {
        StateStore store = new StateStore(100, 100, 15, 0);
        store.retain(detector);
        Plan plan = detector.plan(Selection.ALL, Plan.Unrouted.ALL_RULES).withState(store);
        for (int i = 0; i < 20; i++) {
            plan.evaluate(
                    event("{\"event\": {\"outcome\": \"failure\"}, \"user\": {\"name\": \"u" + i + "\"}}"), false);
            plan.evaluate(
                    event("{\"event\": {\"outcome\": \"success\"}, \"host\": {\"name\": \"h" + i + "\"}}"), false);
        }
        // three stateful rules share 15: five groups or terms each, the least recently used forgotten
        assertThat(store.stats().get(THRESHOLD.ruleId()))
                .containsEntry("groups", 5L)
                .containsEntry("evictions", 15L);
        assertThat(store.stats().get(NEW_TERMS.ruleId())).containsEntry("terms", 5L);
        assertThat(store.size()).isLessThanOrEqualTo(15);
    }
}
