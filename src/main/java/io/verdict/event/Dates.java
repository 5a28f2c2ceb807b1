package io.verdict.event;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;

/**
 * Elasticsearch's default date format, {@code strict_date_optional_time||epoch_millis}: an ISO-8601 date with
 * optional time, fraction (up to nanoseconds) and offset (UTC when absent), or a number of epoch milliseconds.
 * A {@code date} field holds epoch milliseconds in a long, so an instant outside that range is not a date either
 * (Elasticsearch fails to parse it): {@code 1e19}, or the year 999999999.
 */
public final class Dates {

    private static final Instant EARLIEST = Instant.ofEpochMilli(Long.MIN_VALUE);
    private static final Instant LATEST = Instant.ofEpochMilli(Long.MAX_VALUE);
    /** 2^63 as a double: the first value of epoch millis a long cannot hold. */
    private static final double LONG_LIMIT = 0x1p63;

    private static final DateTimeFormatter ISO = new DateTimeFormatterBuilder()
            .appendPattern("uuuu[-MM[-dd]]")
            .optionalStart()
            .appendLiteral('T')
            .appendPattern("HH[:mm[:ss]]")
            .optionalStart()
            .appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true)
            .optionalEnd()
            .optionalEnd()
            .optionalStart()
            .appendOffset("+HH:MM", "Z")
            .optionalEnd()
            .optionalStart()
            .appendOffset("+HHMM", "Z")
            .optionalEnd()
            .toFormatter()
            .withResolverStyle(java.time.format.ResolverStyle.STRICT);

    private Dates() {}

    /** The instant a date string or epoch-millis number denotes, or null when it is not a date. */
    public static Instant parse(String text) {
        String s = text.trim();
        if (s.isEmpty()) {
            return null;
        }
        // strict_date_optional_time is tried first and needs a four-digit year, so "2020" is a year and "1" millis
        if (isEpochMillis(s) && !(s.length() == 4 && s.charAt(0) != '-')) {
            try {
                return Instant.ofEpochMilli(Long.parseLong(s));
            } catch (NumberFormatException e) {
                return null;
            }
        }
        Instant common = commonShape(s);
        return inRange(common != null ? common : formatted(s));
    }

    /** The general path: every shape {@code strict_date_optional_time} allows, through the formatter. */
    static Instant formatted(String s) {
        try {
            TemporalAccessor t = ISO.parse(s);
            int year = t.get(ChronoField.YEAR);
            int month = t.isSupported(ChronoField.MONTH_OF_YEAR) ? t.get(ChronoField.MONTH_OF_YEAR) : 1;
            int day = t.isSupported(ChronoField.DAY_OF_MONTH) ? t.get(ChronoField.DAY_OF_MONTH) : 1;
            LocalTime time = LocalTime.of(
                    t.isSupported(ChronoField.HOUR_OF_DAY) ? t.get(ChronoField.HOUR_OF_DAY) : 0,
                    t.isSupported(ChronoField.MINUTE_OF_HOUR) ? t.get(ChronoField.MINUTE_OF_HOUR) : 0,
                    t.isSupported(ChronoField.SECOND_OF_MINUTE) ? t.get(ChronoField.SECOND_OF_MINUTE) : 0,
                    t.isSupported(ChronoField.NANO_OF_SECOND) ? t.get(ChronoField.NANO_OF_SECOND) : 0);
            ZoneOffset offset = t.isSupported(ChronoField.OFFSET_SECONDS)
                    ? ZoneOffset.ofTotalSeconds(t.get(ChronoField.OFFSET_SECONDS))
                    : ZoneOffset.UTC;
            return LocalDateTime.of(LocalDate.of(year, month, day), time).toInstant(offset);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /**
     * The shape nearly every event timestamp has, {@code uuuu-MM-ddTHH:mm:ss[.f{1,9}][Z|±HH:MM|±HHMM]}, read
     * directly: it is read once per stateful rule an event reaches, and the formatter costs microseconds. Null for
     * any other text (the formatter then decides), including out-of-range fields.
     */
    static Instant commonShape(String s) {
        int n = s.length();
        if (n < 19
                || s.charAt(4) != '-'
                || s.charAt(7) != '-'
                || s.charAt(10) != 'T'
                || s.charAt(13) != ':'
                || s.charAt(16) != ':') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if ((year | month | day | hour | minute | second) < 0
                || month < 1
                || month > 12
                || day < 1
                || day > java.time.YearMonth.of(year, month).lengthOfMonth()
                || hour > 23
                || minute > 59
                || second > 59) {
            return null;
        }
        int i = 19;
        int nanos = 0;
        if (i < n && s.charAt(i) == '.') {
            int start = ++i;
            while (i < n && i - start < 9 && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                nanos = nanos * 10 + (s.charAt(i++) - '0');
            }
            if (i == start) {
                return null;
            }
            for (int k = i - start; k < 9; k++) {
                nanos *= 10;
            }
        }
        int offset;
        if (i == n) {
            offset = 0;
        } else if (s.charAt(i) == 'Z' && i + 1 == n) {
            offset = 0;
        } else if ((s.charAt(i) == '+' || s.charAt(i) == '-') && (n - i == 6 && s.charAt(i + 3) == ':' || n - i == 5)) {
            int hours = digits(s, i + 1, 2);
            int minutes = digits(s, n - 2, 2);
            if (hours < 0 || minutes < 0 || hours > 18 || minutes > 59) {
                return null;
            }
            offset = (s.charAt(i) == '-' ? -1 : 1) * (hours * 3600 + minutes * 60);
        } else {
            return null;
        }
        long days = LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(days * 86_400L + hour * 3600L + minute * 60L + second - offset, nanos);
    }

    /** The non-negative number of {@code count} ASCII digits at {@code from}, or -1. */
    private static int digits(String s, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /** Epoch milliseconds as a JSON number (integral or not) denote an instant; null beyond a long's range. */
    public static Instant ofEpochMillis(double millis) {
        // also false for NaN; a cast would clamp 1e19 to Long.MAX_VALUE and the fraction overflow later
        if (!(millis >= -LONG_LIMIT && millis < LONG_LIMIT)) {
            return null;
        }
        long whole = (long) Math.floor(millis);
        long nanos = Math.round((millis - whole) * 1_000_000d);
        return inRange(Instant.ofEpochMilli(whole).plusNanos(nanos));
    }

    /** The instant when a {@code date} field can hold it (its epoch millis fit a long), else null. */
    private static Instant inRange(Instant instant) {
        return instant == null || instant.isBefore(EARLIEST) || instant.isAfter(LATEST) ? null : instant;
    }

    /** A {@code date} field keeps millisecond precision; a {@code date_nanos} field keeps all of it. */
    public static Instant truncate(Instant instant, FieldType type) {
        return type == FieldType.DATE_NANOS ? instant : Instant.ofEpochMilli(instant.toEpochMilli());
    }

    private static boolean isEpochMillis(String s) {
        int i = s.charAt(0) == '-' ? 1 : 0;
        if (i == s.length()) {
            return false;
        }
        for (; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
