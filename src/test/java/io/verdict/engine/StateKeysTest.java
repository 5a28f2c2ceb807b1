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
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * A rule's state split by {@link StateKeys} over partitions decides as one store does: each event fed once per key
 * to the partition that keeps the key gives the same alerts, none twice and none lost, however the keys spread.
 */
class StateKeysTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC);

    /** A rule and events (in event-time order) whose values give several keys per event, arrays included. */
    private record Case(String name, String rule, List<String> events) {}

    private static final List<Case> CASES = List.of(
            new Case(
                    "threshold over two fields with arrays",
                    """
                    type = "threshold"
                    language = "kuery"
                    query = "event.outcome:failure"
                    [rule.threshold]
                    field = ["user.name", "host.name"]
                    value = 2
                    """,
                    List.of(
                            "{'@timestamp': '2026-11-27T10:00:00Z', 'event': {'outcome': 'failure'}, 'user': {'name': ['bob', 'eve']}, 'host': {'name': 'h1'}}",
                            "{'@timestamp': '2026-11-27T10:00:01Z', 'event': {'outcome': 'failure'}, 'user': {'name': 'bob'}, 'host': {'name': ['h1', 'h2']}}",
                            "{'@timestamp': '2026-11-27T10:00:02Z', 'event': {'outcome': 'failure'}, 'user': {'name': ['eve', 'bob']}, 'host': {'name': ['h2', 'h1']}}",
                            "{'@timestamp': '2026-11-27T10:00:03Z', 'event': {'outcome': 'failure'}, 'user': {'name': 'eve'}, 'host': {'name': 'h1'}}")),
            new Case(
                    "new_terms with arrays",
                    """
                    type = "new_terms"
                    language = "kuery"
                    query = "event.outcome:success"
                    [rule.new_terms]
                    field = "new_terms_fields"
                    value = ["host.name"]
                    [[rule.new_terms.history_window_start]]
                    field = "history_window_start"
                    value = "now-7d"
                    """,
                    List.of(
                            "{'@timestamp': '2026-11-27T10:00:00Z', 'event': {'outcome': 'success'}, 'host': {'name': ['h1', 'h2']}}",
                            "{'@timestamp': '2026-11-27T10:00:01Z', 'event': {'outcome': 'success'}, 'host': {'name': ['h2', 'h3']}}",
                            "{'@timestamp': '2026-11-27T10:00:02Z', 'event': {'outcome': 'success'}, 'host': {'name': 'h4'}}")),
            new Case(
                    "sequence by a multi-valued key with until",
                    """
                    type = "eql"
                    language = "eql"
                    query = 'sequence by host.name with maxspan=5m [process where event.type == "start"] [network where true] until [process where event.type == "end"]'
                    """,
                    List.of(
                            "{'@timestamp': '2026-11-27T10:00:00Z', 'event': {'category': 'process', 'type': 'start'}, 'host': {'name': ['h1', 'h2', 'h3']}}",
                            "{'@timestamp': '2026-11-27T10:00:01Z', 'event': {'category': 'process', 'type': 'end'}, 'host': {'name': 'h3'}}",
                            "{'@timestamp': '2026-11-27T10:00:02Z', 'event': {'category': 'network'}, 'host': {'name': ['h1', 'h3']}}",
                            "{'@timestamp': '2026-11-27T10:00:03Z', 'event': {'category': 'network'}, 'host': {'name': 'h2'}}")),
            new Case(
                    "sequence without by",
                    """
                    type = "eql"
                    language = "eql"
                    query = 'sequence [process where true] [network where true]'
                    """,
                    List.of(
                            "{'@timestamp': '2026-11-27T10:00:00Z', 'event': {'category': 'process'}, 'host': {'name': 'h1'}}",
                            "{'@timestamp': '2026-11-27T10:00:02Z', 'event': {'category': 'network'}, 'host': {'name': 'h2'}}")),
            new Case(
                    "sample by a multi-valued key",
                    """
                    type = "eql"
                    language = "eql"
                    query = 'sample by host.name [process where true] [network where true]'
                    """,
                    List.of(
                            "{'@timestamp': '2026-11-27T10:00:00Z', 'event': {'category': 'process'}, 'host': {'name': ['h1', 'h2']}}",
                            "{'@timestamp': '2026-11-27T10:00:02Z', 'event': {'category': 'network'}, 'host': {'name': ['h2', 'h1']}}")));

    private static Detector detector(Rule rule) {
        return new RuleCompiler(Schema.catalog(), CLOCK)
                .compile(new RuleSet(List.of(rule), List.of(), List.of(), 1, Instant.now(), Duration.ZERO));
    }

    private static Event event(String json) {
        return Event.parse(json.replace('\'', '"'));
    }

    @TestFactory
    Stream<DynamicTest> aRuleSplitOverPartitionsByItsKeysDecidesAsOneStoreDoes() {
        return CASES.stream()
                .flatMap(c -> Stream.of(1, 2, 3, 7)
                        .map(partitions ->
                                DynamicTest.dynamicTest(c.name() + " over " + partitions + " partitions", () -> {
                                    Detector detector = detector(RuleFixtures.rule(
                                            "00000000-0000-4000-8000-0000000000c1", c.name(), "low", c.rule()));
                                    CompiledRule rule = detector.rules().get(0);
                                    assertThat(rule.coverage().stateful()).isTrue();

                                    Plan whole = detector.plan(Selection.ALL, Plan.Unrouted.ALL_RULES)
                                            .withState(new StateStore(1000, 1000));
                                    List<String> together = new ArrayList<>();
                                    c.events()
                                            .forEach(e -> whole.evaluate(event(e), false)
                                                    .alerts()
                                                    .forEach(a -> together.add(a.id().value())));

                                    StateKeys keys = StateKeys.of(detector);
                                    StateStore[] stores = new StateStore[partitions];
                                    for (int p = 0; p < partitions; p++) {
                                        stores[p] = new StateStore(1000, 1000);
                                    }
                                    List<String> split = new ArrayList<>();
                                    for (String json : c.events()) {
                                        Event event = event(json);
                                        if (!rule.matcher().matches(event)) {
                                            continue;
                                        }
                                        for (String key : keys.keys(rule, event)) {
                                            StateStore store = stores[Math.floorMod(key.hashCode(), partitions)];
                                            keys.feed(rule, event, key, store, false, CLOCK)
                                                    .forEach(a -> split.add(a.id().value()));
                                        }
                                    }

                                    assertThat(together).isNotEmpty();
                                    assertThat(split).containsExactlyInAnyOrderElementsOf(together);
                                })));
    }

    @Test
    void rulesReadingTheSameFieldsAlikeShareKeysAndARuleWithoutKeyHasOneOfItsOwn() {
        Rule threshold = RuleFixtures.rule(
                "00000000-0000-4000-8000-0000000000c2",
                "Threshold Rule",
                "low",
                CASES.get(0).rule());
        Rule sequence = RuleFixtures.rule(
                "00000000-0000-4000-8000-0000000000c3",
                "Sequence Rule",
                "low",
                CASES.get(3).rule());
        Detector detector = new RuleCompiler(Schema.catalog(), CLOCK)
                .compile(new RuleSet(
                        List.of(threshold, sequence), List.of(), List.of(), 2, Instant.now(), Duration.ZERO));
        StateKeys keys = StateKeys.of(detector);

        assertThat(keys.keys(
                        detector.rules().get(0), event(CASES.get(0).events().get(0))))
                .containsExactly(
                        "terms:user.name,host.name@\u001fbob\u001eh1", "terms:user.name,host.name@\u001feve\u001eh1");
        assertThat(keys.keys(
                        detector.rules().get(1), event(CASES.get(3).events().get(0))))
                .containsExactly("rule:" + sequence.ruleId() + "\u001f");
    }
}
