package io.verdict.kql;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.verdict.query.QueryException;
import io.verdict.query.SourceText;
import java.nio.charset.StandardCharsets;

/**
 * Fuzzes the KQL parser and compiler with arbitrary text: a query compiles or fails with a {@link QueryException}
 * naming its problems, never with another exception or an error. Seeds: queries of real rules and of every shape
 * ({@code KqlCompilerFuzzTestInputs/compile}).
 */
class KqlCompilerFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void compile(byte[] data) {
        try {
            KqlCompiler.compile(SourceText.of(new String(data, StandardCharsets.UTF_8)));
        } catch (QueryException documented) {
            // the query's problems
        }
    }
}
