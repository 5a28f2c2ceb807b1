package io.verdict.event;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import tools.jackson.databind.JsonNode;

/**
 * Reads one JSON value as the field's type makes Elasticsearch index it: a number in a keyword field is its text,
 * {@code "443"} in a long field is the number 443, a date is an instant. Each method returns null when the value
 * cannot be read as asked (Elasticsearch would have rejected or ignored it).
 */
public final class FieldValues {

    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private FieldValues() {}

    /**
     * The value as its field type reads it: {@code String} (keyword, text, ip, version, unknown string),
     * {@code Long} or {@code BigInteger} (integers), {@code Double}, {@code Boolean}, {@code Instant} (dates);
     * null when it does not fit the type.
     */
    public static Object typed(JsonNode value, FieldType type) {
        return switch (type) {
            case KEYWORD, TEXT, IP, VERSION -> asString(value);
            case LONG -> asInteger(value);
            case DOUBLE -> asDouble(value);
            case BOOLEAN -> asBoolean(value);
            case DATE, DATE_NANOS -> asInstant(value, type);
            case GEO_POINT, OBJECT -> value.isString() ? value.stringValue() : null;
            case UNKNOWN -> byJson(value);
        };
    }

    /** Typed by the JSON form alone: string, Long/BigInteger/Double, Boolean. */
    public static Object byJson(JsonNode value) {
        if (value.isString()) {
            return value.stringValue();
        }
        if (value.isNumber()) {
            return normalize(value);
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        return null;
    }

    /** The keyword a value is indexed as: a string as is, a number or boolean as its JSON text. */
    public static String asString(JsonNode value) {
        if (value.isString()) {
            return value.stringValue();
        }
        if (value.isNumber() || value.isBoolean()) {
            return value.asString();
        }
        return null;
    }

    /** A number, or a string that parses as one ({@code " 443 "}, {@code "4.5"}, {@code "-1e3"}). */
    public static Number asNumber(JsonNode value) {
        if (value.isNumber()) {
            return normalize(value);
        }
        return value.isString() ? parseNumber(value.stringValue()) : null;
    }

    /** A floating-point field's value. */
    public static Double asDouble(JsonNode value) {
        Number n = asNumber(value);
        return n == null ? null : n.doubleValue();
    }

    /** An integer field's value: numbers with a fraction are truncated, as Elasticsearch coerces them. */
    public static Number asInteger(JsonNode value) {
        Number n = asNumber(value);
        if (n instanceof Double d) {
            if (d.isNaN() || d.isInfinite()) {
                return null;
            }
            return integral(new BigDecimal(d).toBigInteger());
        }
        if (n instanceof BigDecimal d) {
            return integral(d.toBigInteger());
        }
        return n;
    }

    /** {@code true}/{@code false}, also as the strings Elasticsearch accepts in a boolean field. */
    public static Boolean asBoolean(JsonNode value) {
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isString()) {
            return switch (value.stringValue()) {
                case "true" -> Boolean.TRUE;
                case "false", "" -> Boolean.FALSE;
                default -> null;
            };
        }
        return null;
    }

    /** A date string, or epoch millis as a number or numeric string, at the precision of the field type. */
    public static Instant asInstant(JsonNode value, FieldType type) {
        Instant instant = null;
        if (value.isString()) {
            instant = Dates.parse(value.stringValue());
        } else if (value.isIntegralNumber() && !value.isBigInteger()) {
            instant = Instant.ofEpochMilli(value.longValue());
        } else if (value.isFloatingPointNumber()) {
            instant = Dates.ofEpochMillis(value.doubleValue());
        }
        return instant == null ? null : Dates.truncate(instant, type);
    }

    /** Digits before the point of the largest double (about 1.8e308): a longer integer is kept as infinity. */
    private static final int MAX_EXACT_DIGITS = 309;

    /** A string parsed as Elasticsearch parses a number in a numeric field; null when it is not one. */
    public static Number parseNumber(String text) {
        String s = text.trim();
        if (s.isEmpty()) {
            return null;
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException notLong) {
            try {
                BigDecimal d = new BigDecimal(s);
                if (d.precision() - d.scale() > MAX_EXACT_DIGITS) {
                    // beyond every numeric field's range: its digits would cost seconds to write out (1e10000000)
                    return d.doubleValue();
                }
                if (d.scale() <= 0 && d.stripTrailingZeros().scale() <= 0) {
                    return integral(d.toBigIntegerExact());
                }
                return d.doubleValue();
            } catch (NumberFormatException | ArithmeticException notNumber) {
                return null;
            }
        }
    }

    /**
     * Orders two numbers exactly: integers beyond 2^53 are not rounded through double, and a double is compared
     * with an integer by value.
     */
    public static int compareNumbers(Number a, Number b) {
        if (isIntegral(a) && isIntegral(b)) {
            if (a instanceof BigInteger || b instanceof BigInteger) {
                return toBigInteger(a).compareTo(toBigInteger(b));
            }
            return Long.compare(a.longValue(), b.longValue());
        }
        double x = a.doubleValue();
        double y = b.doubleValue();
        if (Double.isNaN(x) || Double.isNaN(y) || Double.isInfinite(x) || Double.isInfinite(y)) {
            return Double.compare(x, y);
        }
        if (isIntegral(a) || isIntegral(b) || a instanceof BigDecimal || b instanceof BigDecimal) {
            return toBigDecimal(a).compareTo(toBigDecimal(b));
        }
        return Double.compare(x, y);
    }

    public static boolean isIntegral(Number n) {
        return n instanceof Long
                || n instanceof Integer
                || n instanceof Short
                || n instanceof Byte
                || n instanceof BigInteger;
    }

    private static Number normalize(JsonNode value) {
        if (value.isIntegralNumber()) {
            return value.isBigInteger() ? integral(value.bigIntegerValue()) : (Number) value.longValue();
        }
        if (value.isBigDecimal()) {
            return value.decimalValue();
        }
        return value.doubleValue();
    }

    private static Number integral(BigInteger b) {
        return b.compareTo(LONG_MIN) >= 0 && b.compareTo(LONG_MAX) <= 0 ? (Number) b.longValue() : b;
    }

    private static BigInteger toBigInteger(Number n) {
        return n instanceof BigInteger b ? b : BigInteger.valueOf(n.longValue());
    }

    private static BigDecimal toBigDecimal(Number n) {
        if (n instanceof BigDecimal d) {
            return d;
        }
        if (n instanceof BigInteger b) {
            return new BigDecimal(b);
        }
        if (isIntegral(n)) {
            return BigDecimal.valueOf(n.longValue());
        }
        return new BigDecimal(n.doubleValue());
    }
}
