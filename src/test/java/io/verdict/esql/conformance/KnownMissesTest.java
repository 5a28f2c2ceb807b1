package io.verdict.esql.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class KnownMissesTest {

    @Test
    void listsReasonsByFileAndCase() {
        KnownMisses misses = KnownMisses.parse(
                "# comment\nfile\tcase\treason\nstats.csv-spec\tcountDistinctNull#[skip:x]\tits header names COUNT(c)\n");
        assertEquals("its header names COUNT(c)", misses.reason("stats.csv-spec", "countDistinctNull#[skip:x]"));
        assertNull(misses.reason("stats.csv-spec", "other"));
        assertThrows(IllegalArgumentException.class, () -> KnownMisses.parse("a.csv-spec\tcase\n"));
        assertTrue(KnownMisses.read("/esql/conformance-misses.tsv").size() >= 0);
    }

    @Test
    void theReportCountsPerFileAndNamesMissesAndListedPasses() {
        SpecCase a = new SpecCase(
                "a.csv-spec", "one", 1, List.of(), "ROW a = 1", List.of(), List.of(), false, "a:integer", List.of("1"));
        SpecCase b = new SpecCase(
                "a.csv-spec", "two", 5, List.of(), "ROW a = 1", List.of(), List.of(), false, "a:integer", List.of("1"));
        CaseIndex.Entry in = new CaseIndex.Entry("a.csv-spec", "x", "", "", true, true);
        List<SpecFiles.Listed> all = List.of(new SpecFiles.Listed(a, in), new SpecFiles.Listed(b, in));
        KnownMisses misses = KnownMisses.parse("a.csv-spec\tone\tnot yet\n");
        String md = ConformanceReport.render(
                all,
                List.of(
                        new ConformanceRun.Outcome(a, true, null),
                        new ConformanceRun.Outcome(b, false, "expected 1 rows, got 0")),
                misses,
                true);
        assertTrue(md.contains("| `a.csv-spec` | 2 | 2 | 1 |"), md);
        assertTrue(md.contains("Passed: 1 of 2 runnable in-scope cases (50.0 %)."), md);
        assertTrue(md.contains("- `a.csv-spec` two (not listed): expected 1 rows, got 0"), md);
        assertTrue(md.contains("- `a.csv-spec` one: listed as a miss (not yet) but passes"), md);
    }
}
