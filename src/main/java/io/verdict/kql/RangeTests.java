package io.verdict.kql;

import io.verdict.event.FieldType;
import io.verdict.event.FieldValues;
import io.verdict.event.TextAnalyzer;
import io.verdict.event.ValueTest;
import io.verdict.kql.KqlNode.RangeOperator;
import io.verdict.query.Cidr;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * {@code field > value} and the other range operators, as Elasticsearch's {@code range} query decides them per
 * field type: numbers by value, dates with date math and rounding, addresses as 128-bit numbers, keyword terms
 * in code point (UTF-8 byte) order, text fields on their analysed words.
 */
final class RangeTests {

    private final DateTests dates;

    RangeTests(DateTests dates) {
        this.dates = dates;
    }

    /** The test of {@code field < value} (and the other operators) on a field of {@code type}. */
    ValueTest range(
            FieldType type,
            boolean caseless,
            TextAnalyzer analyzer,
            RangeOperator op,
            KqlValue value,
            String field,
            Consumer<String> problems) {
        String text = value.text();
        if (value.isWildcard()) {
            problems.accept(KqlMessage.RANGE_WILDCARD.format(text));
            return ValueTests.NEVER;
        }
        switch (type) {
            case LONG, DOUBLE: {
                Number n = ValueTests.number(type, text, field, problems);
                return n == null
                        ? ValueTests.NEVER
                        : v -> {
                            Number actual = type == FieldType.LONG ? FieldValues.asInteger(v) : FieldValues.asNumber(v);
                            return actual != null && holds(op, FieldValues.compareNumbers(actual, n));
                        };
            }
            case DATE, DATE_NANOS: {
                return switch (op) {
                    case GT -> dates.between(type, text, field, problems, false, null);
                    case GTE -> dates.between(type, text, field, problems, true, null);
                    case LT -> dates.between(type, text, field, problems, null, false);
                    case LTE -> dates.between(type, text, field, problems, null, true);
                };
            }
            case BOOLEAN: {
                Boolean b = ValueTests.bool(text, field, problems);
                return b == null
                        ? ValueTests.NEVER
                        : v -> {
                            Boolean actual = FieldValues.asBoolean(v);
                            return actual != null && holds(op, Boolean.compare(actual, b));
                        };
            }
            case IP: {
                BigInteger bound = address(text);
                if (bound == null) {
                    problems.accept(KqlMessage.BAD_IP.format(field, text));
                    return ValueTests.NEVER;
                }
                return v -> {
                    BigInteger actual = v.isString() ? address(v.stringValue()) : null;
                    return actual != null && holds(op, actual.compareTo(bound));
                };
            }
            case TEXT:
                return v -> {
                    String s = FieldValues.asString(v);
                    return s != null
                            && analyzer.tokens(s).stream().anyMatch(t -> holds(op, compareCodePoints(t, text)));
                };
            case UNKNOWN: {
                // typed by the value: a number (or a numeric string, as a numeric mapping would read it) against
                // a numeric bound compares by value; any other string compares as a keyword term
                Number n = FieldValues.parseNumber(text);
                return v -> {
                    Number actual = n == null ? null : FieldValues.asNumber(v);
                    if (actual != null) {
                        return holds(op, FieldValues.compareNumbers(actual, n));
                    }
                    return v.isString() && holds(op, compareCodePoints(v.stringValue(), text));
                };
            }
            default: {
                String bound = caseless ? text.toLowerCase(Locale.ROOT) : text;
                return v -> {
                    String s = FieldValues.asString(v);
                    return s != null && holds(op, compareCodePoints(caseless ? s.toLowerCase(Locale.ROOT) : s, bound));
                };
            }
        }
    }

    private static boolean holds(RangeOperator op, int comparison) {
        return switch (op) {
            case LT -> comparison < 0;
            case LTE -> comparison <= 0;
            case GT -> comparison > 0;
            case GTE -> comparison >= 0;
        };
    }

    /** Keyword terms sort by their UTF-8 bytes, which is code point order. */
    private static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int x = a.codePointAt(i);
            int y = b.codePointAt(j);
            if (x != y) {
                return Integer.compare(x, y);
            }
            i += Character.charCount(x);
            j += Character.charCount(y);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    /** An address as an unsigned 128-bit number (IPv4 mapped into ::ffff:0:0/96), or null. */
    private static BigInteger address(String text) {
        if (!Cidr.isAddress(text)) {
            return null;
        }
        try {
            // a literal address (checked above), so no name lookup happens
            byte[] bytes = InetAddress.getByName(text.trim()).getAddress();
            byte[] v6 = new byte[16];
            if (bytes.length == 4) {
                v6[10] = (byte) 0xff;
                v6[11] = (byte) 0xff;
                System.arraycopy(bytes, 0, v6, 12, 4);
            } else {
                System.arraycopy(bytes, 0, v6, 0, 16);
            }
            return new BigInteger(1, v6);
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
