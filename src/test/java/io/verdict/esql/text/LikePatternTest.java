package io.verdict.esql.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.WildcardQuery;
import org.apache.lucene.util.automaton.CharacterRunAutomaton;
import org.apache.lucene.util.automaton.Operations;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class LikePatternTest {

    @TestFactory
    Stream<DynamicTest> likeCases() {
        return TextCases.read("like.tsv", 3).stream()
                .map(row -> DynamicTest.dynamicTest(
                        "like.tsv:" + row.line() + " [" + row.get(0) + "] on [" + abbreviate(row.get(1)) + "]",
                        () -> assertEquals(
                                Boolean.parseBoolean(row.get(2)),
                                LikePattern.compile(row.get(0)).matches(row.get(1)))));
    }

    @Test
    void aPatternIsCompiledOnceAndReusedAcrossValues() {
        LikePattern pattern = LikePattern.compile("*\\\\powershell.exe");
        assertEquals("*\\\\powershell.exe", pattern.pattern());
        assertEquals(true, pattern.matches("C:\\Windows\\powershell.exe"));
        assertEquals(false, pattern.matches("C:\\Windows\\pwsh.exe"));
        assertEquals(true, pattern.matches("\\powershell.exe"));
    }

    @Test
    void anEmptyLikePatternMatchesTheEmptyValueOnly() {
        assertEquals(true, LikePattern.compile("").matches(""));
        assertEquals(false, LikePattern.compile("").matches("a"));
    }

    @Test
    void theSimpleShapesSayWhatLucenesWildcardAutomatonSays() {
        char[] alphabet = {'a', 'b', '*', '?', '\\'};
        List<String> patterns = strings(alphabet, 5);
        List<String> values = strings(new char[] {'a', 'b', '*', '\\'}, 4);
        int compared = 0;
        for (String pattern : patterns) {
            if (pattern.isEmpty()) {
                continue;
            }
            CharacterRunAutomaton lucene = new CharacterRunAutomaton(Operations.determinize(
                    WildcardQuery.toAutomaton(new Term("", pattern)), Operations.DEFAULT_DETERMINIZE_WORK_LIMIT));
            LikePattern like = LikePattern.compile(pattern);
            for (String value : values) {
                assertEquals(lucene.run(value), like.matches(value), () -> "[" + pattern + "] on [" + value + "]");
                compared++;
            }
        }
        assertEquals(3905 * 341, compared);
    }

    private static List<String> strings(char[] alphabet, int maxLength) {
        List<String> out = new ArrayList<>(List.of(""));
        List<String> last = List.of("");
        for (int length = 1; length <= maxLength; length++) {
            List<String> next = new ArrayList<>();
            for (String s : last) {
                for (char c : alphabet) {
                    next.add(s + c);
                }
            }
            out.addAll(next);
            last = next;
        }
        return out;
    }

    static String abbreviate(String s) {
        return s.length() > 30 ? s.substring(0, 30) + "\u2026" : s;
    }
}
