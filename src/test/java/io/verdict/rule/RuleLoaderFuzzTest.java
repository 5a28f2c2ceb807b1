package io.verdict.rule;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Fuzzes the TOML rule loader with arbitrary bytes (decoded as UTF-8, as a rule file is read): it answers with a
 * rule or with problems, and never throws. Seeds: a few rule files ({@code RuleLoaderFuzzTestInputs/load}).
 */
class RuleLoaderFuzzTest {

    private static final RuleLoader LOADER = new RuleLoader();

    @FuzzTest(maxDuration = "10s")
    void load(byte[] data) {
        // a load holds a rule or the problems why not (RuleLoad checks it)
        assertNotNull(LOADER.parse(new String(data, StandardCharsets.UTF_8), "rules/fuzzed.toml"));
    }
}
