package io.verdict.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.verdict.CaseFiles;
import io.verdict.Shared;
import io.verdict.event.Event;
import io.verdict.event.Schema;
import io.verdict.rule.Rule;
import io.verdict.rule.RuleDirectories;
import io.verdict.rule.RuleFixtures;
import io.verdict.rule.RuleLoader;
import io.verdict.rule.RuleSet;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlTable;

/**
 * The corpus's higher-order rules (threshold, new_terms, EQL, ES|QL over {@code .alerts-security.*}) firing from
 * Verdict's own alerts, with the whole corpus loaded (chain-cases.toml): events in, ordinary alerts, chained, the
 * higher-order alert out.
 */
class AlertChainCorpusTest {

    private static final TomlParseResult FILE = CaseFiles.toml(AlertChainCorpusTest.class, "chain-cases.toml");

    private static Detector detector;
    private static Map<String, String> ruleIdsByFile;

    @BeforeAll
    static void compile() {
        Path corpus = Shared.require("corpus/detection-rules");
        RuleSet loaded = new RuleDirectories(new RuleLoader(), Clock.systemUTC()).load(List.of(corpus));
        List<Rule> rules = new ArrayList<>(loaded.rules());
        for (TomlTable producer : CaseFiles.cases(FILE, "producers")) {
            rules.add(RuleFixtures.rule(
                    producer.getString("rule_id"),
                    producer.getString("name"),
                    producer.getString("severity"),
                    producer.getString("body")));
        }
        detector = new RuleCompiler(Schema.catalog(), Clock.systemUTC())
                .compile(new RuleSet(
                        rules, List.of(), List.of(), rules.size(), loaded.loadedAt(), java.time.Duration.ZERO));
        ruleIdsByFile = new TreeMap<>();
        for (CompiledRule rule : detector.rules()) {
            String origin = rule.rule().file() == null
                    ? ""
                    : Path.of(rule.rule().file()).getFileName().toString();
            ruleIdsByFile.put(origin.replaceFirst("\\.toml$", ""), rule.ruleId());
        }
    }

    @TestFactory
    Stream<DynamicTest> higherOrderRulesFireFromVerdictsOwnAlerts() {
        return CaseFiles.cases(FILE, "cases").stream()
                .map(c -> DynamicTest.dynamicTest(c.getString("name"), () -> run(c)));
    }

    private static void run(TomlTable c) {
        Plan plan = detector.plan(Selection.ALL, Plan.Unrouted.ALL_RULES).withState(new StateStore(10_000, 100_000));
        AlertChain chain = new AlertChain(KibanaAlerts.Settings.DEFAULT, Clock.systemUTC());
        List<Alert> chained = new ArrayList<>();
        List<Evaluation.RuleFailure> failures = new ArrayList<>();
        for (String line : events(c)) {
            Evaluation evaluation = plan.evaluate(Event.parse(line), false);
            failures.addAll(evaluation.failures());
            Evaluation higher = chain.chain(plan, evaluation.alerts(), false);
            chained.addAll(higher.alerts());
            failures.addAll(higher.failures());
            // what a higher-order rule releases later is in a later evaluation's alerts: it is not chained again
            chained.addAll(evaluation.alerts().stream()
                    .filter(a -> plan.searchesAlerts(a.rule().ruleId()))
                    .toList());
        }
        if (c.getBoolean("flush", () -> false)) {
            Evaluation flushed = plan.flush(false);
            chained.addAll(flushed.alerts().stream()
                    .filter(a -> plan.searchesAlerts(a.rule().ruleId()))
                    .toList());
            Evaluation higher = chain.chain(plan, flushed.alerts(), false);
            chained.addAll(higher.alerts());
            failures.addAll(higher.failures());
        }
        assertThat(failures).isEmpty();
        TomlArray rules = c.getArray("rules");
        TomlArray fires = c.getArray("fires");
        for (int i = 0; i < rules.size(); i++) {
            String ruleId = ruleIdsByFile.get(rules.getString(i));
            assertThat(ruleId).as("corpus rule " + rules.getString(i)).isNotNull();
            assertThat(plan.searchesAlerts(ruleId))
                    .as(rules.getString(i) + " searches the alerts index")
                    .isTrue();
            assertThat(chained.stream()
                            .filter(a -> a.rule().ruleId().equals(ruleId))
                            .count())
                    .as(rules.getString(i) + " among "
                            + chained.stream().map(a -> a.rule().name()).toList())
                    .isEqualTo(fires.getLong(i));
        }
    }

    private static List<String> events(TomlTable c) {
        TomlArray texts = c.getArray("events");
        long repeat = c.getLong("repeat", () -> 0L);
        List<String> events = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            if (repeat == 0) {
                events.add(texts.getString(i));
            }
            for (int n = 0; n < repeat; n++) {
                events.add(texts.getString(i).replace("%d", String.valueOf(n)));
            }
        }
        return events;
    }
}
