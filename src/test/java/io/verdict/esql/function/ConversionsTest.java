package io.verdict.esql.function;

import static io.verdict.esql.function.Invoke.expect;
import static io.verdict.esql.function.Invoke.fails;
import static io.verdict.esql.function.Invoke.mv;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.verdict.esql.value.GeoPoint;
import io.verdict.esql.value.Ip;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class ConversionsTest {

    @TestFactory
    Stream<DynamicTest> toString_() {
        return Stream.of(
                expect("1.0", "TO_STRING", 1.0),
                expect("1.0E10", "TO_STRING", 1e10),
                expect("10", "TO_STRING", 10L),
                expect("2023-10-23T12:15:03.360Z", "TO_STRING", Instant.parse("2023-10-23T12:15:03.360Z")),
                expect("1953-09-02T00:00:00.000Z", "TO_STRING", Instant.parse("1953-09-02T00:00:00Z")),
                expect("fe80::cae2:65ff:fece:feb9", "TO_STRING", Ip.parse("fe80::cae2:65ff:fece:feb9")),
                expect(mv("false", "true"), "TO_STRING", mv(false, true)),
                expect("POINT (-73.9 40.7)", "TO_STRING", new GeoPoint(-73.9, 40.7)));
    }

    @TestFactory
    Stream<DynamicTest> toNumbers() {
        return Stream.of(
                expect(2147483648L, "TO_LONG", "2147483648"),
                expect(2147483648L, "TO_LONG", "2147483648.2"),
                fails(NumberFormatException.class, "For input string: \"foo\"", "TO_LONG", "foo"),
                expect(123L, "TO_LONG", 123.4),
                expect(3L, "TO_LONG", 2.5),
                fails(InvalidArgumentException.class, "[1.0E19] out of [long] range", "TO_LONG", 1e19),
                expect(mv(1L, 0L), "TO_LONG", mv(true, false)),
                expect(520128000000L, "TO_LONG", Instant.parse("1986-06-26T00:00:00Z")),
                expect(2147483647, "TO_INTEGER", "2147483647"),
                expect(2147483647, "TO_INTEGER", "2147483647.2"),
                fails(NumberFormatException.class, "For input string: \"2147483648\"", "TO_INTEGER", "2147483648"),
                fails(InvalidArgumentException.class, "[1.0E19] out of [long] range", "TO_INTEGER", 1e19),
                expect(123, "TO_INTEGER", 123.4),
                expect(1.0, "TO_DOUBLE", true),
                expect(1.5, "TO_DOUBLE", "1.5"),
                expect(5.0, "TO_DOUBLE", 5),
                expect(
                        mv(true, true, false, false, false, false),
                        "TO_BOOLEAN",
                        mv("true", "TRuE", "false", "", "yes", "1")),
                expect(false, "TO_BOOLEAN", 0.0),
                expect(true, "TO_BOOLEAN", -7));
    }

    @TestFactory
    Stream<DynamicTest> toDatesAndPlaces() {
        return Stream.of(
                expect(Instant.parse("1953-09-02T00:00:00Z"), "TO_DATETIME", "1953-09-02T00:00:00.000Z"),
                expect(Instant.parse("2023-12-02T00:00:00Z"), "TO_DATETIME", "2023-12-02"),
                fails(
                        IllegalArgumentException.class,
                        "failed to parse date field [1964-06-02 00:00:00] with format [strict_date_optional_time]",
                        "TO_DATETIME",
                        "1964-06-02 00:00:00"),
                expect(Instant.parse("1985-11-21T00:00:00Z"), "TO_DATETIME", 501379200000.1),
                expect(mv(Instant.EPOCH, Instant.ofEpochMilli(1)), "TO_DATETIME", mv(0, 1)),
                expect(new GeoPoint(-73.9, 40.7), "TO_GEOPOINT", "POINT(-73.9 40.7)"),
                expect(Ip.parse("10.1.2.3"), "TO_IP", "10.1.2.3"),
                fails(IllegalArgumentException.class, "'foo' is not an IP string literal.", "TO_IP", "foo"));
    }

    @Test
    void anElementThatDoesNotConvertIsDroppedAndTheRestKept() {
        Object answer = Invoke.call("TO_INTEGER", mv(5013792L, 2147483647L, 501379200000L));
        Invoke.Failed failed = (Invoke.Failed) answer;
        assertEquals(FailedElements.class, failed.type());
        try {
            Invoke.bind("TO_INTEGER", 1L).body().apply(new Object[] {mv(5013792L, 2147483647L, 501379200000L)});
            fail("an element out of range is a failure");
        } catch (FailedElements e) {
            assertEquals(mv(5013792, 2147483647), e.value());
            assertEquals(
                    List.of("[501379200000] out of [integer] range"),
                    e.failures().stream().map(Throwable::getMessage).toList());
        }
    }

    @TestFactory
    Stream<DynamicTest> leadingZeros() {
        return Stream.of(
                expect(Ip.parse("1.1.10.1"), "TO_IP", "1.1.010.1", java.util.Map.of("leading_zeros", "decimal")),
                expect(Ip.parse("1.1.8.1"), "TO_IP", "1.1.010.1", java.util.Map.of("leading_zeros", "octal")),
                expect(
                        Ip.parse("192.168.86.38"),
                        "TO_IP",
                        "192.168.86.046",
                        java.util.Map.of("leading_zeros", "octal")),
                fails(
                        IllegalArgumentException.class,
                        "'1.1.010.1' is not an IP string literal.",
                        "TO_IP",
                        "1.1.010.1"));
    }
}
