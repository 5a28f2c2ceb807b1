package io.verdict.rule;

import static org.assertj.core.api.Assertions.assertThat;

import io.verdict.Shared;
import io.verdict.query.Problem;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bounds a rule file keeps before tomlj reads it (see {@link TomlBounds}), and the bounds of what a file's
 * problems may weigh.
 */
class TomlBoundsTest {

    @TempDir
    Path dir;

    private static String rule(String body) {
        return RuleFixtures.toml(
                "00000000-0000-4000-8000-0000000000b1",
                "Bounded",
                "low",
                "type = \"query\"\nlanguage = \"kuery\"\nquery = \"process.name:x\"\n" + body);
    }

    @TestFactory
    Stream<DynamicTest> wellFormedTextsAreMeasuredAsTomlNestsThem() {
        record Case(String name, String text, String breach) {}
        TomlBounds bounds = new TomlBounds(1 << 20, 4, 12);
        List<Case> cases = List.of(
                new Case("keys at the top", "a = 1\nb.c = [1, 2]\n", null),
                new Case("array of depth 4", "a = [[[1]]]\n", null),
                new Case("array of depth 5", "a = [[[[1]]]]\n", "nests"),
                new Case("dotted key of 5 parts", "a.b.c.d.e = 1\n", "nests"),
                new Case("table of 3 parts with a key", "[a.b.c]\nd = 1\n", null),
                new Case("array table adds a level", "[[a.b.c]]\nd = 1\n", "nests"),
                new Case("inline tables and their keys at depth 4", "a = {b = {c.d = 1}}\n", null),
                new Case("inline tables and their keys at depth 5", "a = {b = {c.d.e = 1}}\n", "nests"),
                new Case(
                        "brackets in strings do not count",
                        "a = \"[[[[[[\"\nb = '{{{{{{'\nc = \"\"\"\n[[[[[[\n\"\"\"\n",
                        null),
                new Case("brackets in comments do not count", "a = 1 # [[[[[[[\n# {{{{{{{{{\n", null),
                new Case("a date with a space is one value", "a = [1979-05-27 07:32:00Z, 1]\n", null),
                new Case("12 entries", "a = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]\n", null),
                new Case("13 entries", "a = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]\n", "more than 12"),
                new Case("malformed text falls back to brackets", "a = @\nb = [[[[[[1]]]]]]\n", "nests"),
                new Case("an unclosed string does not hide brackets", "a = \"\nb = [[[[[[1]]]]]]\n", "nests"));
        return cases.stream()
                .map(c -> DynamicTest.dynamicTest(c.name(), () -> {
                    TomlBounds.Breach breach = bounds.check(c.text());
                    if (c.breach() == null) {
                        assertThat(breach).isNull();
                    } else {
                        assertThat(breach).isNotNull();
                        assertThat(breach.message()).contains(c.breach());
                    }
                }));
    }

    @Test
    void everyCorpusFileFollowsTheStructureWithinTheDefaultBounds() throws IOException {
        Path corpus = Shared.require("corpus/detection-rules");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(corpus)) {
            files = walk.filter(p -> p.toString().endsWith(".toml")).toList();
        }
        assertThat(files).hasSizeGreaterThan(2000);
        // a tenth of the default bounds is still enough for every file of the corpus
        TomlBounds tight = new TomlBounds(TomlBounds.DEFAULT.maxFileSize() / 10, 8, 400);
        for (Path file : files) {
            String text = Files.readString(file);
            assertThat(tight.followsStructure(text)).as(file.toString()).isTrue();
            assertThat(tight.check(text)).as(file.toString()).isNull();
        }
    }

    @Test
    void aFifteenMegabyteFileOfTablesOrAFiftyMegabyteFileRanStartupOutOfMemory() throws IOException {
        Path rules = Files.createDirectories(dir.resolve("rules"));
        Files.writeString(rules.resolve("good.toml"), rule(""));
        // 15 MB of 100,000 tables
        try (Writer out = Files.newBufferedWriter(rules.resolve("tables.toml"), StandardCharsets.UTF_8)) {
            for (int i = 0; i < 100_000; i++) {
                out.write("[table_number_" + i + "]\nkey_of_the_table_number_" + i + " = \"a value of some length\"\n"
                        + "another_key = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]\n");
            }
        }
        // 50 MB (sparse: nothing is read from it)
        try (RandomAccessFile big =
                new RandomAccessFile(rules.resolve("big.toml").toFile(), "rw")) {
            big.setLength(50L * 1024 * 1024);
        }
        // under the size limit, over the entries: 100,000 tables in less than a megabyte
        try (Writer out = Files.newBufferedWriter(rules.resolve("many.toml"), StandardCharsets.UTF_8)) {
            for (int i = 0; i < 100_000; i++) {
                out.write("[t" + (i % 10) + "]\n");
            }
        }
        assertThat(Files.size(rules.resolve("tables.toml"))).isGreaterThan(10L * 1024 * 1024);
        assertThat(Files.size(rules.resolve("many.toml"))).isLessThan(TomlBounds.DEFAULT.maxFileSize());

        RuleCatalog catalog =
                new RuleCatalog(new RuleLoader(), List.of(rules), null, rule -> List.of(), Clock.systemUTC());
        catalog.reload(false);
        RuleSet set = catalog.snapshot().set();

        assertThat(set.rules()).extracting(Rule::ruleId).containsExactly("00000000-0000-4000-8000-0000000000b1");
        assertThat(set.errors())
                .extracting(Problem::origin)
                .containsExactlyInAnyOrder("rules/big.toml", "rules/many.toml", "rules/tables.toml");
        assertThat(set.errors())
                .filteredOn(p -> !p.origin().equals("rules/many.toml"))
                .allSatisfy(
                        p -> assertThat(p.message()).contains("a rule file may have (verdict.rules.max-file-size)"));
        assertThat(set.errors())
                .filteredOn(p -> p.origin().equals("rules/many.toml"))
                .singleElement()
                .satisfies(p -> {
                    assertThat(p.message()).contains("more than 2000 keys, tables and array elements");
                    assertThat(p.line()).isEqualTo(2001);
                });
        // the same files through the directory loader and the load cache
        RuleSet again = new RuleDirectories(new RuleLoader(), Clock.systemUTC()).load(List.of(rules));
        assertThat(again.errors()).hasSize(3);
    }

    @Test
    void theFileSizeLimitIsConfigurable() throws IOException {
        Path rules = Files.createDirectories(dir.resolve("rules"));
        Files.writeString(rules.resolve("good.toml"), rule("note = \"" + "n".repeat(4000) + "\"\n"));
        RuleLoader small = new RuleLoader(TomlBounds.DEFAULT.withMaxFileSize(1000));

        RuleLoad load = small.load(rules.resolve("good.toml"), "rules/good.toml");

        assertThat(load.errors())
                .singleElement()
                .satisfies(p -> assertThat(p.message())
                        .startsWith("the file has ")
                        .endsWith("bytes, more than the 1000 a rule file may have" + " (verdict.rules.max-file-size)"));
        assertThat(new RuleLoader()
                        .load(rules.resolve("good.toml"), "rules/good.toml")
                        .loaded())
                .isTrue();
    }

    @Test
    void rulesErrorsGrewToMegabytesFromOneFilesWarnings() {
        StringBuilder unknown = new StringBuilder();
        for (int i = 0; i < 1500; i++) {
            unknown.append("unknown_key_").append(i).append(" = 1\n");
        }
        RuleLoad load = new RuleLoader().parse(rule(unknown.toString()), "rules/noisy.toml");

        assertThat(load.loaded()).isTrue();
        assertThat(load.warnings()).hasSize(101);
        assertThat(load.warnings().get(100).message())
                .isEqualTo("\u2026 and 1400 more warnings in this file (only the first 100 are listed)");
    }

    @Test
    void aProblemEchoesAtMostTwoHundredCharactersOfItsLine() {
        String longName = "x".repeat(5000);
        RuleLoad load = new RuleLoader()
                .parse(
                        rule("").replace("name = \"Bounded\"", "name = \"" + longName + "\"\nseverity = 7"),
                        "rules/long.toml");

        assertThat(load.loaded()).isFalse();
        assertThat(load.errors()).isNotEmpty().allSatisfy(p -> {
            assertThat(p.sourceLine() == null ? 0 : p.sourceLine().length()).isLessThanOrEqualTo(Problem.MAX_SOURCE);
            assertThat(p.message().length()).isLessThanOrEqualTo(Problem.MAX_MESSAGE);
        });
        Problem cut = new Problem("f", 1, 4000, "m", longName, 3999);
        assertThat(cut.sourceLine())
                .hasSize(Problem.MAX_SOURCE)
                .startsWith("\u2026")
                .endsWith("\u2026");
        assertThat(cut.sourceLine().charAt(cut.caret())).isEqualTo('x');
        assertThat(cut.caret()).isEqualTo(Problem.MAX_SOURCE / 2);
    }
}
