package io.verdict.engine.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.verdict.engine.Alert;
import io.verdict.engine.Detector;
import io.verdict.engine.Evaluation;
import io.verdict.engine.Plan;
import io.verdict.engine.RuleCompiler;
import io.verdict.engine.Selection;
import io.verdict.engine.StateStore;
import io.verdict.event.Event;
import io.verdict.event.Schema;
import io.verdict.rule.RuleDirectories;
import io.verdict.rule.RuleLoader;
import io.verdict.rule.RuleSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The batch evaluator feeds each stateful rule in its own order: its time field ({@code timestamp_override}, else
 * {@code @timestamp}), its tiebreaker, then input order. Cases: {@code engine/batch/cases.tsv}, each an NDJSON file
 * of events posted out of that order, and the rules whose alerts it must give.
 */
class BatchEvaluatorTest {

    static final Path DIR = Path.of("src/test/resources/engine/batch");

    static Detector detector() {
        RuleSet rules = new RuleDirectories(new RuleLoader(), Clock.systemUTC()).load(List.of(DIR.resolve("rules")));
        assertThat(rules.errors()).isEmpty();
        return new RuleCompiler(Schema.catalog(), Clock.systemUTC()).compile(rules);
    }

    /** What a batch released, item by item: the rule_id of each alert with the position of its item. */
    record Released(List<String> alerts, List<String> errors) {}

    record Line(int number, String text) {}

    record Item(int position, Event event) implements BatchItem {}

    static Released run(Detector detector, Path events, long windowBytes) throws IOException {
        Plan plan = detector.plan(Selection.ALL, Plan.Unrouted.ALL_RULES).withState(new StateStore(1000, 1000));
        List<String> alerts = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        BatchListener<Line, Item, Void> listener = new BatchListener<>() {
            @Override
            public Item parse(Line raw) {
                return new Item(raw.number(), Event.parse(raw.text()));
            }

            @Override
            public Void shape(Item item, Evaluation evaluation) {
                return null;
            }

            @Override
            public void decided(Item item, Evaluation evaluation, Void shaped) {
                record(item, evaluation);
            }

            @Override
            public void rejected(Item item, RuntimeException failure) {
                errors.add(item.position() + ": " + failure);
            }

            @Override
            public boolean released(Item item, Evaluation evaluation, boolean chained) {
                record(item, evaluation);
                return true;
            }

            @Override
            public void failed(Item item, RuntimeException failure) {
                errors.add(item.position() + ": " + failure);
            }

            private void record(Item item, Evaluation evaluation) {
                for (Alert alert : evaluation.alerts()) {
                    alerts.add(alert.rule().ruleId() + "@" + item.position());
                }
                evaluation.failures().forEach(f -> errors.add(item.position() + ": " + f.message()));
            }
        };
        BatchEvaluator<Line, Item, Void> evaluator =
                new BatchEvaluator<>(plan, BatchEvaluator.Settings.of(windowBytes, false, true), null, listener);
        List<String> lines = Files.readAllLines(events);
        for (int i = 0; i < lines.size(); i++) {
            evaluator.add(new Line(i + 1, lines.get(i)), lines.get(i).length() + 1);
        }
        evaluator.finish();
        return new Released(alerts, errors);
    }

    @TestFactory
    Stream<DynamicTest> eachStatefulRuleIsFedInItsOwnOrder() throws IOException {
        Detector detector = detector();
        return Files.readAllLines(DIR.resolve("cases.tsv")).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#"))
                .map(l -> l.split("\t"))
                .map(c -> DynamicTest.dynamicTest(c[0], () -> {
                    Released released = run(detector, DIR.resolve(c[1]), Long.MAX_VALUE);
                    assertThat(released.errors()).isEmpty();
                    TreeSet<String> rules = new TreeSet<>();
                    released.alerts().forEach(a -> rules.add(a.substring(0, a.indexOf('@'))));
                    assertThat(String.join(",", rules)).isEqualTo(c[2].equals("-") ? "" : c[2]);
                }));
    }

    @Test
    void theStatefulAlertsOfAnOutOfOrderFileGoToTheItemsThatCompletedThem() throws IOException {
        Released released = run(detector(), DIR.resolve("out-of-order.ndjson"), Long.MAX_VALUE);
        assertThat(released.errors()).isEmpty();
        // a sequence's alerts (two building blocks, the sequence) go to the line of its last event in time; the
        // threshold's to the third logon in time (line 2)
        assertThat(released.alerts())
                .containsExactlyInAnyOrder(
                        "00000000-0000-4000-8000-0000000b0001@1",
                        "00000000-0000-4000-8000-0000000b0001@1",
                        "00000000-0000-4000-8000-0000000b0001@1",
                        "00000000-0000-4000-8000-0000000b0002@3",
                        "00000000-0000-4000-8000-0000000b0002@3",
                        "00000000-0000-4000-8000-0000000b0002@3",
                        "00000000-0000-4000-8000-0000000b0003@8",
                        "00000000-0000-4000-8000-0000000b0003@8",
                        "00000000-0000-4000-8000-0000000b0003@8",
                        "00000000-0000-4000-8000-0000000b0004@2");
    }

    @Test
    void aWindowOfOneEventFeedsAsItReads() throws IOException {
        // past the window the held events are fed at once: a file in reverse order then loses its sequences
        Released released = run(detector(), DIR.resolve("out-of-order.ndjson"), 1);
        assertThat(released.alerts())
                .noneMatch(a -> a.startsWith("00000000-0000-4000-8000-0000000b0001"))
                .anyMatch(a -> a.startsWith("00000000-0000-4000-8000-0000000b0004"));
    }
}
