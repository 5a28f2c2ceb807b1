package io.verdict.kql;

import static org.assertj.core.api.Assertions.assertThat;

import io.verdict.event.Schema;
import io.verdict.event.TextAnalyzer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.pattern.PatternTokenizer;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Verdict's words for text fields against Lucene analyzers built here, independently, from Elasticsearch's
 * definitions: the {@code standard} analyzer (standard tokenizer, tokens of at most 255 characters, lower case, no
 * stop words) and the windows integration's script-block analyzer (a {@code pattern} analyzer on
 * {@code [\W&&[^-]]+}, lower case). Compared on every literal the corpus's script-block rules test that field with
 * (read from the rules by the KQL parser) and on 200 seeded generated strings; a few expectations from
 * Elasticsearch's documentation pin both to Elasticsearch rather than to Lucene as used here.
 */
class ScriptBlockTokensTest {

    private static final TextAnalyzer SCRIPT_BLOCK = Schema.catalog().analyzerOf(ScriptBlockRules.TEXT);

    private static final Analyzer STANDARD = new Analyzer() {
        @Override
        protected TokenStreamComponents createComponents(String fieldName) {
            StandardTokenizer tokenizer = new StandardTokenizer();
            tokenizer.setMaxTokenLength(255);
            return new TokenStreamComponents(tokenizer, new LowerCaseFilter(tokenizer));
        }
    };

    private static final Analyzer POWERSHELL = new Analyzer() {
        @Override
        protected TokenStreamComponents createComponents(String fieldName) {
            PatternTokenizer tokenizer = new PatternTokenizer(Pattern.compile("[\\W&&[^-]]+"), -1);
            return new TokenStreamComponents(tokenizer, new LowerCaseFilter(tokenizer));
        }
    };

    @Test
    void theScriptBlockFieldUsesThePowerShellPatternAnalyzer() {
        assertThat(SCRIPT_BLOCK.name()).isEqualTo("powershell_script_analyzer");
        assertThat(Schema.catalog().mappingOf(ScriptBlockRules.TEXT).mappingType())
                .isEqualTo("text");
    }

    @TestFactory
    Stream<DynamicTest> ruleLiteralsAnalyseAsLuceneDoes() {
        Set<String> literals = new LinkedHashSet<>();
        ScriptBlockRules.all().forEach(r -> literals.addAll(r.textLiterals()));
        assertThat(literals).hasSizeGreaterThan(500);
        return literals.stream().map(s -> DynamicTest.dynamicTest(s, () -> assertSameTokens(s)));
    }

    @TestFactory
    Stream<DynamicTest> generatedStringsAnalyseAsLuceneDoes() {
        List<String> strings = generated(200, 16_104);
        return java.util.stream.IntStream.range(0, strings.size()).mapToObj(i -> {
            String s = strings.get(i);
            String shown = (s.length() > 60 ? s.substring(0, 60) + "... (" + s.length() + " chars)" : s)
                    .replace("\r", "\\r")
                    .replace("\n", "\\n")
                    .replace("\t", "\\t");
            return DynamicTest.dynamicTest("#" + i + " '" + shown + "'", () -> assertSameTokens(s));
        });
    }

    /** Examples of Elasticsearch's analyzer documentation, and what its definitions imply for script blocks. */
    @Test
    void elasticsearchDocumentedTokens() {
        String doc = "The 2 QUICK Brown-Foxes jumped over the lazy dog's bone.";
        assertThat(TextAnalyzer.standard().tokens(doc))
                .containsExactly(
                        "the", "2", "quick", "brown", "foxes", "jumped", "over", "the", "lazy", "dog's", "bone");
        // the pattern analyzer's documented example, with its default pattern \W+ and lower case
        assertThat(TextAnalyzer.pattern("doc", "\\W+", true).tokens(doc))
                .containsExactly(
                        "the", "2", "quick", "brown", "foxes", "jumped", "over", "the", "lazy", "dog", "s", "bone");
        // the script-block pattern keeps '-' inside words: cmdlet names and parameters stay whole
        assertThat(SCRIPT_BLOCK.tokens(doc))
                .containsExactly(
                        "the", "2", "quick", "brown-foxes", "jumped", "over", "the", "lazy", "dog", "s", "bone");
        assertThat(SCRIPT_BLOCK.tokens(
                        "[DllImport(\"user32.dll\")] public static extern short GetAsyncKeyState(int k);"))
                .containsExactly(
                        "dllimport",
                        "user32",
                        "dll",
                        "public",
                        "static",
                        "extern",
                        "short",
                        "getasynckeystate",
                        "int",
                        "k");
        assertThat(SCRIPT_BLOCK.tokens("Set-MpPreference -DisableRealtimeMonitoring $true"))
                .containsExactly("set-mppreference", "-disablerealtimemonitoring", "true");
        // Java's \W without UNICODE_CHARACTER_CLASS, as Elasticsearch compiles the pattern: non-ASCII letters split
        // words
        assertThat(SCRIPT_BLOCK.tokens("Zoë's naïve café_1")).containsExactly("zo", "s", "na", "ve", "caf", "_1");
        // the standard tokenizer splits a word longer than max_token_length (255) at that length
        String longWord = "a".repeat(600);
        assertThat(TextAnalyzer.standard().tokens(longWord))
                .containsExactly("a".repeat(255), "a".repeat(255), "a".repeat(90));
        // the pattern tokenizer has no such limit
        assertThat(SCRIPT_BLOCK.tokens(longWord)).containsExactly(longWord);
        assertThat(SCRIPT_BLOCK.normalize("DllImport")).isEqualTo("dllimport");
        assertThat(TextAnalyzer.standard().normalize("DllImport")).isEqualTo("dllimport");
    }

    private static void assertSameTokens(String s) {
        assertThat(SCRIPT_BLOCK.tokens(s)).as("pattern analyzer").isEqualTo(tokens(POWERSHELL, s));
        assertThat(TextAnalyzer.standard().tokens(s)).as("standard analyzer").isEqualTo(tokens(STANDARD, s));
    }

    private static List<String> tokens(Analyzer analyzer, String text) {
        List<String> tokens = new ArrayList<>();
        try (TokenStream stream = analyzer.tokenStream("f", text)) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                tokens.add(term.toString());
            }
            stream.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return tokens;
    }

    private static final String[] PIECES = {
        "Invoke-Expression",
        "IEX",
        "$env:TEMP",
        "[Convert]::FromBase64String(",
        "-join",
        "@(",
        ")",
        "{",
        "}",
        "|",
        "%{$_}",
        "`n",
        "'",
        "\"",
        "$($x)",
        "::",
        "..",
        ";",
        "\r\n",
        "\t",
        " ",
        "  ",
        "-",
        "--",
        "_",
        "__init__",
        "0x4d5a",
        "1.5e3",
        "3,14",
        "10.0.0.1",
        "C:\\Windows\\System32",
        "https://example.org/a?b=c&d=e",
        "a@b.example",
        "dog's",
        "O'Brien",
        "İstanbul",
        "straße",
        "ǅ",
        "ß",
        "Ωμέγα",
        "Добрый",
        "naïve",
        "ﬃ",
        "١٢٣",
        "שָׁלוֹם",
        "漢字かな交じり文",
        "한국어",
        "ひらがな",
        "カタカナ",
        "😀",
        "👍🏽",
        "🇫🇷",
        "👨‍👩‍👧",
        "\u200d",
        "\u00a0",
        "\ufeff",
        "\ud800",
        "\udc00",
        "<#",
        "#>",
        "#",
        "@\"",
        "\"@",
        "[char]0x41",
        "+",
        "*",
        "?",
        "=",
        "==",
        "!=",
        "<=",
        "&&",
        "%",
        "^",
        "~",
        "\\",
        "/",
        ",",
        "."
    };

    /** {@code count} strings from a seeded generator: words, digits, punctuation, PowerShell, scripts, emoji, long words. */
    static List<String> generated(int count, long seed) {
        Random random = new Random(seed);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            StringBuilder s = new StringBuilder();
            int parts = 1 + random.nextInt(12);
            for (int p = 0; p < parts; p++) {
                switch (random.nextInt(6)) {
                    case 0 -> s.append(PIECES[random.nextInt(PIECES.length)]);
                    case 1 -> s.append(word(random, 1 + random.nextInt(12)));
                    case 2 -> s.append(random.nextInt(100_000));
                    case 3 -> s.append((char) (0x21 + random.nextInt(0x5e)));
                    case 4 -> s.appendCodePoint(0xa1 + random.nextInt(0x2fff));
                    default -> s.append(i % 10 == 0 ? word(random, 240 + random.nextInt(400)) : " ");
                }
            }
            out.add(s.toString());
        }
        return out;
    }

    private static String word(Random random, int length) {
        StringBuilder word = new StringBuilder();
        for (int i = 0; i < length; i++) {
            int kind = random.nextInt(4);
            word.append(
                    kind == 0
                            ? (char) ('A' + random.nextInt(26))
                            : kind == 1 ? (char) ('0' + random.nextInt(10)) : (char) ('a' + random.nextInt(26)));
        }
        return word.toString();
    }
}
