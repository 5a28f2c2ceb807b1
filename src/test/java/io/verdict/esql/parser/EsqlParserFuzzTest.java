package io.verdict.esql.parser;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.verdict.query.QueryException;
import io.verdict.query.SourceText;
import java.nio.charset.StandardCharsets;

/**
 * Fuzzes the ES|QL parser with arbitrary text: a query parses or fails with a {@link QueryException} naming its
 * problem, never with another exception or an error. Seeds: rule queries and every shape of the syntax
 * ({@code EsqlParserFuzzTestInputs/parse}).
 */
class EsqlParserFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void parse(byte[] data) {
        try {
            EsqlParser.parse(SourceText.of(new String(data, StandardCharsets.UTF_8)));
        } catch (QueryException documented) {
            // the query's problem
        }
    }
}
