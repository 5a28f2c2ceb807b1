package io.verdict.esql.text;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.time.Duration;
import java.util.List;

/**
 * Fuzzes the text libraries with arbitrary patterns and values: a pattern compiles or is an
 * {@link IllegalArgumentException}; a compiled pattern matches or not (a GROK match may give up at its time limit),
 * never another exception, an error or a hang. Rules bring their own patterns, so these are untrusted input.
 */
class TextPatternFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void compileAndMatch(FuzzedDataProvider data) {
        int which = data.consumeInt(0, 3);
        String pattern = data.consumeString(200);
        String value = data.consumeRemainingAsString();
        try {
            switch (which) {
                case 0 -> LikePattern.compile(pattern).matches(value);
                case 1 -> RlikePattern.compile(pattern).matches(value);
                case 2 -> Dissect.compile(pattern, ",").parse(value);
                default -> Grok.compile(List.of(pattern), Duration.ofMillis(20)).match(value);
            }
        } catch (IllegalArgumentException | Grok.TimedOut expected) {
            // a bad pattern, or a match given up
        }
    }
}
