package io.verdict.esql.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.verdict.esql.EsqlCompiler;
import io.verdict.esql.FieldTypes;
import io.verdict.esql.value.DataType;
import io.verdict.query.QueryException;
import io.verdict.query.SourceText;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Queries the checker refuses, each with the line:column and message of its first problem. */
class EsqlCompileTest {

    private static final FieldTypes TYPES = new FieldTypes() {
        private final Map<String, DataType> types = Map.of(
                "process.name",
                DataType.KEYWORD,
                "bytes",
                DataType.LONG,
                "@timestamp",
                DataType.DATETIME,
                "source.ip",
                DataType.IP);

        @Override
        public DataType typeOf(String field) {
            return types.get(field);
        }

        @Override
        public Set<String> names() {
            return types.keySet();
        }
    };

    private static final String CASES = """
            FROM x | KEEP bytes | WHERE process.name == "a"
            1:29: Unknown column [process.name]

            FROM x | STATS c = COUNT(*) BY process.name | WHERE bytes > 1
            1:53: Unknown column [bytes]

            FROM x | RENAME bytes AS b | EVAL y = bytes + 1
            1:39: Unknown column [bytes]

            FROM x | WHERE bytes + 1
            1:16: Condition expression [bytes + 1] must be [boolean], found value [bytes + 1] type [long]

            FROM x | WHERE @timestamp > "yesterday"
            1:16: cannot parse [yesterday] as a date in [@timestamp > "yesterday"]

            FROM x | WHERE source.ip == 1
            1:16: first argument of [source.ip == 1] is [ip] so second argument must also be [ip] but was [integer]

            FROM x | EVAL y = NO_SUCH_FN(bytes)
            1:19: Unknown function [NO_SUCH_FN]

            FROM x | EVAL y = COUNT(*)
            1:19: aggregate function [COUNT(*)] not allowed outside STATS command

            FROM x | STATS c = COUNT(*), bytes BY process.name
            1:30: column [bytes] must appear in the STATS BY clause or be used in an aggregate function

            FROM x | WHERE process.name LIKE bytes
            1:34: pattern of [LIKE] must be a constant string, found [bytes]

            FROM x | EVAL later = 1 hour
            1:23: EVAL does not support type [time_duration] as the return data type of expression [1 hour]

            FROM x | STATS c = COUNT(*) | WHERE KQL("a: b")
            1:37: [KQL("a: b")] can only be used where rows are the source documents (before STATS)
            """;

    @TestFactory
    Stream<DynamicTest> problems() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String block : CASES.strip().split("\n\n")) {
            String[] lines = block.split("\n");
            tests.add(DynamicTest.dynamicTest(lines[0], () -> {
                QueryException e = assertThrows(
                        QueryException.class, () -> new EsqlCompiler(TYPES).compile(SourceText.of(lines[0])));
                var p = e.problems().get(0);
                assertEquals(lines[1], p.line() + ":" + p.column() + ": " + p.message());
            }));
        }
        return tests.stream();
    }
}
