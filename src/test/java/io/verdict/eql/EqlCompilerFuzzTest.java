package io.verdict.eql;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.verdict.query.QueryException;
import io.verdict.query.SourceText;
import java.nio.charset.StandardCharsets;

/**
 * Fuzzes the EQL parser, checker and planner with arbitrary text: a query compiles or fails with a
 * {@link QueryException} naming its problems, never with another exception or an error. Seeds: queries of real
 * rules and of every shape ({@code EqlCompilerFuzzTestInputs/compile}).
 */
class EqlCompilerFuzzTest {

    private static final EqlCompiler COMPILER = new EqlCompiler();

    @FuzzTest(maxDuration = "10s")
    void compile(byte[] data) {
        try {
            COMPILER.compile(SourceText.of(new String(data, StandardCharsets.UTF_8)), EqlOptions.defaults());
        } catch (QueryException documented) {
            // the query's problems
        }
    }
}
