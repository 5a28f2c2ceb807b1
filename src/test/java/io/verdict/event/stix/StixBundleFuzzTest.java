package io.verdict.event.stix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * Fuzzes the STIX bundle reader with arbitrary bytes, under the default limits and under limits small enough for
 * inputs to reach: a body converts or fails with a {@link StixException}, never another exception or an error;
 * every document converted is an ECS enrichment with an id and an indicator type, and the counts add up. Seeds:
 * bundles, arrays and objects ({@code StixBundleFuzzTestInputs/convert}).
 */
class StixBundleFuzzTest {

    private static final List<StixBundles.Limits> LIMITS =
            List.of(StixBundles.Limits.DEFAULT, new StixBundles.Limits(8, 6, 64, 48, 3));

    @FuzzTest(maxDuration = "10s")
    void convert(byte[] data) {
        for (StixBundles.Limits limits : LIMITS) {
            Conversion result;
            try {
                result = StixBundles.convert(new ByteArrayInputStream(data), limits);
            } catch (StixException documented) {
                continue;
            }
            int skipped = result.skippedTypes().values().stream()
                    .mapToInt(Integer::intValue)
                    .sum();
            assertTrue(skipped + result.rejected().size() <= result.objects(), "counted once each");
            assertTrue(result.objects() <= limits.maxObjects());
            for (ObjectNode document : result.indicators()) {
                assertEquals("enrichment", document.at("/event/kind").stringValue());
                assertTrue(document.get("_id").isString());
                assertTrue(document.at("/threat/indicator/type").isString());
                assertTrue(document.get("@timestamp").isString());
            }
        }
    }
}
