package io.verdict.esql.conformance;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Elasticsearch's own csv-spec cases, one dynamic test per case that {@code cases.tsv} marks in scope and runnable
 * with the shipped data, run against those indices with {@code NOW()} the run's instant and ES's default limit.
 * A miss fails its test unless {@code esql/conformance-misses.tsv} lists it (then it is skipped with its reason);
 * a listed case that passes is reported. The whole run is written to {@code target/esql-conformance.md}.
 */
class EsqlConformanceTest {

    private static final List<ConformanceRun.Outcome> OUTCOMES = Collections.synchronizedList(new ArrayList<>());
    private static List<SpecFiles.Listed> all;
    private static KnownMisses misses;
    private static boolean engineBuilt;

    @TestFactory
    Stream<DynamicTest> inScopeCases() {
        all = SpecFiles.all();
        Map<String, SpecData.Index> indices = SpecData.all(SpecFiles.root().resolve("data"));
        misses = KnownMisses.read("/esql/conformance-misses.tsv");
        engineBuilt = ConformanceRun.engineBuilt();
        Instant now = Instant.now();
        return all.stream()
                .filter(SpecFiles.Listed::runnable)
                .map(listed -> DynamicTest.dynamicTest(
                        listed.spec().file() + " " + listed.spec().name(), () -> {
                            Assumptions.assumeTrue(engineBuilt, "SKIPPED: the ES|QL compiler is not built yet");
                            ConformanceRun.Outcome outcome = ConformanceRun.run(listed.spec(), indices, now);
                            OUTCOMES.add(outcome);
                            String reason = misses.reason(
                                    listed.spec().file(), listed.spec().name());
                            if (outcome.passed()) {
                                if (reason != null) {
                                    System.out.println("listed as a miss but passes, remove it from the list: "
                                            + listed.spec().file() + " "
                                            + listed.spec().name());
                                }
                                return;
                            }
                            Assumptions.assumeTrue(
                                    reason == null, () -> "known miss (" + reason + "): " + outcome.difference());
                            fail(outcome.difference() + "\nquery:\n"
                                    + listed.spec().query());
                        }));
    }

    @AfterAll
    static void writeReport() {
        if (all != null) {
            ConformanceReport.write(
                    Path.of("target", "esql-conformance.md"),
                    ConformanceReport.render(all, List.copyOf(OUTCOMES), misses, engineBuilt));
        }
    }
}
