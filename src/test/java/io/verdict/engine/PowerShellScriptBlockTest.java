package io.verdict.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.verdict.event.Event;
import io.verdict.event.Schema;
import io.verdict.kql.ScriptBlockRules;
import io.verdict.rule.RuleDirectories;
import io.verdict.rule.RuleLoader;
import io.verdict.rule.RuleSet;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The corpus's PowerShell script-block rules against {@code powershell-script-blocks.ndjson}: script blocks as
 * Elastic's windows integration ships them (event 4104 of the PowerShell/Operational channel), written to look like
 * offensive tooling described in public write-ups, and benign administration scripts. Each line names the rules
 * its block must fire ({@code fires}) and the others it fires as well, rightly ({@code also_fires}); a benign
 * block names none. Rules are compiled and events evaluated as the service does (rule compiler, plan, evaluate).
 *
 * <p>The events carry the integration's script-block statistics; {@link #statisticsAgreeWithTheText} recomputes
 * them: length in UTF-16 characters, entropy as the mean surprisal {@code -log2 p(c)} of the text's characters,
 * and the population standard deviation of that surprisal.
 */
class PowerShellScriptBlockTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<ScriptBlockRules.ScriptBlockRule> rules;
    private static Detector detector;
    private static Plan plan;
    private static Map<String, String> stemsById;

    record Case(String name, Set<String> fires, Set<String> alsoFires, ObjectNode event) {
        boolean benign() {
            return fires.isEmpty() && alsoFires.isEmpty();
        }
    }

    @BeforeAll
    static void compile() {
        rules = ScriptBlockRules.all();
        RuleSet set = new RuleDirectories(new RuleLoader(), Clock.systemUTC())
                .load(rules.stream().map(ScriptBlockRules.ScriptBlockRule::file).toList());
        assertThat(set.errors()).isEmpty();
        detector = new RuleCompiler(Schema.catalog(), Clock.systemUTC()).compile(set);
        plan = detector.plan(Selection.ALL, Plan.Unrouted.ALL_RULES).withState(new StateStore(100_000, 1_000_000));
        stemsById = new HashMap<>();
        set.rules().forEach(r -> stemsById.put(r.ruleId(), stem(r.file())));
    }

    /** 34 rules compare the script block's text; one more tests only its statistics (high entropy). */
    @Test
    void everyScriptBlockRuleCompilesWithoutAProblemOrWarning() {
        assertThat(rules).hasSize(35);
        assertThat(rules.stream().filter(r -> !r.textLiterals().isEmpty())).hasSize(34);
        assertThat(RuleCompiler.queryProblems(detector)).isEmpty();
        assertThat(RuleCompiler.queryWarnings(detector)).isEmpty();
        assertThat(detector.coverage()).containsExactlyEntriesOf(Map.of("evaluated", 35));
        System.out.println("script-block rules: "
                + rules.stream().map(ScriptBlockRules.ScriptBlockRule::stem).toList());
        System.out.println("catalog knows the script-block statistics: "
                + Stream.of("entropy_bits", "length", "surprisal_stdev")
                        .collect(Collectors.toMap(
                                s -> s, s -> Schema.catalog().knows("powershell.file.script_block_" + s))));
    }

    @TestFactory
    Stream<DynamicTest> eachBlockFiresExactlyTheRulesItStates() throws IOException {
        return cases().stream()
                .map(c -> DynamicTest.dynamicTest(c.name(), () -> {
                    assertThat(c.fires().stream().filter(c.alsoFires()::contains))
                            .as("in fires and also_fires")
                            .isEmpty();
                    Set<String> expected = new TreeSet<>(c.fires());
                    expected.addAll(c.alsoFires());
                    assertThat(fired(c.event())).isEqualTo(expected);
                }));
    }

    @Test
    void atLeastTwentyRulesFireAndEveryStatedRuleIsAScriptBlockRule() throws IOException {
        Set<String> known =
                rules.stream().map(ScriptBlockRules.ScriptBlockRule::stem).collect(Collectors.toSet());
        Set<String> stated = new TreeSet<>();
        cases().forEach(c -> {
            stated.addAll(c.fires());
            stated.addAll(c.alsoFires());
        });
        assertThat(known).containsAll(stated);
        Set<String> intended =
                cases().stream().flatMap(c -> c.fires().stream()).collect(Collectors.toCollection(TreeSet::new));
        System.out.println("rules fired by the malicious blocks: " + intended.size() + " of " + known.size()
                + "; never fired: "
                + known.stream().filter(r -> !stated.contains(r)).sorted().toList());
        assertThat(intended).hasSizeGreaterThanOrEqualTo(20);
        assertThat(cases().stream().filter(Case::benign).count()).isGreaterThanOrEqualTo(10);
    }

    @Test
    void statisticsAgreeWithTheText() throws IOException {
        for (Case c : cases()) {
            JsonNode file = c.event().path("powershell").path("file");
            String text = file.path("script_block_text").asString();
            Map<Integer, Integer> counts = new HashMap<>();
            text.chars().forEach(ch -> counts.merge(ch, 1, Integer::sum));
            int n = text.length();
            double[] surprisal = text.chars()
                    .mapToDouble(ch -> -Math.log((double) counts.get(ch) / n) / Math.log(2))
                    .toArray();
            double mean = Arrays.stream(surprisal).average().orElse(0);
            double stdev = Math.sqrt(
                    Arrays.stream(surprisal).map(s -> (s - mean) * (s - mean)).sum() / n);
            assertThat(file.path("script_block_length").asInt()).as(c.name()).isEqualTo(n);
            assertThat(file.path("script_block_entropy_bits").asDouble())
                    .as(c.name())
                    .isCloseTo(mean, Offset.offset(1e-5));
            assertThat(file.path("script_block_surprisal_stdev").asDouble())
                    .as(c.name())
                    .isCloseTo(stdev, Offset.offset(1e-5));
            assertThat(file.path("script_block_unique_symbols").asInt())
                    .as(c.name())
                    .isEqualTo(counts.size());
        }
    }

    /**
     * The statistics fields are compared as numbers, as their {@code long}/{@code float} mapping makes
     * Elasticsearch compare them: a length of 999 is not above 1000 although the string "999" sorts after "1000",
     * and an entropy of 10 is at least 4.5 although "10" sorts before "4.5".
     */
    @Test
    void statisticsAreComparedAsNumbers() throws IOException {
        ObjectNode entropic = caseNamed("high-entropy obfuscated loader").event();
        assertThat(fired(entropic)).containsExactly("defense_evasion_posh_high_entropy");
        assertThat(fired(withStatistic(entropic, "script_block_length", 999))).isEmpty();
        assertThat(fired(withStatistic(entropic, "script_block_length", 1001)))
                .containsExactly("defense_evasion_posh_high_entropy");
        assertThat(fired(withStatistic(entropic, "script_block_surprisal_stdev", 0.7)))
                .isEmpty();
        assertThat(fired(withStatistic(entropic, "script_block_surprisal_stdev", 0.70001)))
                .containsExactly("defense_evasion_posh_high_entropy");
        assertThat(fired(withStatistic(entropic, "script_block_entropy_bits", 5.49)))
                .isEmpty();
        assertThat(fired(withStatistic(entropic, "script_block_entropy_bits", 10)))
                .containsExactly("defense_evasion_posh_high_entropy");
        // a numeric string, as a numeric mapping coerces it
        ObjectNode quoted = entropic.deepCopy();
        ((ObjectNode) quoted.path("powershell").path("file")).put("script_block_length", "999");
        assertThat(fired(quoted)).isEmpty();
        ((ObjectNode) quoted.path("powershell").path("file")).put("script_block_length", "1692");
        assertThat(fired(quoted)).containsExactly("defense_evasion_posh_high_entropy");

        ObjectNode compressed = caseNamed("deflate-compressed base64 stage").event();
        Set<String> both = Set.of("defense_evasion_posh_compressed", "collection_posh_compression");
        assertThat(fired(compressed)).isEqualTo(both);
        assertThat(fired(withStatistic(compressed, "script_block_entropy_bits", 4.5)))
                .isEqualTo(both);
        assertThat(fired(withStatistic(compressed, "script_block_entropy_bits", 10)))
                .isEqualTo(both);
        assertThat(fired(withStatistic(compressed, "script_block_entropy_bits", 4.49)))
                .containsExactly("collection_posh_compression");
    }

    /**
     * {@code script-block-phrases.tsv}: on corpus rules, a quoted multi-word term matches its words in order and
     * adjacent, and neither reversed nor split; the case of the block does not matter; a term is a whole word.
     * Each line is the only text of an otherwise ordinary 4104 event, and must fire its rule, or leave it quiet.
     */
    @TestFactory
    Stream<DynamicTest> phraseOrderMattersAndCaseDoesNot() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        try (InputStream in = PowerShellScriptBlockTest.class.getResourceAsStream("script-block-phrases.tsv")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] cols = line.split("\t", -1);
                if (cols.length != 4 || !Set.of("fires", "quiet").contains(cols[1])) {
                    throw new IllegalStateException(
                            "script-block-phrases.tsv: expected rule<TAB>fires|quiet<TAB>text<TAB>why: " + line);
                }
                String text = cols[2].replace("\\r", "\r").replace("\\n", "\n");
                tests.add(DynamicTest.dynamicTest(cols[0] + " " + cols[1] + ": " + cols[2], () -> {
                    assertThat(rules.stream().map(ScriptBlockRules.ScriptBlockRule::stem))
                            .contains(cols[0]);
                    ObjectNode event = (ObjectNode) JSON.readTree("""
                            {"event": {"category": ["process"], "code": "4104", "provider": "Microsoft-Windows-PowerShell"},
                             "host": {"name": "ws-dev-19", "os": {"type": "windows"}},
                             "user": {"id": "S-1-5-21-3623811015-3361044348-30300820-1013"},
                             "powershell": {"file": {"script_block_id": "0b6a2d4e-8f13-4c6a-9e2d-5a7b3c1d9e40"}, "sequence": 1, "total": 1}}""");
                    ((ObjectNode) event.path("powershell").path("file")).put("script_block_text", text);
                    Set<String> fired = fired(event);
                    if (cols[1].equals("fires")) {
                        assertThat(fired).as(cols[3]).contains(cols[0]);
                    } else {
                        assertThat(fired).as(cols[3]).doesNotContain(cols[0]);
                    }
                }));
            }
        }
        return tests.stream();
    }

    private static ObjectNode withStatistic(ObjectNode event, String field, Number value) {
        ObjectNode copy = event.deepCopy();
        ObjectNode file = (ObjectNode) copy.path("powershell").path("file");
        if (value instanceof Integer i) {
            file.put(field, i);
        } else {
            file.put(field, value.doubleValue());
        }
        return copy;
    }

    /** The rules (by file name) {@code event} fires. */
    static Set<String> fired(JsonNode event) {
        Evaluation evaluation = plan.evaluate(Event.parse(JSON.writeValueAsString(event)), false);
        assertThat(evaluation.failures()).isEmpty();
        return evaluation.alerts().stream()
                .map(a -> stemsById.get(a.rule().ruleId()))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static Case caseNamed(String name) throws IOException {
        return cases().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    private static List<Case> cases() throws IOException {
        List<Case> cases = new ArrayList<>();
        try (InputStream in = PowerShellScriptBlockTest.class.getResourceAsStream("powershell-script-blocks.ndjson")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node = JSON.readTree(line);
                cases.add(new Case(
                        node.path("case").asString(),
                        names(node.path("fires")),
                        names(node.path("also_fires")),
                        (ObjectNode) node.path("event")));
            }
        }
        Set<String> names = new TreeSet<>();
        cases.forEach(c ->
                assertThat(names.add(c.name())).as("duplicate case " + c.name()).isTrue());
        return cases;
    }

    private static Set<String> names(JsonNode array) {
        Set<String> names = new TreeSet<>();
        array.valueStream().forEach(n -> names.add(n.asString()));
        return names;
    }

    private static String stem(String file) {
        String name = file.substring(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
        return name.endsWith(".toml") ? name.substring(0, name.length() - ".toml".length()) : name;
    }
}
