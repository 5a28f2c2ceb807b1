package io.verdict.esql.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class LikePatternTest {

    @TestFactory
    Stream<DynamicTest> likeCases() {
        return TextCases.read("like.tsv", 3).stream().map(row -> DynamicTest.dynamicTest(
                "like.tsv:" + row.line() + " [" + row.get(0) + "] on [" + abbreviate(row.get(1)) + "]",
                () -> assertEquals(Boolean.parseBoolean(row.get(2)), LikePattern.compile(row.get(0)).matches(row.get(1)))));
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

    static String abbreviate(String s) {
        return s.length() > 30 ? s.substring(0, 30) + "\u2026" : s;
    }
}
