package io.verdict.esql.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CsvSpecReaderTest {

    private static final String SPEC = """
            // a comment before the first case
            # and another

            substring with length#[skip:-8.11.99]
            required_capability: some_capability
            required_feature: esql.old_feature
            request_stored: skip
            // a comment line inside the query is dropped
            FROM employees
              | WHERE emp_no < 10003
            # a marker line inside the query is dropped too
            | KEEP emp_no, first_name;
            warning:Line 2:9: evaluation of [a] failed, treating result as null. Only first 20 failures recorded.
            ignoreOrder:true

            emp_no:integer | first_name:keyword | n:i
            // tag::x-result[]
            10001          | Georgi             | 1
            10002\t|\tBezalel\t| 2
            ;

            setCase
            SET unmapped_fields="nullify"\\;
            ROW a = 1 | KEEP a ;
            warningRegex:evaluation of \\[a\\] failed
            a:integer
            ;
              \s
            noTable
            ROW a = 1;
            ;\s\s\s

            unterminated-Ignore
            ROW a = 1

            a:integer
            1
            ;

            swallowed
            ROW b = 2;

            b:integer
            2
            ;
            """;

    @Test
    void readsEveryRuleOfTheFormat() {
        List<SpecCase> cases = CsvSpecReader.read("x.csv-spec", SPEC);
        assertEquals(4, cases.size());

        SpecCase first = cases.get(0);
        assertEquals("substring with length#[skip:-8.11.99]", first.name());
        assertEquals("substring with length", first.displayName());
        assertEquals(4, first.line());
        assertEquals(List.of("some_capability", "esql.old_feature"), first.capabilities());
        assertEquals("FROM employees\r\n| WHERE emp_no < 10003\r\n| KEEP emp_no, first_name", first.query());
        assertEquals(1, first.warnings().size());
        assertTrue(first.ignoreOrder());
        assertEquals("emp_no:integer | first_name:keyword | n:i", first.header());
        assertEquals(List.of("10001          | Georgi             | 1", "10002\t|\tBezalel\t| 2"), first.rows());

        SpecCase set = cases.get(1);
        assertEquals("SET unmapped_fields=\"nullify\";\r\nROW a = 1 | KEEP a", set.query());
        assertEquals(List.of("evaluation of \\[a\\] failed"), set.warningRegexes());
        assertFalse(set.ignoreOrder());
        assertEquals(List.of(), set.rows());

        SpecCase noTable = cases.get(2);
        assertNull(noTable.header());

        SpecCase swallowing = cases.get(3);
        assertEquals("unterminated-Ignore", swallowing.name());
        // without its ';' the query runs on to the ';' that ends its table, and the next case becomes its table
        assertEquals("ROW a = 1\r\na:integer\r\n1", swallowing.query());
        assertEquals("swallowed", swallowing.header());
        assertEquals(List.of("ROW b = 2;", "b:integer", "2"), swallowing.rows());
    }

    @Test
    void aCaseThatDoesNotEndIsAnError() {
        assertThrows(IllegalStateException.class, () -> CsvSpecReader.read("x", "name\nROW a = 1;\na:integer\n"));
    }

    @Test
    void expectedTablesParseWithTheHeadersTypes() {
        SpecCase first = CsvSpecReader.read("x.csv-spec", SPEC).get(0);
        ExpectedTable table = ExpectedTable.of(first.header(), first.rows());
        assertEquals(
                List.of(
                        new ExpectedTable.Column("emp_no", "integer", io.verdict.esql.value.DataType.INTEGER),
                        new ExpectedTable.Column("first_name", "keyword", io.verdict.esql.value.DataType.KEYWORD),
                        new ExpectedTable.Column("n", "i", io.verdict.esql.value.DataType.INTEGER)),
                table.columns());
        assertEquals(List.of(List.of(10001, "Georgi", 1), List.of(10002, "Bezalel", 2)), table.rows());
    }
}
