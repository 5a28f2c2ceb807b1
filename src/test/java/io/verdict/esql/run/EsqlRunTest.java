package io.verdict.esql.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The semantics of the evaluator on {@code ROW} queries, one case per block: the query on its first line, then the
 * result as {@link Table#render} writes it (header, rows, {@code warning:} lines).
 */
class EsqlRunTest {

    private static final String CASES = """
            ROW a = 1, b = null | EVAL c = a + b
            a:integer | b:null | c:integer
            1 | null | null

            ROW x = null | EVAL a = true AND x, b = false AND x, c = true OR x, d = false OR x, e = NOT x | DROP x
            a:boolean | b:boolean | c:boolean | d:boolean | e:boolean
            null | false | true | null | null

            ROW a = [1, 2] | EVAL b = a + 1
            a:integer | b:integer
            [1, 2] | null
            warning:Line 1:27: evaluation of [a + 1] failed, treating result as null. Only first 20 failures recorded.
            warning:Line 1:27: java.lang.IllegalArgumentException: single-value function encountered multi-value

            ROW a = [5, 2] | EVAL b = a == 5
            a:integer | b:boolean
            [5, 2] | null
            warning:Line 1:27: evaluation of [a == 5] failed, treating result as null. Only first 20 failures recorded.
            warning:Line 1:27: java.lang.IllegalArgumentException: single-value function encountered multi-value

            ROW x = 1 | EVAL a = x IN (1, null), b = x IN (5, null), c = x IN (2, 3), d = x NOT IN (2, 3), e = null IN (1)
            x:integer | a:boolean | b:boolean | c:boolean | d:boolean | e:boolean
            1 | true | null | false | true | null

            ROW x = 2147483647 | EVAL y = x + 1, z = x / 0, w = x + 1.5
            x:integer | y:integer | z:integer | w:double
            2147483647 | null | null | 2.1474836485E9
            warning:Line 1:31: evaluation of [x + 1] failed, treating result as null. Only first 20 failures recorded.
            warning:Line 1:31: java.lang.ArithmeticException: integer overflow
            warning:Line 1:42: evaluation of [x / 0] failed, treating result as null. Only first 20 failures recorded.
            warning:Line 1:42: java.lang.ArithmeticException: / by zero

            ROW x = 5 | EVAL a = CASE(x > 3, "big", "small"), b = CASE(x < 3, "small"), c = CASE(x > 3, 1, 2.5)
            x:integer | a:keyword | b:keyword | c:double
            5 | big | null | 1.0

            ROW foo = CASE([true, true], "a", "b")
            foo:keyword
            b
            warning:Line 1:11: evaluation of [CASE([true, true], "a", "b")] failed, treating result as false. Only first 20 failures recorded.
            warning:Line 1:11: java.lang.IllegalArgumentException: single-value function encountered multi-value

            ROW a = null, b = 1, c = 2.5 | EVAL d = COALESCE(a, b, c), e = COALESCE(a, [1, 2])
            a:null | b:integer | c:double | d:double | e:integer
            null | 1 | 2.5 | 1.0 | [1, 2]

            ROW a = 1, b = 2 | EVAL a = 3
            b:integer | a:integer
            2 | 3

            ROW a1 = 1, b = 2, a2 = 3 | KEEP b, a*
            b:integer | a1:integer | a2:integer
            2 | 1 | 3

            ROW a1 = 1, b = 2, a2 = 3 | KEEP a*, b, a1
            a2:integer | b:integer | a1:integer
            3 | 2 | 1

            ROW a1 = 1, b = 2, a2 = 3 | KEEP a1, *
            a1:integer | b:integer | a2:integer
            1 | 2 | 3

            ROW a = 1, b = 2, c = 3 | DROP a* | RENAME b AS x, c AS b
            x:integer | b:integer
            2 | 3

            ROW x = [3, 1, 2] | MV_EXPAND x | SORT x DESC
            x:integer
            3
            2
            1

            ROW x = [1, 2, 3] | MV_EXPAND x | EVAL y = CASE(x == 2, null, x) | SORT y | KEEP y
            y:integer
            1
            3
            null

            ROW x = [1, 2, 3] | MV_EXPAND x | EVAL y = CASE(x == 2, null, x) | SORT y DESC | KEEP y
            y:integer
            null
            3
            1

            ROW x = [1, 2, 3] | MV_EXPAND x | EVAL y = CASE(x == 2, null, x) | SORT y NULLS FIRST | KEEP y
            y:integer
            null
            1
            3

            ROW s = "C:\\\\Windows\\\\cmd.exe" | EVAL a = s LIKE "C:\\\\\\\\Windows\\\\\\\\*.exe", b = s LIKE "c:*", c = s RLIKE ".*cmd\\\\.exe", d = s NOT LIKE "*.exe", e = s LIKE ("x*", "*cmd*")
            s:keyword | a:boolean | b:boolean | c:boolean | d:boolean | e:boolean
            C:\\Windows\\cmd.exe | true | false | true | false | true

            ROW s = "abc" | EVAL a = s == "abc", b = s < "abd", c = "A" < "a", d = s =~ "ABC"
            s:keyword | a:boolean | b:boolean | c:boolean | d:boolean
            abc | true | true | true | true

            ROW x = 1 | EVAL y = x IS NULL, z = x IS NOT NULL, w = [1, 2] IS NULL
            x:integer | y:boolean | z:boolean | w:boolean
            1 | false | true | false

            ROW k = ["a", "b"], v = 1 | STATS c = COUNT(*), s = SUM(v) BY k | SORT k
            c:long | s:long | k:keyword
            1 | 1 | a
            1 | 1 | b

            ROW k = null, v = [1, 2, 3] | STATS c = COUNT(v), n = COUNT(*) + 1, m = MAX(v) * 2 BY k
            c:long | n:long | m:integer | k:null
            3 | 2 | 6 | null

            ROW v = 1 | WHERE v > 5 | STATS c = COUNT(*), m = MAX(v)
            c:long | m:integer
            0 | null

            ROW v = 1 | WHERE v > 5 | STATS c = COUNT(*) BY v
            c:long | v:integer

            ROW v = [1, 2, 3] | MV_EXPAND v | STATS a = COUNT(*) WHERE v > 1, b = COUNT(*), MAX(v)
            a:long | b:long | MAX(v):integer
            2 | 3 | 3

            ROW v = [1, 2, 3], g = "x" | MV_EXPAND v | INLINE STATS m = MAX(v) BY g | SORT v
            v:integer | m:integer | g:keyword
            1 | 3 | x
            2 | 3 | x
            3 | 3 | x

            ROW x = 1 | LIMIT 0
            x:integer

            ROW a = "1.5" | EVAL b = a::double
            a:keyword | b:double
            1.5 | 1.5

            ROW d = "2024-01-01T00:00:00Z" | EVAL t = TO_DATETIME(d) | EVAL later = t + 1 hour, cmp = t > "2023-12-31"
            d:keyword | t:date | later:date | cmp:boolean
            2024-01-01T00:00:00Z | 2024-01-01T00:00:00Z | 2024-01-01T01:00:00Z | true
            """;

    private static String run(String query) {
        return Table.render(Table.run(Table.types(Map.of()), query));
    }

    @Test
    void anEvalAfterStatsHasRoomForItsColumn() {
        assertEquals("c:long | d:long\n1 | 2", run("ROW v = 1 | STATS c = COUNT(*) | EVAL d = c + 1"));
    }

    @Test
    void aggregationsAndTheirFiltersSeeTheGroupAliases() {
        assertEquals(
                "c:long | m:integer | l:integer\n1 | 3 | 3\n1 | null | 1",
                run(
                        "ROW v = [1, 3] | MV_EXPAND v | STATS c = COUNT(l), m = MAX(l) WHERE l > 1 BY l = v | SORT l DESC"));
    }

    @Test
    void aGroupShadowedByALaterOneWithItsNameIsNoGroupAndIsWarnedOf() {
        assertEquals(
                "n:long | l:integer\n2 | 7\nwarning:Line 1:54: Field 'l' shadowed by field at line 1:61",
                run("ROW v = [1, 3] | MV_EXPAND v | STATS n = COUNT(*) BY l = v, l = 7"));
    }

    @Test
    void aRowIsInAGroupOnceHoweverOftenItsKeyRepeatsAValue() {
        assertEquals(
                "n:long | k:boolean\n1 | false\n1 | true",
                run("ROW k = [false, false, true] | STATS n = COUNT(*) BY k | SORT k"));
    }

    @Test
    void renamingAColumnToItselfKeepsIt() {
        assertEquals("a:integer | b:integer\n1 | 2", run("ROW a = 1, b = 2 | RENAME a AS a"));
    }

    @Test
    void aLikePatternMayComeFromAColumnKnownBeforeAnyRow() {
        assertEquals(
                "a:keyword | p:keyword | m:boolean\nabc | a* | true",
                run("ROW a = \"abc\" | EVAL p = \"a*\" | EVAL m = a LIKE p"));
    }

    @Test
    void aMultivaluedElementOfAnInListIsNullWithAWarningAndTheOthersStillMatch() {
        assertEquals("""
                x:integer | y:integer | a:boolean
                2 | [1, 3] | true
                warning:Line 1:34: evaluation of [x IN (y, 2)] failed, treating result as null. Only first 20 failures recorded.
                warning:Line 1:34: java.lang.IllegalArgumentException: single-value function encountered multi-value""", run("ROW x = 2, y = [1, 3] | EVAL a = x IN (y, 2)"));
    }

    @Test
    void aDateBeyondTheMillisecondsOfALongIsAnOverflowNotADate() {
        assertEquals("""
                plus:date
                null
                warning:Line 1:57: evaluation of [dt + 1 day] failed, treating result as null. Only first 20 failures recorded.
                warning:Line 1:57: java.lang.ArithmeticException: long overflow""", run("ROW dt = TO_DATETIME(9223372036854775807) | EVAL plus = dt + 1 day | KEEP plus"));
    }

    @Test
    void dropMayNameAColumnTwiceOrAfterAPatternTookIt() {
        assertEquals("b:integer\n2", run("ROW a = 1, b = 2, ab = 3 | DROP a, a*, a, ab"));
    }

    @Test
    void mvExpandBeforeALimitMakesNoMoreRowsThanTheLimitKeeps() {
        String values = "[" + String.join(", ", java.util.Collections.nCopies(100, "1")) + "]";
        assertEquals(
                "n:long\n5",
                run("ROW a = " + values + ", b = " + values + ", c = " + values + ", d = " + values
                        + " | MV_EXPAND a | MV_EXPAND b | MV_EXPAND c | MV_EXPAND d | LIMIT 5 | STATS n = COUNT(*)"));
    }

    @Test
    void aStringLiteralWhereAFunctionTakesANumberIsReadAsOne() {
        assertEquals("a:double\n10.0", run("ROW a = ABS(\"-10.0\")"));
    }

    @Test
    void notLikeAPatternOfAnyStringKeepsTheNullsAsEsOptimizerMakesItIsNull() {
        assertEquals(
                "a:boolean | b:boolean | c:boolean\ntrue | false | true",
                run(
                        "ROW s = null::keyword | EVAL a = s NOT LIKE \"*\", b = s LIKE (\"*\"), c = NOT s RLIKE \".*\" | DROP s"));
    }

    @TestFactory
    Stream<DynamicTest> rowQueries() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String block : CASES.strip().split("\n\n")) {
            String query = block.lines().findFirst().orElseThrow();
            String expected = block.substring(query.length()).strip();
            tests.add(DynamicTest.dynamicTest(
                    query, () -> assertEquals(expected, Table.render(Table.run(Table.types(Map.of()), query)), query)));
        }
        return tests.stream();
    }
}
