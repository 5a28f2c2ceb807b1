package io.verdict.esql.function;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class FunctionsTest {

    /** Every scalar function the corpus's ES|QL rules call that is not the evaluator's own. */
    private static final List<String> CORPUS_SCALARS = List.of(
            "REPLACE",
            "MV_FIRST",
            "TO_LOWER",
            "TO_STRING",
            "MV_CONCAT",
            "DATE_TRUNC",
            "CONCAT",
            "DATE_DIFF",
            "MV_MIN",
            "LENGTH",
            "JSON_EXTRACT",
            "MV_SLICE",
            "STARTS_WITH",
            "ROUND",
            "TO_UPPER",
            "MV_DEDUPE",
            "TO_DOUBLE",
            "TO_IP",
            "TO_GEOPOINT",
            "CIDR_MATCH",
            "SPLIT",
            "URL_DECODE",
            "MV_LAST",
            "ST_DISTANCE",
            "TRIM",
            "LOCATE",
            "FROM_BASE64",
            "TO_LONG",
            "MV_INTERSECTION",
            "ENDS_WITH",
            "TO_INTEGER",
            "MV_COUNT",
            "ST_Y",
            "ST_X",
            "MV_CONTAINS",
            "SPACE",
            "MV_SUM",
            "CONTAINS");

    private static final List<String> CORPUS_AGGREGATES =
            List.of("VALUES", "COUNT_DISTINCT", "COUNT", "MAX", "MIN", "SUM", "AVG", "FIRST", "LAST", "TOP");

    @TestFactory
    Stream<DynamicTest> everyFunctionTheCorpusCallsIsRegistered() {
        return Stream.concat(
                CORPUS_SCALARS.stream().map(n -> DynamicTest.dynamicTest(n, () -> assertNotNull(Functions.scalar(n)))),
                CORPUS_AGGREGATES.stream()
                        .map(n -> DynamicTest.dynamicTest(n, () -> assertNotNull(Functions.aggregate(n)))));
    }

    @Test
    void theEvaluatorsOwnFunctionsAreNotHere() {
        for (String name : List.of("CASE", "COALESCE", "KQL", "MATCH", "NOW")) {
            assertNull(Functions.scalar(name), name);
            assertNull(Functions.aggregate(name), name);
        }
    }

    @Test
    void namesAreCaseInsensitiveAndAliasesResolve() {
        assertSame(Functions.scalar("TO_LOWER"), Functions.scalar("to_lower"));
        assertSame(Functions.scalar("TO_INTEGER"), Functions.scalar("to_int"));
        assertSame(Functions.scalar("TO_DATETIME"), Functions.scalar("TO_DT"));
        assertSame(Functions.aggregate("FIRST"), Functions.aggregate("first_value"));
        assertSame(Functions.aggregate("VARIANCE"), Functions.aggregate("STD_VAR"));
        assertNull(Functions.scalar("COUNT"));
        assertNull(Functions.aggregate("LENGTH"));
    }
}
