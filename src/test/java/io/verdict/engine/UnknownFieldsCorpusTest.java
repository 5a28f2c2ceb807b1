package io.verdict.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.verdict.Shared;
import io.verdict.event.Schema;
import io.verdict.query.Problem;
import io.verdict.rule.RuleDirectories;
import io.verdict.rule.RuleLoader;
import io.verdict.rule.RuleSet;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Elastic corpus loads with every unknown-field warning accounted for: the set of (rule file, field) warnings
 * equals {@code unknown-fields-expected.txt}, where each group of lines has its reason. Also prints (does not
 * assert) what the check costs a whole-corpus compile.
 */
class UnknownFieldsCorpusTest {

    private static final Pattern FIELD = Pattern.compile("^(?:filters: )?'([^']*)' is not a known field");
    private static final String CORPUS = "detection-rules/";
    private static RuleSet corpus;

    @BeforeAll
    static void load() {
        Path rules = Shared.require("corpus/detection-rules");
        corpus = new RuleDirectories(new RuleLoader(), Clock.systemUTC()).load(List.of(rules));
    }

    @Test
    void everyUnknownFieldOfTheCorpusIsExpectedWithItsReason() throws IOException {
        Detector detector = new RuleCompiler(Schema.catalog(), Clock.systemUTC()).compile(corpus);
        TreeSet<String> found = new TreeSet<>();
        for (Problem warning : RuleCompiler.queryWarnings(detector)) {
            Matcher m = FIELD.matcher(warning.message());
            if (m.find()) {
                String origin = warning.origin();
                found.add(origin.substring(origin.indexOf(CORPUS) + CORPUS.length()) + "\t" + m.group(1));
            }
        }
        Map<String, String> expected = expected();

        TreeSet<String> unexpected = new TreeSet<>(found);
        unexpected.removeAll(expected.keySet());
        TreeSet<String> vanished = new TreeSet<>(expected.keySet());
        vanished.removeAll(found);
        assertThat(unexpected)
                .as("warnings of the corpus not in unknown-fields-expected.txt (add each with its reason)")
                .isEmpty();
        assertThat(vanished)
                .as("lines of unknown-fields-expected.txt the corpus no longer warns about (remove them)")
                .isEmpty();
        assertThat(RuleCompiler.queryProblems(detector)).isEmpty();
    }

    /** rule file TAB field -> the reason heading its group; a line outside a group is an error of the list. */
    private static Map<String, String> expected() throws IOException {
        Map<String, String> expected = new TreeMap<>();
        String reason = null;
        try (InputStream in = UnknownFieldsCorpusTest.class.getResourceAsStream("unknown-fields-expected.txt")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.startsWith("## ")) {
                    reason = line.substring(3).strip();
                } else if (!line.isBlank() && !line.startsWith("#")) {
                    assertThat(reason).as("a reason above " + line).isNotBlank();
                    assertThat(line.split("\t"))
                            .as("rule file and field: " + line)
                            .hasSize(2);
                    assertThat(expected.put(line, reason))
                            .as("listed twice: " + line)
                            .isNull();
                }
            }
        }
        return expected;
    }

    @Test
    void theCheckCostsTheCorpusCompileLittle() {
        RuleCompiler ignore = new RuleCompiler(Schema.catalog(), Clock.systemUTC(), null, UnknownFields.Mode.IGNORE);
        RuleCompiler warn = new RuleCompiler(Schema.catalog(), Clock.systemUTC(), null, UnknownFields.Mode.WARN);
        int rounds = Integer.getInteger("verdict.unknownFields.rounds", 3);
        List<Long> without = new ArrayList<>();
        List<Long> with = new ArrayList<>();
        ignore.compile(corpus);
        warn.compile(corpus);
        for (int i = 0; i < rounds; i++) {
            // alternate which goes first, so neither always runs on the other's warmed-up or collected heap
            if (i % 2 == 0) {
                without.add(timed(ignore));
                with.add(timed(warn));
            } else {
                with.add(timed(warn));
                without.add(timed(ignore));
            }
        }
        long built = System.nanoTime();
        new UnknownFields(Schema.catalog(), UnknownFields.Mode.WARN);
        System.out.printf(
                "unknown-field check built over the catalog (%d names) in %d ms%n",
                Schema.catalog().size(), (System.nanoTime() - built) / 1_000_000);
        long a = median(without);
        long b = median(with);
        System.out.printf(
                "corpus compile (%d rules, %d rounds, median): unknown-fields=ignore %d ms, warn %d ms, "
                        + "ratio %.3f%n",
                corpus.size(), rounds, a, b, (double) b / a);
        assertThat(a).isPositive();
    }

    private static long timed(RuleCompiler compiler) {
        long start = System.nanoTime();
        compiler.compile(corpus);
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static long median(List<Long> values) {
        long[] sorted = values.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
