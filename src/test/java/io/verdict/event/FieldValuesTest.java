package io.verdict.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FieldValuesTest {

    /**
     * A ten-byte query value (KQL {@code 1e10000000}, or such a string in an event compared with a number) was
     * written out as an exact integer of ten million digits, seconds of work; beyond a double's range it is now
     * infinity, which orders as that integer does against every number a field can hold.
     */
    @Test
    void aNumberWithATenMillionExponentIsNotWrittenOutAsTenMillionDigits() {
        // the type first: a failure would otherwise print the ten million digits
        assertInstanceOf(Double.class, FieldValues.parseNumber("1e10000000"));
        assertEquals(Double.POSITIVE_INFINITY, FieldValues.parseNumber("1e10000000"));
        assertEquals(Double.NEGATIVE_INFINITY, FieldValues.parseNumber("-1E+10000000"));
        assertEquals(0.0, FieldValues.parseNumber("1e-10000000"));
        assertTrue(FieldValues.compareNumbers(FieldValues.parseNumber("1e10000000"), Long.MAX_VALUE) > 0);
    }

    @ParameterizedTest
    @CsvSource({
        "42, 42",
        "' 7 ', 7",
        "1e3, 1000",
        "12345678901234567890, 12345678901234567890",
        // the largest integer kept exact: 309 digits
        "1e308, 1"
                + "00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
                + "00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
                + "00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
                + "00000000000000"
    })
    void integralNumbersWithinADoublesRangeStayExact(String text, String exact) {
        Number n = FieldValues.parseNumber(text);
        assertTrue(FieldValues.isIntegral(n), text);
        assertEquals(new BigInteger(exact), n instanceof BigInteger b ? b : BigInteger.valueOf(n.longValue()), text);
    }

    @ParameterizedTest
    @CsvSource({"1.5, 1.5", "2.5e-3, 0.0025", "1e309, Infinity", "-1e400, -Infinity"})
    void fractionsAndIntegersBeyondADoublesRangeAreDoubles(String text, double value) {
        assertEquals(value, FieldValues.parseNumber(text).doubleValue(), text);
    }
}
