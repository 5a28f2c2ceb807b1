package io.verdict.esql.function;

import static io.verdict.esql.function.Invoke.expect;
import static io.verdict.esql.function.Invoke.fails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.verdict.esql.value.DataType;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class DateFunctionsTest {

    private static Instant t(String text) {
        return Instant.parse(text);
    }

    @TestFactory
    Stream<DynamicTest> truncation() {
        return Stream.of(
                expect(t("1985-02-01T00:00:00Z"), "DATE_TRUNC", Period.ofMonths(1), t("1985-02-18T00:00:00Z")),
                expect(t("1985-02-11T00:00:00Z"), "DATE_TRUNC", Duration.ofHours(240), t("1985-02-18T00:00:00Z")),
                expect(t("1985-02-18T00:00:00Z"), "DATE_TRUNC", Period.ofWeeks(1), t("1985-02-24T00:00:00Z")),
                expect(t("1985-04-01T00:00:00Z"), "DATE_TRUNC", Period.ofMonths(3), t("1985-05-13T00:00:00Z")),
                expect(t("1961-01-01T00:00:00Z"), "DATE_TRUNC", Period.ofYears(7), t("1963-01-01T00:00:00Z")),
                expect(t("-0006-01-01T00:00:00Z"), "DATE_TRUNC", Period.ofYears(7), t("0000-01-01T00:00:00Z")),
                expect(t("-0013-01-01T00:00:00Z"), "DATE_TRUNC", Period.ofYears(7), t("-0007-01-01T00:00:00Z")),
                expect(t("1969-10-01T00:00:00Z"), "DATE_TRUNC", Period.ofMonths(7), t("1969-11-12T00:00:00Z")),
                expect(t("1971-07-01T00:00:00Z"), "DATE_TRUNC", Period.ofMonths(7), t("1972-01-12T00:00:00Z")),
                expect(t("0000-06-01T00:00:00Z"), "DATE_TRUNC", Period.ofMonths(7), t("0000-12-01T00:00:00Z")),
                expect(t("2023-10-23T12:05:00Z"), "DATE_TRUNC", Duration.ofMinutes(5), t("2023-10-23T12:07:30Z")),
                expect(t("1985-02-01T00:00:00Z"), "DATE_TRUNC", "1 month", t("1985-02-18T00:00:00Z")),
                expect(t("1991-01-01T00:00:00Z"), "DATE_TRUNC", "1 year", "1991-06-26T00:00:00.000Z"),
                expect(t("2023-10-23T00:00:00Z"), "DATE_TRUNC", "1 day", t("2023-10-23T13:55:01.543Z")));
    }

    @TestFactory
    Stream<DynamicTest> differences() {
        Instant a = t("2023-12-02T11:00:00Z");
        return Stream.of(
                expect(1000000, "DATE_DIFF", "nanoseconds", a, t("2023-12-02T11:00:00.001Z")),
                expect(1000, "DATE_DIFF", "mcs", a, t("2023-12-02T11:00:00.001Z")),
                expect(1, "DATE_DIFF", "ms", a, t("2023-12-02T11:00:00.001Z")),
                expect(3600, "DATE_DIFF", "s", a, t("2023-12-02T12:00:00Z")),
                expect(60, "DATE_DIFF", "mi", a, t("2023-12-02T12:00:00Z")),
                expect(60, "DATE_DIFF", "n", a, t("2023-12-02T12:00:00Z")),
                expect(1, "DATE_DIFF", "hh", a, t("2023-12-02T12:00:00Z")),
                expect(22, "DATE_DIFF", "dw", a, t("2023-12-24T11:00:00Z")),
                expect(22, "DATE_DIFF", "y", a, t("2023-12-24T11:00:00Z")),
                expect(3, "DATE_DIFF", "wk", a, t("2023-12-24T11:00:00Z")),
                expect(12, "DATE_DIFF", "m", a, t("2024-12-24T11:00:00Z")),
                expect(4, "DATE_DIFF", "q", a, t("2024-12-24T11:00:00Z")),
                expect(1, "DATE_DIFF", "YY", a, t("2024-12-24T11:00:00Z")),
                expect(0, "DATE_DIFF", "month", t("2023-01-31T00:00:00Z"), t("2023-02-28T00:00:00Z")),
                expect(-60, "DATE_DIFF", "minute", t("2023-12-02T12:00:00Z"), a),
                fails(
                        InvalidArgumentException.class,
                        "[1814400000000000] out of [integer] range",
                        "DATE_DIFF",
                        "nanoseconds",
                        a,
                        t("2023-12-23T11:00:00Z")));
    }

    @TestFactory
    Stream<DynamicTest> parsingAndFormatting() {
        Instant hired = t("1985-02-18T00:00:00Z");
        return Stream.of(
                expect(t("2023-02-01T00:00:00Z"), "DATE_PARSE", "yyyy-MM-dd", "2023-02-01"),
                expect(t("2023-02-01T12:15:55Z"), "DATE_PARSE", "yyyy-MM-dd HH:mm:ss", "2023-02-01 12:15:55"),
                expect(t("2023-02-01T12:15:55Z"), "DATE_PARSE", "2023-02-01T12:15:55.000Z"),
                fails(
                        IllegalArgumentException.class,
                        "failed to parse date field [2023-02-01 foo] with format [yyyy-MM-dd]",
                        "DATE_PARSE",
                        "yyyy-MM-dd",
                        "2023-02-01 foo"),
                fails(
                        IllegalArgumentException.class,
                        "failed to parse date field [2023-02-01] with format [yyyy-MM]",
                        "DATE_PARSE",
                        "yyyy-MM",
                        "2023-02-01"),
                expect("1985-02-18T00:00:00.000Z", "DATE_FORMAT", hired),
                expect("1985-02-18", "DATE_FORMAT", "yyyy-MM-dd", hired),
                expect("May", "DATE_FORMAT", "MMMM", t("1958-05-21T00:00:00Z")),
                expect(1989L, "DATE_EXTRACT", "year", "1989-06-02T00:00:00.000Z"),
                expect(2L, "DATE_EXTRACT", "month_of_year", hired),
                expect(13L, "DATE_EXTRACT", "HOUR_OF_DAY", t("2023-10-23T13:55:01.543Z")));
    }

    @TestFactory
    Stream<DynamicTest> buckets() {
        return Stream.of(
                expect(t("2023-10-23T12:00:00Z"), "BUCKET", t("2023-10-23T12:15:03.360Z"), Duration.ofHours(1)),
                expect(1960.0, "BUCKET", 1964, 10),
                expect(-10.0, "BUCKET", -3.5, 10),
                expect(
                        t("1985-02-01T00:00:00Z"),
                        "BUCKET",
                        t("1985-02-18T00:00:00Z"),
                        20,
                        "1985-01-01T00:00:00Z",
                        "1986-01-01T00:00:00Z"),
                expect(
                        t("1985-01-01T00:00:00Z"),
                        "BUCKET",
                        t("1985-02-18T00:00:00Z"),
                        10,
                        "1985-01-01T00:00:00Z",
                        "1999-12-31T00:00:00Z"),
                expect(50.0, "BUCKET", 57, 20, 0, 500),
                expect(0.0, "BUCKET", 57, 20, 0, 1000));
    }

    @Test
    void anUnknownDateDiffUnitIsAVerificationErrorWhenConstant() {
        assertThrows(
                IllegalArgumentException.class,
                () -> Invoke.bind("DATE_DIFF", "fortnight", t("2023-12-02T11:00:00Z"), t("2023-12-02T11:00:00Z")));
    }

    @Test
    void aDateArgumentMayBeAStringLiteralButNotAStringColumn() {
        assertThrows(
                ArgumentTypeException.class,
                () -> Invoke.bindColumns("DATE_EXTRACT", List.of(DataType.KEYWORD, DataType.KEYWORD)));
        assertThrows(IllegalArgumentException.class, () -> Invoke.bind("DATE_EXTRACT", "year", "not a date"));
    }

    @Test
    void dateFunctionTypes() {
        assertEquals(
                DataType.INTEGER,
                Invoke.bindColumns("DATE_DIFF", List.of(DataType.KEYWORD, DataType.DATETIME, DataType.DATETIME))
                        .type());
        assertEquals(
                DataType.LONG,
                Invoke.bindColumns("DATE_EXTRACT", List.of(DataType.KEYWORD, DataType.DATETIME))
                        .type());
    }
}
