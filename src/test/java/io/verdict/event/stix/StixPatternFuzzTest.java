package io.verdict.event.stix;

import static org.junit.jupiter.api.Assertions.assertFalse;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Fuzzes the STIX pattern reader and the mapping of its comparisons to ECS fields with arbitrary text: a pattern
 * is read or refused with a {@link StixException}, never another exception, a stack overflow or a hang. Seeds:
 * patterns of every supported and refused shape ({@code StixPatternFuzzTestInputs/read}).
 */
class StixPatternFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void read(byte[] data) {
        String pattern = new String(data, StandardCharsets.UTF_8);
        try {
            for (StixPattern.Comparison comparison : StixPattern.read(pattern, 4096, 16)) {
                try {
                    assertFalse(Observables.of(comparison).fields().isEmpty(), "an observable has a field");
                } catch (StixException noEcsPlace) {
                    // the comparison's reason
                }
            }
        } catch (StixException documented) {
            // the pattern's reason, with its position
        }
    }
}
