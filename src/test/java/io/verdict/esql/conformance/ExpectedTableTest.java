package io.verdict.esql.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.verdict.esql.value.DataType;
import io.verdict.esql.value.GeoPoint;
import io.verdict.esql.value.Ip;
import io.verdict.esql.value.MultiValue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExpectedTableTest {

    @Test
    void cellsTakeTheColumnsType() {
        assertNull(ExpectedTable.cell("null", DataType.KEYWORD));
        assertEquals(2.0299999713897705, ExpectedTable.cell("2.0299999713897705", DataType.DOUBLE));
        assertEquals(3000000000L, ExpectedTable.cell("3000000000", DataType.LONG));
        assertEquals(true, ExpectedTable.cell("true", DataType.BOOLEAN));
        assertEquals(
                Instant.parse("2023-10-23T12:15:03.360Z"),
                ExpectedTable.cell("2023-10-23T12:15:03.360Z", DataType.DATETIME));
        assertEquals(
                Instant.parse("2023-10-23T12:00:00Z"), ExpectedTable.cell("2023-10-23T12:00:00", DataType.DATETIME));
        assertEquals(Instant.parse("1959-10-01T00:00:00Z"), ExpectedTable.cell("1959-10-01", DataType.DATETIME));
        assertEquals(Ip.parse("::1"), ExpectedTable.cell("::1", DataType.IP));
        assertEquals(new GeoPoint(-73.9, 40.7), ExpectedTable.cell("POINT (-73.9 40.7)", DataType.GEO_POINT));
        assertEquals("1.2.3", ExpectedTable.cell("1.2.3", null));
    }

    @Test
    void multivaluesKeepTheirOrderAndUnescapeCommas() {
        assertEquals(new MultiValue(List.of("b", "a")), ExpectedTable.cell("[b, a]", DataType.KEYWORD));
        assertEquals(new MultiValue(List.of("x", "y")), ExpectedTable.cell("[\"x\", \"y\"]", DataType.KEYWORD));
        assertEquals(new MultiValue(List.of(1, 1, 2)), ExpectedTable.cell("[1,1, 2]", DataType.INTEGER));
        assertEquals("[1,2,3]", ExpectedTable.cell("[\"[1\\,2\\,3]\"]", DataType.KEYWORD));
        assertEquals("{\"name\":\"Alice\"}", ExpectedTable.cell("\"{\"\"name\"\":\"\"Alice\"\"}\"", DataType.KEYWORD));
    }

    @Test
    void linesSplitAtPipesOutsideQuotesAndTrimTabs() {
        assertEquals(List.of("a", "\"b|c\"", "d"), ExpectedTable.cells(" a |\"b|c\"\t|\td\t"));
        assertThrows(IllegalArgumentException.class, () -> ExpectedTable.of("a:integer | b:integer", List.of("1")));
    }

    @Test
    void everyInScopeCasesTableParses() {
        List<String> failures = new ArrayList<>();
        int tables = 0;
        for (SpecFiles.Listed listed : SpecFiles.all()) {
            if (!listed.inScope()) {
                continue;
            }
            try {
                ExpectedTable.of(listed.spec().header(), listed.spec().rows());
                tables++;
            } catch (RuntimeException e) {
                failures.add(listed.spec().file() + " " + listed.spec().name() + ": " + e);
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " failures:\n" + String.join("\n", failures));
        assertEquals(1597, tables);
    }
}
