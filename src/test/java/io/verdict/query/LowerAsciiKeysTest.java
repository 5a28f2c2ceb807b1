package io.verdict.query;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * {@link LowerAsciiKeys} finds, for an ASCII text, exactly the key that {@code text.toLowerCase(Locale.ROOT)}
 * (and the char-by-char fold of equalsIgnoreCase) equals, and declines every text with a non-ASCII char. Keys
 * that are not lower-case ASCII are never found.
 */
class LowerAsciiKeysTest {

    private static final List<String> KEYS = List.of(
            "cmd.exe",
            "powershell.exe",
            "",
            "a",
            "c:\\windows\\system32",
            "Upper",
            "straße",
            "ﬃ",
            "k",
            "s",
            "i",
            "x-y_z 1");

    @TestFactory
    Stream<DynamicTest> texts() {
        List<String> texts = List.of(
                "cmd.exe",
                "CMD.EXE",
                "Cmd.Exe",
                "cmd.ex",
                "cmd.exe ",
                "",
                "A",
                "a",
                "b",
                "PowerShell.EXE",
                "C:\\Windows\\System32",
                "c:\\windows\\system3",
                "UPPER",
                "Upper",
                "upper",
                "STRASSE",
                "straße",
                "K",
                "\u212A",
                "ſ",
                "S",
                "İ",
                "I",
                "ı",
                "X-Y_Z 1",
                "x-y_z 1",
                "x-y_z 2",
                "@[`{",
                "\u007F",
                "é",
                "cmd.exé");
        LowerAsciiKeys keys = new LowerAsciiKeys(KEYS);
        List<DynamicTest> tests = new ArrayList<>();
        for (String text : texts) {
            tests.add(DynamicTest.dynamicTest("\"" + text + "\"", () -> assertEquals(expected(text), keys.find(text))));
        }
        return tests.stream();
    }

    /** What find must answer: NOT_ASCII for a non-ASCII text, else the position of the key its lower case is. */
    private static int expected(String text) {
        if (text.chars().anyMatch(c -> c >= 128)) {
            return LowerAsciiKeys.NOT_ASCII;
        }
        String lower = text.toLowerCase(Locale.ROOT);
        for (int i = 0; i < KEYS.size(); i++) {
            if (KEYS.get(i).equals(lower) && KEYS.get(i).chars().allMatch(c -> c < 128)) {
                return i;
            }
        }
        return LowerAsciiKeys.ABSENT;
    }
}
