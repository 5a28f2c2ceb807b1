package io.verdict.esql.function;

import static io.verdict.esql.function.Invoke.expect;
import static io.verdict.esql.function.Invoke.fails;
import static io.verdict.esql.function.Invoke.mv;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.verdict.esql.value.DataType;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class StringFunctionsTest {

    private static final String MV = "single-value function encountered multi-value";

    @TestFactory
    Stream<DynamicTest> caseAndLength() {
        return Stream.of(
                expect("some text", "TO_LOWER", "Some Text"),
                expect("SOME TEXT", "TO_UPPER", "Some Text"),
                expect(mv("a", "b"), "TO_LOWER", mv("A", "B")),
                expect("i", "TO_LOWER", "I"),
                expect(null, "TO_LOWER", (Object) null),
                expect(5, "LENGTH", "hello"),
                expect(0, "LENGTH", ""),
                expect(1, "LENGTH", "¡"),
                expect(2, "LENGTH", "❗️"),
                expect(1, "LENGTH", "\uD83D\uDE00"),
                fails(IllegalArgumentException.class, MV, "LENGTH", mv("a", "b")));
    }

    @TestFactory
    Stream<DynamicTest> cutting() {
        return Stream.of(
                expect("cello", "SUBSTRING", "Facello", 3),
                expect("c", "SUBSTRING", "Facello", 3, 1),
                expect("llo", "SUBSTRING", "Facello", -3),
                expect("o", "SUBSTRING", "llo", -1),
                expect("epsil", "SUBSTRING", "epsilon", 0, 5),
                expect("", "SUBSTRING", "abc", 10),
                expect("abc", "SUBSTRING", "abc", -10),
                fails(
                        IllegalArgumentException.class,
                        "Length parameter cannot be negative, found [-1]",
                        "SUBSTRING",
                        "abc",
                        1,
                        -1),
                expect("Fac", "LEFT", "Facello", 3),
                expect("", "LEFT", "Facello", -1),
                expect("Facello", "LEFT", "Facello", 30),
                expect("llo", "RIGHT", "Facello", 3),
                expect("", "RIGHT", "Facello", 0),
                expect(3, "LOCATE", "hello", "ll"),
                expect(0, "LOCATE", "hello", "x"),
                expect(4, "LOCATE", "hello", "l", 4),
                expect(1, "LOCATE", "hello", ""),
                expect(true, "STARTS_WITH", "epsilon", "eps"),
                expect(false, "STARTS_WITH", "Epsilon", "eps"),
                expect(true, "ENDS_WITH", "cmd.exe", ".exe"),
                expect(true, "CONTAINS", "powershell -enc", "-enc"),
                expect("some text", "TRIM", "   some text  "),
                expect("some text  ", "LTRIM", "   some text  "),
                expect("   some text", "RTRIM", "   some text  "),
                expect("a/b", "CONCAT", "a", "/", "b"),
                expect(null, "CONCAT", "a", null),
                fails(IllegalArgumentException.class, MV, "CONCAT", "a", mv("b", "c")));
    }

    @TestFactory
    Stream<DynamicTest> replacing() {
        return Stream.of(
                expect("Hello Universe", "REPLACE", "Hello World", "World", "Universe"),
                expect("b-a", "REPLACE", "a-b", "(\\w)-(\\w)", "$2-$1"),
                expect("xx", "REPLACE", "aa", "a", "x"),
                expect(null, "REPLACE", null, "a", "x"));
    }

    @TestFactory
    Stream<DynamicTest> building() {
        return Stream.of(
                expect(mv("foo", "bar", "baz"), "SPLIT", "foo;bar;baz", ";"),
                expect(mv("a", "", "b", ""), "SPLIT", "a;;b;", ";"),
                expect("abc", "SPLIT", "abc", ";"),
                expect("   ", "SPACE", 3),
                expect("", "SPACE", 0),
                fails(IllegalArgumentException.class, "Number parameter cannot be negative, found [-1]", "SPACE", -1),
                expect("abab", "REPEAT", "ab", 2),
                expect("cba", "REVERSE", "abc"),
                expect("a b&c=d", "URL_DECODE", "a+b%26c%3Dd"),
                expect("https://example.com/?q=a b", "URL_DECODE", "https%3A%2F%2Fexample.com%2F%3Fq%3Da%20b"),
                expect("a+b%26c", "URL_ENCODE", "a b&c"),
                expect("hello", "FROM_BASE64", "aGVsbG8="),
                expect("aGVsbG8=", "TO_BASE64", "hello"),
                expect("5d41402abc4b2a76b9719d911017c592", "MD5", "hello"),
                expect("aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d", "SHA1", "hello"),
                expect("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824", "SHA256", "hello"),
                expect("5d41402abc4b2a76b9719d911017c592", "HASH", "md5", "hello"),
                expect(3, "BYTE_LENGTH", "é!"),
                expect(24, "BIT_LENGTH", "é!"));
    }

    @Test
    void replaceWithAnInvalidConstantPatternIsAVerificationError() {
        assertThrows(IllegalArgumentException.class, () -> Invoke.bind("REPLACE", "a", "(", "b"));
    }

    @Test
    void replaceWithAnInvalidComputedPatternIsANullWithAWarning() {
        ScalarFunction.Bound bound =
                Invoke.bindColumns("REPLACE", List.of(DataType.KEYWORD, DataType.KEYWORD, DataType.KEYWORD));
        Object answer = Invoke.apply(bound, "a", "(", "b");
        assertEquals(java.util.regex.PatternSyntaxException.class, ((Invoke.Failed) answer).type());
    }

    @Test
    void stringFunctionsAnswerKeywordForText() {
        for (String name : List.of("TO_LOWER", "TO_UPPER", "SUBSTRING", "TRIM", "LEFT")) {
            List<DataType> types = name.equals("SUBSTRING") || name.equals("LEFT")
                    ? List.of(DataType.TEXT, DataType.INTEGER)
                    : List.of(DataType.TEXT);
            assertEquals(DataType.KEYWORD, Invoke.bindColumns(name, types).type(), name);
        }
        assertEquals(
                DataType.INTEGER,
                Invoke.bindColumns("LENGTH", List.of(DataType.TEXT)).type());
    }

    @Test
    void aWrongArgumentTypeNamesItsPositionAndTypes() {
        ArgumentTypeException e = assertThrows(
                ArgumentTypeException.class, () -> Invoke.bindColumns("LENGTH", List.of(DataType.INTEGER)));
        assertEquals(
                "argument of [LENGTH(x)] must be [string], found value [x] type [integer]",
                e.message("LENGTH(x)", "x"));
        ArgumentTypeException second = assertThrows(
                ArgumentTypeException.class,
                () -> Invoke.bindColumns("STARTS_WITH", List.of(DataType.KEYWORD, DataType.LONG)));
        assertEquals(1, second.position());
        assertEquals(
                "second argument of [STARTS_WITH(a, 1)] must be [string], found value [1] type [long]",
                second.message("STARTS_WITH(a, 1)", "1"));
    }

    @Test
    void aWrongNumberOfArgumentsIsAVerificationError() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> Invoke.bindColumns("CONCAT", List.of(DataType.KEYWORD)));
        assertEquals("error building [concat]: expects at least two arguments", e.getMessage());
        assertEquals(
                "error building [length]: expects exactly one argument",
                assertThrows(IllegalArgumentException.class, () -> Invoke.bindColumns("LENGTH", List.of()))
                        .getMessage());
        assertEquals(
                "error building [substring]: expects two or three arguments",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> Invoke.bindColumns("SUBSTRING", List.of(DataType.KEYWORD)))
                        .getMessage());
    }
}
