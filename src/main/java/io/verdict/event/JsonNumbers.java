package io.verdict.event;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.BigIntegerNode;
import tools.jackson.databind.node.DoubleNode;
import tools.jackson.databind.node.IntNode;
import tools.jackson.databind.node.LongNode;

/**
 * The node Jackson's parser and tree make of a JSON number, built from its bytes (already checked against the
 * JSON grammar by {@link FlatScanner}): an integer is an IntNode, LongNode or BigIntegerNode by its value, a number
 * with a fraction or an exponent a DoubleNode, correctly rounded as Java's parser (and so Jackson's) rounds it.
 */
final class JsonNumbers {

    /** Powers of ten exactly representable as doubles, for the exact fast path of {@link #floating}. */
    private static final double[] TENS = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
        1e20, 1e21, 1e22
    };

    private JsonNumbers() {}

    /** The integer of the digits {@code json[from, to)}, negated when {@code negative} (a '-' before them). */
    static JsonNode integer(byte[] json, int from, int to, boolean negative) {
        if (to - from > 18) { // rare: a long near its limits, or beyond them (Jackson's BigInteger)
            BigInteger big = new BigInteger(new String(
                    json,
                    negative ? from - 1 : from,
                    negative ? to - from + 1 : to - from,
                    StandardCharsets.ISO_8859_1));
            return big.bitLength() < Long.SIZE ? LongNode.valueOf(big.longValue()) : BigIntegerNode.valueOf(big);
        }
        long value = 0;
        for (int i = from; i < to; i++) {
            value = value * 10 + (json[i] - '0');
        }
        value = negative ? -value : value;
        return value == (int) value ? IntNode.valueOf((int) value) : LongNode.valueOf(value);
    }

    /**
     * The double of {@code json[start, end)}: its digits from {@code digits}, its '.' at {@code integerEnd} when
     * {@code fractionEnd} is beyond it, its exponent from {@code fractionEnd} when {@code end} is beyond it.
     * Exactly m × 10^e or m / 10^e when the significand m has at most 15 digits and |e| ≤ 22 (both exact doubles,
     * so one correctly rounded operation), else Java's parser, as Jackson's.
     */
    static JsonNode floating(
            byte[] json, int start, int digits, int integerEnd, int fractionEnd, int end, boolean negative) {
        long significand = 0;
        int significant = 0;
        for (int i = digits; i < fractionEnd; i++) {
            if (i == integerEnd) {
                continue; // the '.'
            }
            int d = json[i] - '0';
            if (significant > 0 || d != 0) {
                significant++;
                significand = significand * 10 + d;
            }
        }
        int fractionDigits = fractionEnd > integerEnd ? fractionEnd - integerEnd - 1 : 0;
        int exponent = 0;
        boolean exact = significant <= 15;
        if (fractionEnd < end) { // the exponent: [eE] [+-]? digits
            int i = fractionEnd + 1;
            boolean minus = json[i] == '-';
            if (json[i] == '-' || json[i] == '+') {
                i++;
            }
            exact &= end - i <= 3;
            for (; exact && i < end; i++) {
                exponent = exponent * 10 + json[i] - '0';
            }
            exponent = minus ? -exponent : exponent;
        }
        exponent -= fractionDigits;
        double value;
        if (exact && exponent >= -22 && exponent <= 22) {
            value = exponent < 0 ? significand / TENS[-exponent] : significand * TENS[exponent];
            value = negative ? -value : value;
        } else {
            value = Double.parseDouble(new String(json, start, end - start, StandardCharsets.ISO_8859_1));
        }
        return DoubleNode.valueOf(value);
    }
}
