package io.verdict.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.verdict.Shared;
import io.verdict.event.Schema;
import io.verdict.rule.RuleDirectories;
import io.verdict.rule.RuleLoader;
import io.verdict.rule.RuleType;
import io.verdict.ruletest.RuleTestCase;
import io.verdict.ruletest.RuleTestFile;
import io.verdict.ruletest.RuleTestLoader;
import io.verdict.ruletest.RuleTestResult;
import io.verdict.ruletest.RuleTestRunner;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Test streams for ES|QL rules of the Elastic corpus: each {@code esql/corpus/<rule file>.tests.toml} names a corpus
 * rule and holds cases that must alert and cases that must stay quiet, their expectations worked out from the rule's
 * query and ES|QL's semantics. The whole corpus is compiled once and each file runs through {@link RuleTestRunner},
 * as {@code verdict test} would run it. A case listed in {@code known-differences.tsv} (file, case, reason) is one
 * where Verdict is known to answer otherwise than Elasticsearch and Kibana (case {@code *}: every case of the file,
 * for a rule Verdict does not compile): it still runs, is reported, and is skipped while it fails, and fails once it
 * passes, so that the list stays true. A rule listed with {@code *} counts for none of the promises below.
 *
 * <p>The files promise a spread of the language: both kinds of rule (decided per event, run over windows) and the
 * commands and functions the corpus leans on; {@link #theFilesCoverWhatTheyPromise()} reads the tested rules'
 * queries to keep that promise.
 */
class EsqlCorpusRulesTest {

    private static final String CASES = "/esql/corpus";
    private static final String KNOWN_DIFFERENCES = "known-differences.tsv";
    /** The case name that stands for every case of a file: the rule as a whole runs otherwise (it does not compile). */
    private static final String EVERY_CASE = "*";
    /** The commands after which a query needs many rows: Verdict runs such rules over windows at each tick. */
    private static final Pattern WINDOWED = Pattern.compile("\\|\\s*(inline\\s+stats|stats|sort|limit)\\b");

    private static final Pattern COUNT_DISTINCT_NAME = Pattern.compile("([\\w.`]+)\\s*=\\s*count_distinct\\s*\\(");

    private static Detector detector;
    private static Path directory;
    private static Map<String, String> knownDifferences;

    @BeforeAll
    static void compile() throws IOException, URISyntaxException {
        Path rules = Shared.require("corpus/detection-rules");
        var set = new RuleDirectories(new RuleLoader(), Clock.systemUTC()).load(List.of(rules));
        detector = new RuleCompiler(Schema.catalog(), Clock.systemUTC()).compile(set);
        directory = Path.of(EsqlCorpusRulesTest.class.getResource(CASES).toURI());
        knownDifferences = readKnownDifferences(directory.resolve(KNOWN_DIFFERENCES));
        if (!knownDifferences.isEmpty()) {
            System.out.println(
                    "ES|QL corpus rules: " + knownDifferences.size() + " known difference(s) with Elasticsearch:");
            knownDifferences.forEach((key, reason) -> System.out.println("  " + key + ": " + reason));
        }
    }

    @TestFactory
    Stream<DynamicNode> everyCaseGivesTheVerdictItsStreamCallsFor() {
        RuleTestRunner runner = new RuleTestRunner(detector);
        List<DynamicNode> files = new ArrayList<>();
        for (Path file : testFiles()) {
            RuleTestFile tests = load(file);
            List<DynamicNode> cases = new ArrayList<>();
            for (RuleTestResult result : runner.run(tests)) {
                cases.add(DynamicTest.dynamicTest(result.caseName(), () -> check(file, result)));
            }
            files.add(DynamicContainer.dynamicContainer(file.getFileName().toString(), cases));
        }
        return files.stream();
    }

    @Test
    void theFilesCoverWhatTheyPromise() {
        Map<String, Integer> features = new TreeMap<>();
        int perEvent = 0;
        int windowed = 0;
        List<String> misjudged = new ArrayList<>();
        for (Path file : testFiles()) {
            RuleTestFile tests = load(file);
            assertThat(tests.problems()).as(file.getFileName().toString()).isEmpty();
            CompiledRule rule = detector.find(tests.ruleId()).orElse(null);
            assertThat(rule)
                    .as("%s names %s, which no corpus rule has", file.getFileName(), tests.ruleId())
                    .isNotNull();
            assertThat(rule.rule().type()).isEqualTo(RuleType.ESQL);
            String ruleFile = Path.of(rule.rule().file()).getFileName().toString();
            assertThat(file.getFileName().toString())
                    .as("a test file is named after its rule's file")
                    .isEqualTo(ruleFile.replaceFirst("\\.toml$", ".tests.toml"));
            assertThat(tests.cases())
                    .as("%s has a case that alerts and one that stays quiet", file.getFileName())
                    .anyMatch(RuleTestCase::alert)
                    .anyMatch(c -> !c.alert());

            if (knownDifferences.containsKey(key(file, EVERY_CASE))) {
                System.out.println("ES|QL corpus rules: " + ruleFile + " is not counted: "
                        + knownDifferences.get(key(file, EVERY_CASE)));
                continue;
            }
            String code = code(rule.rule().query().text().text()).toLowerCase(Locale.ROOT);
            assertThat(code).as("COMPLETION rules are not run").doesNotContainPattern("\\|\\s*completion\\b");
            boolean window = WINDOWED.matcher(code).find();
            Coverage kind = window ? Coverage.ESQL_WINDOW : Coverage.ESQL_EVENT;
            if (rule.coverage() != kind) {
                misjudged.add(ruleFile + " is " + rule.coverage().reason() + ", not " + kind.reason()
                        + problems(tests.ruleId()));
            }
            if (window) {
                windowed++;
            } else {
                perEvent++;
            }
            count(features, "GROK", code.matches("(?s).*\\|\\s*grok\\b.*"));
            count(features, "DISSECT", code.matches("(?s).*\\|\\s*dissect\\b.*"));
            count(features, "MV_EXPAND", code.matches("(?s).*\\|\\s*mv_expand\\b.*"));
            count(features, "INLINE STATS", code.matches("(?s).*\\|\\s*inline\\s+stats\\b.*"));
            count(features, "KQL()", code.matches("(?s).*\\bkql\\s*\\(.*"));
            count(features, "COUNT_DISTINCT threshold", countDistinctThreshold(code));
            count(
                    features,
                    "DATE_DIFF/NOW over now-7205m",
                    code.matches("(?s).*\\bdate_diff\\s*\\(.*")
                            && code.matches("(?s).*\\bnow\\s*\\(\\s*\\).*")
                            && "now-7205m".equals(rule.rule().schedule().from()));
        }
        assertThat(misjudged)
                .as("tested rules Verdict does not run as their commands call for")
                .isEmpty();
        System.out.println(
                "ES|QL corpus rules tested: " + perEvent + " per event, " + windowed + " windowed; " + features);
        assertThat(perEvent).as("rules decided per event").isGreaterThanOrEqualTo(10);
        assertThat(windowed).as("rules run over windows").isGreaterThanOrEqualTo(10);
        assertThat(perEvent + windowed).as("tested rules").isGreaterThanOrEqualTo(24);
        assertThat(features)
                .containsOnlyKeys(
                        "GROK",
                        "DISSECT",
                        "MV_EXPAND",
                        "INLINE STATS",
                        "KQL()",
                        "COUNT_DISTINCT threshold",
                        "DATE_DIFF/NOW over now-7205m");
        assertThat(features.get("GROK")).isGreaterThanOrEqualTo(2);
        assertThat(features.get("DISSECT")).isGreaterThanOrEqualTo(2);
        assertThat(features.get("MV_EXPAND")).isGreaterThanOrEqualTo(2);
        assertThat(features.get("INLINE STATS")).isGreaterThanOrEqualTo(2);
        assertThat(features.get("KQL()")).isGreaterThanOrEqualTo(3);
        assertThat(features.get("COUNT_DISTINCT threshold")).isGreaterThanOrEqualTo(2);
        assertThat(features.get("DATE_DIFF/NOW over now-7205m")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void everyKnownDifferenceNamesACaseThatExists() {
        Set<String> cases = new HashSet<>();
        for (Path file : testFiles()) {
            load(file).cases().forEach(c -> cases.add(key(file, c.name())));
            cases.add(key(file, EVERY_CASE));
        }
        assertThat(cases).containsAll(knownDifferences.keySet());
    }

    private static void check(Path file, RuleTestResult result) {
        String reason = knownDifferences.getOrDefault(
                key(file, result.caseName()), knownDifferences.get(key(file, EVERY_CASE)));
        if (reason == null) {
            if (result.outcome() != RuleTestResult.Outcome.PASSED) {
                fail(result.describe() + problems(result.ruleId()));
            }
            return;
        }
        if (result.outcome() == RuleTestResult.Outcome.PASSED) {
            fail(key(file, result.caseName()) + " is listed in " + KNOWN_DIFFERENCES
                    + " but now passes: take it off the list");
        }
        String skipped =
                "KNOWN DIFFERENCE " + key(file, result.caseName()) + ": " + reason + " (" + result.message() + ")";
        System.out.println(skipped);
        Assumptions.abort(skipped);
    }

    /** Why the rule did not compile, when it did not: what a skipped case needs said. */
    private static String problems(String ruleId) {
        return detector.find(ruleId)
                .filter(r -> !r.problems().isEmpty())
                .map(r -> " "
                        + r.problems().stream()
                                .map(p -> p.line() + ":" + p.column() + ": " + p.message())
                                .toList())
                .orElse("");
    }

    /** A threshold on a distinct count: {@code name = COUNT_DISTINCT(...)} and later {@code name >= n} (or {@code > n}, {@code == n}). */
    private static boolean countDistinctThreshold(String code) {
        Matcher named = COUNT_DISTINCT_NAME.matcher(code);
        while (named.find()) {
            String name = Pattern.quote(named.group(1));
            if (Pattern.compile(name + "\\s*(>=|>|==)\\s*\\d+")
                    .matcher(code.substring(named.end()))
                    .find()) {
                return true;
            }
        }
        return false;
    }

    private static void count(Map<String, Integer> features, String feature, boolean present) {
        if (present) {
            features.merge(feature, 1, Integer::sum);
        }
    }

    /** The query without its comments and string contents, so that words in them count for nothing. */
    static String code(String query) {
        StringBuilder out = new StringBuilder(query.length());
        int i = 0;
        while (i < query.length()) {
            if (query.startsWith("\"\"\"", i)) {
                int end = query.indexOf("\"\"\"", i + 3);
                i = end < 0 ? query.length() : end + 3;
                out.append("\"\"");
            } else if (query.charAt(i) == '"') {
                int j = i + 1;
                while (j < query.length() && query.charAt(j) != '"') {
                    j += query.charAt(j) == '\\' ? 2 : 1;
                }
                i = j + 1;
                out.append("\"\"");
            } else if (query.startsWith("//", i)) {
                int end = query.indexOf('\n', i);
                i = end < 0 ? query.length() : end;
            } else if (query.startsWith("/*", i)) {
                int end = query.indexOf("*/", i + 2);
                i = end < 0 ? query.length() : end + 2;
                out.append(' ');
            } else {
                out.append(query.charAt(i++));
            }
        }
        return out.toString();
    }

    private static List<Path> testFiles() {
        try (Stream<Path> files = Files.list(directory)) {
            List<Path> list = files.filter(
                            f -> RuleTestFile.isTestFile(f.getFileName().toString()))
                    .sorted()
                    .toList();
            assertThat(list).as("test files under " + CASES).isNotEmpty();
            return list;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static RuleTestFile load(Path file) {
        return new RuleTestLoader().load(file, "esql/corpus/" + file.getFileName(), null);
    }

    private static String key(Path file, String caseName) {
        return file.getFileName() + " / " + caseName;
    }

    /** {@code file<TAB>case<TAB>reason} lines; {@code #} starts a comment line. */
    private static Map<String, String> readKnownDifferences(Path tsv) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        if (!Files.exists(tsv)) {
            return out;
        }
        int number = 0;
        for (String line : Files.readAllLines(tsv, StandardCharsets.UTF_8)) {
            number++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] cells = line.split("\t", -1);
            if (cells.length != 3 || cells[2].isBlank()) {
                throw new IllegalStateException(
                        KNOWN_DIFFERENCES + ":" + number + ": expected file<TAB>case<TAB>reason");
            }
            out.put(cells[0] + " / " + cells[1], cells[2]);
        }
        return out;
    }
}
