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
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Which requirements a bucket keeps per rule: a rule with a selective literal (a narrow field's, shared by few
 * rules) is found by it alone, a broad field's literal beside it left to the rule's matcher; a rule with none
 * keeps its broad ones; a rule with two selective ones needs both. Either way the indexed plan answers as the scan.
 */
class RuleIndexKeptTest {

    private static final String PROCESS =
            "{\"event\": {\"category\": \"process\", \"type\": \"%s\"}, \"host\": {\"os\": "
                    + "{\"type\": \"%s\"}}, \"process\": {\"name\": \"%s\", \"parent\": {\"name\": \"%s\"}}}";

    private final Detector detector = detector();

    @Test
    void aSelectiveLiteralAloneFindsTheRule() {
        // host.os.type is broad: a Linux event naming a1.exe is a candidate of "narrow 1", which then says no
        assertThat(candidates("start", "linux", "a1.exe", "x")).containsExactly("narrow 1");
        assertThat(candidates("start", "windows", "a1.exe", "x")).containsExactly("narrow 1", "broad");
        assertThat(candidates("start", "windows", "other.exe", "x")).containsExactly("broad");
        assertSameAsScan("start", "linux", "a1.exe", "x");
        assertSameAsScan("start", "windows", "a1.exe", "x");
    }

    @Test
    void aRuleOfBroadLiteralsOnlyKeepsThem() {
        assertThat(candidates("end", "windows", "other.exe", "x")).isEmpty();
        assertThat(candidates("start", "linux", "other.exe", "x")).isEmpty();
        assertSameAsScan("start", "windows", "other.exe", "x");
    }

    @Test
    void twoSelectiveLiteralsAreBothNeeded() {
        assertThat(candidates("start", "linux", "b.exe", "x")).isEmpty();
        assertThat(candidates("start", "linux", "b.exe", "p.exe")).containsExactly("two");
        assertSameAsScan("start", "linux", "b.exe", "p.exe");
    }

    private List<String> candidates(String type, String os, String name, String parent) {
        Event event = Event.parse(PROCESS.formatted(type, os, name, parent), detector.fields());
        RuleIndex index = new RuleIndex(detector.rules(), true);
        RuleIndex.Candidates found = index.candidates(event);
        return Arrays.stream(found.positions, 0, found.count)
                .mapToObj(p -> detector.rules().get(p).rule().name())
                .collect(Collectors.toList());
    }

    private void assertSameAsScan(String type, String os, String name, String parent) {
        Event event = Event.parse(PROCESS.formatted(type, os, name, parent), detector.fields());
        Evaluation scan = detector.plan(Selection.ALL, Plan.Unrouted.ALL_RULES, Plan.Dispatch.SCAN)
                .withState(new StateStore(100_000, 1_000_000))
                .evaluate(event, false);
        assertThat(detector.plan(Selection.ALL, Plan.Unrouted.ALL_RULES)
                        .withState(new StateStore(100_000, 1_000_000))
                        .evaluate(event, false))
                .isEqualTo(scan);
    }

    private static Detector detector() {
        List<Rule> rules = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            rules.add(rule(
                    rules.size(),
                    "narrow " + i,
                    "process where host.os.type == \"windows\" and process.name == \"a" + i + ".exe\""));
        }
        rules.add(rule(rules.size(), "broad", "process where host.os.type == \"windows\" and event.type == \"start\""));
        rules.add(
                rule(
                        rules.size(),
                        "two",
                        "process where process.name == \"b.exe\" and process.parent.name == \"p.exe\" and host.os.type == \"linux\""));
        for (int i = 1; i <= 3; i++) { // more rules reading event.type and process.parent.name, so they are shared
            rules.add(rule(
                    rules.size(),
                    "filler " + i,
                    "process where event.type == \"end\" and process.parent.name == \"f" + i
                            + ".exe\" and process.name == \"g" + i + ".exe\""));
        }
        return new RuleCompiler(Schema.catalog(), Clock.systemUTC())
                .compile(new RuleSet(rules, List.of(), List.of(), rules.size(), Instant.now(), Duration.ZERO));
    }

    private static Rule rule(int n, String name, String query) {
        return RuleFixtures.rule("00000000-0000-4000-8000-%012d".formatted(n + 1), name, "low", """
                type = "eql"
                language = "eql"
                query = '%s'
                """.formatted(query));
    }
}
