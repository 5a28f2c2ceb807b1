package io.verdict.rule;

import static org.assertj.core.api.Assertions.assertThat;

import io.verdict.Shared;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

class RuleLoadCacheTest {

    private static final String RULE = """
            [metadata]
            creation_date = "2024/01/01"
            maturity = "production"
            updated_date = "2024/01/01"

            [rule]
            author = ["Verdict"]
            description = "Test rule."
            language = "kuery"
            license = "Elastic License v2"
            name = "Cached rule"
            risk_score = 21
            rule_id = "00000000-0000-0000-0000-00000000cace"
            severity = "low"
            type = "query"
            query = "process.name : \\"QUERY\\""
            """;

    private final RuleLoader loader = new RuleLoader();

    @TempDir
    Path dir;

    /**
     * Every corpus file, every file of the project's rules and every bad fixture (errors and warnings, with their
     * positions) loads from a warm cache exactly as tomlj and the loader read it.
     */
    @TestFactory
    Stream<DynamicTest> aWarmCacheGivesWhatTheLoaderParses() throws IOException, URISyntaxException {
        Map<String, String> files = new LinkedHashMap<>();
        read(Shared.require("corpus/detection-rules"), "corpus/", files);
        read(Path.of("rules"), "rules/", files);
        read(Path.of(getClass().getResource("bad").toURI()), "bad/", files);
        files.put("fixture/escaped_query.toml", RULE);
        assertThat(files).hasSizeGreaterThan(2000);

        // a cold cache answers by parsing: what it returns is what the loader parses
        RuleLoadCache cold = RuleLoadCache.in(dir, List.of(Path.of("corpus")), loader);
        Map<String, RuleLoad> parsed = files.entrySet().parallelStream()
                .collect(Collectors.toConcurrentMap(Map.Entry::getKey, e -> cold.parse(e.getValue(), e.getKey())));
        assertThat(cold.stats()).isEqualTo(new RuleLoadCache.Stats(0, files.size(), files.size()));
        cold.save(files.keySet());
        RuleLoadCache warm = RuleLoadCache.in(dir, List.of(Path.of("corpus")), loader);
        Map<String, RuleLoad> cached = files.entrySet().parallelStream()
                .collect(Collectors.toConcurrentMap(Map.Entry::getKey, e -> warm.parse(e.getValue(), e.getKey())));

        List<RuleLoad> expected = files.keySet().stream().map(parsed::get).toList();
        assertThat(expected)
                .anyMatch(l -> !l.loaded())
                .anyMatch(l -> !l.warnings().isEmpty())
                .anyMatch(l -> l.loaded()
                        && l.rule().query() != null
                        && l.rule().query().text() != null
                        && l.rule().query().text().rawOffsets() != null);
        List<DynamicTest> tests = new ArrayList<>();
        tests.add(DynamicTest.dynamicTest("every file came from the cache", () -> {
            assertThat(warm.stats()).isEqualTo(new RuleLoadCache.Stats(files.size(), 0, files.size()));
        }));
        for (RuleLoad load : expected) {
            tests.add(DynamicTest.dynamicTest(
                    load.file(), () -> assertThat(cached.get(load.file())).isEqualTo(load)));
        }
        return tests.stream();
    }

    @Test
    void aChangedFileIsParsedAgainAndTheOthersAreNot() {
        RuleLoadCache first = RuleLoadCache.in(dir, List.of(), loader);
        first.parse(RULE, "rules/a.toml");
        first.parse(RULE.replace("Cached rule", "Other rule"), "rules/b.toml");
        first.save(List.of("rules/a.toml", "rules/b.toml"));

        RuleLoadCache second = RuleLoadCache.in(dir, List.of(), loader);
        String changed = RULE.replace("QUERY", "CHANGED");
        RuleLoad load = second.parse(changed, "rules/a.toml");
        assertThat(load).isEqualTo(loader.parse(changed, "rules/a.toml"));
        assertThat(load.rule().query().text().text()).contains("CHANGED");
        assertThat(second.parse(RULE.replace("Cached rule", "Other rule"), "rules/b.toml")
                        .rule()
                        .name())
                .isEqualTo("Other rule");
        // the same content under another name is another load: its problems and file name differ
        assertThat(second.parse(RULE, "rules/c.toml").file()).isEqualTo("rules/c.toml");
        assertThat(second.stats()).isEqualTo(new RuleLoadCache.Stats(1, 2, 3));
    }

    @Test
    void filesNoLongerSeenAreForgotten() throws IOException {
        RuleLoadCache first = RuleLoadCache.in(dir, List.of(), loader);
        first.parse(RULE, "rules/a.toml");
        first.parse(RULE, "rules/b.toml");
        first.save(List.of("rules/b.toml"));

        RuleLoadCache second = RuleLoadCache.in(dir, List.of(), loader);
        second.parse(RULE, "rules/b.toml");
        assertThat(second.stats()).isEqualTo(new RuleLoadCache.Stats(1, 0, 1));
    }

    @TestFactory
    Stream<DynamicTest> aDamagedCacheIsIgnoredAndRewritten() {
        Map<String, UnaryOperator<byte[]>> damages = new LinkedHashMap<>();
        damages.put("garbage", bytes -> "not a cache\n".getBytes(StandardCharsets.UTF_8));
        damages.put("empty", bytes -> new byte[0]);
        damages.put("truncated", bytes -> Arrays.copyOf(bytes, bytes.length * 2 / 3));
        damages.put("the checksum cut off", bytes -> Arrays.copyOf(bytes, bytes.length - 3));
        damages.put("a byte changed inside an entry", bytes -> flip(bytes, bytes.length / 2));
        damages.put("a byte changed in the checksum", bytes -> flip(bytes, bytes.length - 1));
        damages.put("bytes appended", bytes -> Arrays.copyOf(bytes, bytes.length + 16));
        damages.put("another loader version", bytes -> {
            String text = new String(bytes, StandardCharsets.ISO_8859_1);
            String fingerprint = LoaderFingerprint.of(RuleLoadCache.FORMAT);
            assertThat(text).contains(fingerprint);
            return text.replace(fingerprint, "0".repeat(64)).getBytes(StandardCharsets.ISO_8859_1);
        });
        damages.put("another format", bytes -> flip(bytes, "VERDICT-RULE-LOADS\n".length() + 3));
        return damages.entrySet().stream()
                .map(damage -> DynamicTest.dynamicTest(damage.getKey(), () -> {
                    Path where = Files.createTempDirectory(dir, "damaged");
                    RuleLoadCache first = RuleLoadCache.in(where, List.of(), loader);
                    first.parse(RULE, "rules/a.toml");
                    first.parse(RULE.replace("Cached rule", "Other rule"), "rules/b.toml");
                    first.save(List.of("rules/a.toml", "rules/b.toml"));
                    byte[] bytes = Files.readAllBytes(first.file());
                    byte[] damaged = damage.getValue().apply(bytes.clone());
                    assertThat(damaged).isNotEqualTo(bytes);
                    Files.write(first.file(), damaged);

                    RuleLoadCache second = RuleLoadCache.in(where, List.of(), loader);
                    assertThat(second.parse(RULE, "rules/a.toml")).isEqualTo(loader.parse(RULE, "rules/a.toml"));
                    assertThat(second.stats()).isEqualTo(new RuleLoadCache.Stats(0, 1, 1));
                    second.save(List.of("rules/a.toml"));

                    RuleLoadCache third = RuleLoadCache.in(where, List.of(), loader);
                    assertThat(third.parse(RULE, "rules/a.toml")).isEqualTo(loader.parse(RULE, "rules/a.toml"));
                    assertThat(third.stats()).isEqualTo(new RuleLoadCache.Stats(1, 0, 1));
                }));
    }

    private static byte[] flip(byte[] bytes, int at) {
        bytes[at] ^= 0x5a;
        return bytes;
    }

    /**
     * The key of an entry is checksums, not a digest: every one-character edit of a rule (each position, replaced by
     * a neighbouring character or by one whose UTF-8 form is longer), and every swap of two neighbours, changes it.
     */
    @Test
    void everySmallEditOfARuleChangesItsKey() {
        String key = RuleLoadCache.key(RULE.getBytes(StandardCharsets.UTF_8));
        Set<String> keys = new java.util.HashSet<>();
        int edits = 0;
        for (int at = 0; at < RULE.length(); at++) {
            char c = RULE.charAt(at);
            for (String edited : List.of(
                    RULE.substring(0, at) + (char) (c + 1) + RULE.substring(at + 1),
                    RULE.substring(0, at) + "é" + RULE.substring(at + 1),
                    at + 1 < RULE.length() && RULE.charAt(at + 1) != c
                            ? RULE.substring(0, at) + RULE.charAt(at + 1) + c + RULE.substring(at + 2)
                            : RULE + " ")) {
                keys.add(RuleLoadCache.key(edited.getBytes(StandardCharsets.UTF_8)));
                edits++;
            }
        }
        assertThat(keys).doesNotContain(key);
        assertThat(edits).isEqualTo(3 * RULE.length());
    }

    /** A file is read as {@code Files.readString} reads it: malformed UTF-8 is an error, not a replacement. */
    @Test
    void malformedUtf8IsAnErrorAsWithReadString() throws IOException {
        byte[] bad = {'a', (byte) 0xC3, '(', 'b'};
        Path file = Files.write(dir.resolve("bad.toml"), bad);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RuleLoadCache.decode(bad))
                .isInstanceOf(java.nio.charset.MalformedInputException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Files.readString(file))
                .isInstanceOf(java.nio.charset.MalformedInputException.class);
        assertThat(RuleLoadCache.decode("ä ✓ 𝄞".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("ä ✓ 𝄞");
        // a replacement character written in the file is text, not a decoding error
        assertThat(RuleLoadCache.decode("a \uFFFD b".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("a \uFFFD b");
        assertThat(RuleLoadCache.in(dir, List.of(), loader)
                        .load(file, "bad.toml")
                        .loaded())
                .isFalse();
    }

    /**
     * The catalog answers from the cache without decoding a file, yet a malformed file is still an error, and a
     * rule's text reads back as written.
     */
    @Test
    void theCatalogKeepsTheTextAndRefusesMalformedFiles() throws IOException {
        Path rules = Files.createDirectories(dir.resolve("catalog-rules"));
        String text = RULE.replace("Test rule.", "Test rule \u00e4 \u2713 \ud834\udd1e.");
        Files.writeString(rules.resolve("a.toml"), text);
        Files.write(rules.resolve("bad.toml"), new byte[] {'a', (byte) 0xC3, '(', 'b'});
        Path cacheDir = dir.resolve("catalog-cache");
        new RuleCatalog(
                        RuleLoadCache.in(cacheDir, List.of(rules), loader),
                        List.of(rules),
                        null,
                        rule -> List.of(),
                        Clock.systemUTC())
                .reload(false);
        RuleLoadCache warm = RuleLoadCache.in(cacheDir, List.of(rules), loader);
        RuleCatalog restarted = new RuleCatalog(warm, List.of(rules), null, rule -> List.of(), Clock.systemUTC());
        restarted.reload(false);
        assertThat(warm.stats().hits()).isEqualTo(1);
        assertThat(restarted.snapshot().source("00000000-0000-0000-0000-00000000cace"))
                .get()
                .extracting(RuleCatalog.Source::toml)
                .isEqualTo(text);
        assertThat(restarted.snapshot().set().errors())
                .singleElement()
                .satisfies(p -> assertThat(p.message()).isEqualTo("cannot read the file: it is not valid UTF-8"));
    }

    @Test
    void aCacheThatCannotBeWrittenIsNotFatal() throws IOException {
        Path notADirectory = Files.writeString(dir.resolve("file"), "x");
        RuleLoadCache cache = RuleLoadCache.in(notADirectory, List.of(), loader);
        assertThat(cache.parse(RULE, "rules/a.toml").loaded()).isTrue();
        cache.save(List.of("rules/a.toml"));
        assertThat(Files.readString(notADirectory)).isEqualTo("x");
    }

    @Test
    void offParsesEveryTimeAndWritesNothing() throws IOException {
        RuleLoadCache off = RuleLoadCache.off(loader);
        assertThat(off.parse(RULE, "rules/a.toml")).isEqualTo(loader.parse(RULE, "rules/a.toml"));
        off.save(List.of("rules/a.toml"));
        assertThat(off.file()).isNull();
        try (Stream<Path> list = Files.list(dir)) {
            assertThat(list).isEmpty();
        }
    }

    @Test
    void differentRuleSourcesUseDifferentFiles() {
        assertThat(RuleLoadCache.in(dir, List.of(Path.of("rules")), loader).file())
                .isNotEqualTo(
                        RuleLoadCache.in(dir, List.of(Path.of("other")), loader).file())
                .isEqualTo(RuleLoadCache.in(dir, List.of(Path.of("rules").toAbsolutePath()), loader)
                        .file());
    }

    @Test
    void aRestartedCatalogReadsUnchangedFilesFromTheCache() throws IOException {
        Path rules = Files.createDirectories(dir.resolve("rules"));
        Files.writeString(rules.resolve("a.toml"), RULE);
        Files.writeString(rules.resolve("b.toml"), RULE.replace("cace", "cacf").replace("Cached rule", "Other rule"));
        Path cacheDir = dir.resolve("cache");
        RuleCatalog first = new RuleCatalog(
                RuleLoadCache.in(cacheDir, List.of(rules), loader),
                List.of(rules),
                null,
                rule -> List.of(),
                Clock.systemUTC());
        first.reload(false);

        Files.writeString(rules.resolve("b.toml"), RULE.replace("cace", "cacf").replace("Cached rule", "Changed rule"));
        RuleLoadCache loads = RuleLoadCache.in(cacheDir, List.of(rules), loader);
        RuleCatalog restarted = new RuleCatalog(loads, List.of(rules), null, rule -> List.of(), Clock.systemUTC());
        assertThat(loads.stats()).isEqualTo(new RuleLoadCache.Stats(0, 0, 0));
        restarted.reload(false);
        assertThat(restarted.snapshot().set().rules())
                .extracting(Rule::name)
                .containsExactly("Cached rule", "Changed rule");
        assertThat(first.snapshot().set().rules()).extracting(Rule::name).containsExactly("Cached rule", "Other rule");
        RuleLoadCache again = RuleLoadCache.in(cacheDir, List.of(rules), loader);
        new RuleCatalog(again, List.of(rules), null, rule -> List.of(), Clock.systemUTC()).reload(false);
        assertThat(again.stats()).isEqualTo(new RuleLoadCache.Stats(2, 0, 2));
    }

    /** The fingerprint covers every class of the package that shapes a load, so a change there empties the cache. */
    @Test
    void theFingerprintCoversTheLoaderAndItsModel() throws IOException {
        Set<String> notPartOfALoad = Set.of(
                "RuleCatalog",
                "RuleDirectories",
                "RuleStore",
                "RuleSet",
                "RuleLoadCache",
                "LoaderFingerprint",
                "TomlWriter",
                "TomlDocument",
                "KibanaRules",
                "RequiredFields",
                "RuleCriteria",
                "RuleText",
                "DisplayNames",
                "IoReasons");
        Set<String> listed =
                LoaderFingerprint.CLASSES.stream().map(Class::getSimpleName).collect(Collectors.toSet());
        try (Stream<Path> sources = Files.list(Path.of("src/main/java/io/verdict/rule"))) {
            List<String> missing = sources.map(p -> p.getFileName().toString().replace(".java", ""))
                    .filter(name -> !notPartOfALoad.contains(name) && !listed.contains(name))
                    .toList();
            assertThat(missing)
                    .as("classes of io.verdict.rule neither in LoaderFingerprint.CLASSES nor excluded")
                    .isEmpty();
        }
        assertThat(LoaderFingerprint.of(RuleLoadCache.FORMAT))
                .hasSize(64)
                .isEqualTo(LoaderFingerprint.of(RuleLoadCache.FORMAT))
                .isNotEqualTo(LoaderFingerprint.of(0));
    }

    private static void read(Path root, String prefix, Map<String, String> out) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path file :
                    walk.filter(p -> p.toString().endsWith(".toml")).sorted().toList()) {
                out.put(prefix + root.relativize(file).toString().replace('\\', '/'), Files.readString(file));
            }
        }
    }
}
