package io.verdict.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * {@link Wildcards} (with its ASCII fast paths and segment search) decides exactly as {@link WildcardsReference}
 * (the matcher before them) for every dialect and case mode, over patterns with {@code *} and {@code ?} at every
 * position and values mixing ASCII with chars whose case mapping is odd: 'ß' (upper-cases to "SS" as a string,
 * to itself as a char), 'İ' and 'ı' (fold to ASCII i), 'ſ' (folds to s), the Kelvin sign (folds to k), the three
 * Greek sigmas, a title-case digraph, a supplementary letter pair (Deseret, surrogates) and a lone surrogate.
 * {@link WildcardSet} decides a list as trying each reference pattern in turn.
 */
class WildcardsDifferentialTest {

    /** The chars patterns and values are drawn from. */
    private static final String[] ALPHABET = {
        "a",
        "A",
        "k",
        "K",
        "s",
        "S",
        "i",
        "I",
        "x",
        "-",
        ".",
        "\\",
        "ß",
        "İ",
        "ı",
        "ſ",
        "\u212A",
        "Σ",
        "σ",
        "ς",
        "ǅ",
        "ǆ",
        "\uD801\uDC00",
        "\uD801\uDC28",
        "\uD801",
        "é",
        "É"
    };
    /** Bases whose every gap gets nothing, a star or a question mark. */
    private static final String[] BASES = {"abc", "KsI", "ßs", "İı", "ſK", "Σσς", "a\\b", "\uD801\uDC00x", "ǅé"};

    private record Dialect(
            String name,
            BiFunction<String, Boolean, Wildcards> compiled,
            BiFunction<String, Boolean, WildcardsReference> reference) {}

    private static final List<Dialect> DIALECTS = List.of(
            new Dialect("eql", Wildcards::eql, WildcardsReference::eql),
            new Dialect("kql", Wildcards::kql, WildcardsReference::kql),
            new Dialect("lucene", Wildcards::lucene, WildcardsReference::lucene));

    @TestFactory
    Stream<DynamicTest> everyGapOfEveryBase() {
        List<String> patterns = new ArrayList<>();
        for (String base : BASES) {
            patterns.addAll(gapVariants(base));
        }
        return cases("gaps", patterns, values(patterns, new Random(11), 300));
    }

    @TestFactory
    Stream<DynamicTest> randomPatterns() {
        Random random = new Random(42);
        List<String> patterns = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            StringBuilder p = new StringBuilder();
            for (int j = random.nextInt(7); j > 0; j--) {
                int pick = random.nextInt(ALPHABET.length + 4);
                p.append(pick < ALPHABET.length ? ALPHABET[pick] : pick % 2 == 0 ? "*" : "?");
            }
            patterns.add(p.toString());
        }
        return cases("random", patterns, values(patterns, random, 400));
    }

    /**
     * {@link WildcardSet}: lists of 1 to 12 patterns, mostly without wildcards (so that the hashed paths are taken),
     * in both case modes mixed, decide a value as trying each reference pattern in turn does.
     */
    @TestFactory
    Stream<DynamicTest> patternLists() {
        Random random = new Random(7);
        List<String> words = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            StringBuilder w = new StringBuilder();
            for (int j = random.nextInt(5); j >= 0; j--) {
                w.append(ALPHABET[random.nextInt(ALPHABET.length)]);
            }
            words.add(w.toString());
        }
        words.addAll(List.of("cmd.exe", "PowerShell.EXE", "rundll32.exe", "", "*.dll", "reg?.exe"));
        List<String> values = values(words, random, 300);
        List<DynamicTest> tests = new ArrayList<>();
        for (Dialect dialect : DIALECTS) {
            tests.add(DynamicTest.dynamicTest("lists " + dialect.name(), () -> {
                int matched = 0;
                for (int list = 0; list < 150; list++) {
                    List<Wildcards> compiled = new ArrayList<>();
                    List<WildcardsReference> reference = new ArrayList<>();
                    boolean mostlyInsensitive = random.nextBoolean();
                    for (int i = random.nextInt(12); i >= 0; i--) {
                        String pattern = words.get(random.nextInt(words.size()));
                        boolean ci = random.nextInt(5) == 0 ? !mostlyInsensitive : mostlyInsensitive;
                        compiled.add(dialect.compiled().apply(pattern, ci));
                        reference.add(dialect.reference().apply(pattern, ci));
                    }
                    WildcardSet set = WildcardSet.of(compiled);
                    for (String value : values) {
                        boolean expected = reference.stream().anyMatch(r -> r.matches(value));
                        assertEquals(expected, set.matches(value), () -> compiled + " on " + escape(value));
                        matched += expected ? 1 : 0;
                    }
                }
                assertTrue(matched > 0, "the values should match some lists");
            }));
        }
        return tests.stream();
    }

    /**
     * {@link WildcardSet} with enough searching patterns ({@code *x*}, {@code a*b?c}) that a long value goes through
     * its substring automaton: lists of 8 to 40 such patterns of the odd alphabet (one case mode per list, some
     * mixed), against values of hundreds to thousands of chars that sometimes hold a pattern's text, decide as
     * trying each reference pattern in turn does.
     */
    @TestFactory
    Stream<DynamicTest> searchingListsOnLongValues() {
        Random random = new Random(23);
        List<DynamicTest> tests = new ArrayList<>();
        for (Dialect dialect : DIALECTS) {
            tests.add(DynamicTest.dynamicTest("searching lists " + dialect.name(), () -> {
                int matched = 0;
                int unmatched = 0;
                for (int list = 0; list < 60; list++) {
                    List<String> patterns = new ArrayList<>();
                    for (int i = 8 + random.nextInt(33); i > 0; i--) {
                        // runs of several chars, so that a random value seldom holds one and the embedded one decides
                        StringBuilder p = new StringBuilder(random.nextInt(4) == 0 ? "" : "*");
                        for (int j = 4 + random.nextInt(5); j > 0; j--) {
                            int pick = random.nextInt(ALPHABET.length + 2);
                            p.append(pick < ALPHABET.length ? ALPHABET[pick] : pick % 2 == 0 ? "*" : "?");
                        }
                        patterns.add(p.append(random.nextInt(4) == 0 ? "" : "*").toString());
                    }
                    boolean ci = random.nextBoolean();
                    boolean mixed = random.nextInt(6) == 0;
                    List<Wildcards> compiled = new ArrayList<>();
                    List<WildcardsReference> reference = new ArrayList<>();
                    for (String pattern : patterns) {
                        boolean mode = mixed && random.nextBoolean() ? !ci : ci;
                        compiled.add(dialect.compiled().apply(pattern, mode));
                        reference.add(dialect.reference().apply(pattern, mode));
                    }
                    WildcardSet set = WildcardSet.of(compiled);
                    for (int v = 0; v < 12; v++) {
                        StringBuilder value = new StringBuilder();
                        for (int length = 200 + random.nextInt(3000); value.length() < length; ) {
                            if (random.nextInt(800) == 0) {
                                String embedded = patterns.get(random.nextInt(patterns.size()))
                                        .replace("\\", "")
                                        .replace("*", random.nextBoolean() ? "" : "kS")
                                        .replace("?", "ß");
                                value.append(random.nextBoolean() ? embedded.toUpperCase(Locale.ROOT) : embedded);
                            } else {
                                value.append(ALPHABET[random.nextInt(ALPHABET.length)]);
                            }
                        }
                        String text = value.toString();
                        boolean expected = reference.stream().anyMatch(r -> r.matches(text));
                        assertEquals(expected, set.matches(text), () -> compiled + " on " + escape(text));
                        matched += expected ? 1 : 0;
                        unmatched += expected ? 0 : 1;
                    }
                }
                assertTrue(matched > 50 && unmatched > 50, "matched " + matched + ", unmatched " + unmatched);
            }));
        }
        return tests.stream();
    }

    /** One test per dialect and case mode: every pattern against every value, each verdict as the reference's. */
    private static Stream<DynamicTest> cases(String family, List<String> patterns, List<String> values) {
        List<DynamicTest> tests = new ArrayList<>();
        for (Dialect dialect : DIALECTS) {
            for (boolean ci : new boolean[] {false, true}) {
                tests.add(DynamicTest.dynamicTest(
                        family + " " + dialect.name() + (ci ? " case-insensitive" : ""), () -> {
                            int matched = 0;
                            for (String pattern : patterns) {
                                Wildcards compiled = dialect.compiled().apply(pattern, ci);
                                WildcardsReference reference =
                                        dialect.reference().apply(pattern, ci);
                                for (String value : values) {
                                    boolean expected = reference.matches(value);
                                    assertEquals(
                                            expected,
                                            compiled.matches(value),
                                            () -> "pattern " + escape(pattern) + " on " + escape(value));
                                    matched += expected ? 1 : 0;
                                }
                            }
                            assertTrue(matched > 0, "the values should match some patterns");
                        }));
            }
        }
        return tests.stream();
    }

    /** The base with nothing, '*' or '?' in each of its gaps (3^(gaps) patterns). */
    private static List<String> gapVariants(String base) {
        List<String> chars = codePoints(base);
        List<String> out = new ArrayList<>();
        int gaps = chars.size() + 1;
        int total = (int) Math.pow(3, gaps);
        for (int combo = 0; combo < total; combo++) {
            StringBuilder p = new StringBuilder();
            int c = combo;
            for (int g = 0; g < gaps; g++) {
                p.append(
                        switch (c % 3) {
                            case 1 -> "*";
                            case 2 -> "?";
                            default -> "";
                        });
                c /= 3;
                if (g < chars.size()) {
                    p.append(chars.get(g));
                }
            }
            out.add(p.toString());
        }
        return out;
    }

    /**
     * Values: each pattern's text with its wildcards replaced (by nothing, by one char, by a run), in lower, upper
     * and original case, plus random strings of the alphabet.
     */
    private static List<String> values(List<String> patterns, Random random, int randomCount) {
        Set<String> values = new LinkedHashSet<>();
        values.add("");
        for (String pattern : patterns) {
            for (String fill : new String[] {"", "x", "kß", "aKSİ"}) {
                String v = pattern.replace("\\", "")
                        .replace("*", fill)
                        .replace("?", fill.isEmpty() ? "s" : fill.substring(0, 1));
                values.add(v);
                values.add(v.toUpperCase(Locale.ROOT));
                values.add(v.toLowerCase(Locale.ROOT));
            }
        }
        for (int i = 0; i < randomCount; i++) {
            StringBuilder v = new StringBuilder();
            for (int j = random.nextInt(9); j > 0; j--) {
                v.append(ALPHABET[random.nextInt(ALPHABET.length)]);
            }
            values.add(v.toString());
        }
        return new ArrayList<>(values);
    }

    private static List<String> codePoints(String s) {
        return s.codePoints().mapToObj(Character::toString).toList();
    }

    private static String escape(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            out.append(c < 128 ? String.valueOf(c) : String.format("\\u%04X", (int) c));
        }
        return out.append('"').toString();
    }
}
