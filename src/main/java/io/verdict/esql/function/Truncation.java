package io.verdict.esql.function;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;

/**
 * How {@code DATE_TRUNC} and {@code BUCKET} round a date down, in UTC: a duration to multiples of itself since the
 * epoch, a period to calendar boundaries (weeks start on Monday; several months or years are counted from
 * 0001-01-01, as ES aligns them).
 */
final class Truncation {

    private Truncation() {}

    /** The rounding of a span, checked once at binding. */
    @FunctionalInterface
    interface Rounding {
        Instant round(Instant t);
    }

    static Rounding of(Object span) {
        if (span instanceof Duration d) {
            long ms = d.toMillis();
            if (ms <= 0) {
                throw new IllegalArgumentException("Zero or negative time interval is not supported");
            }
            return t -> Instant.ofEpochMilli(Math.floorDiv(t.toEpochMilli(), ms) * ms);
        }
        Period p = ((Period) span).normalized();
        if (p.isNegative() || p.isZero()) {
            throw new IllegalArgumentException("Zero or negative time interval is not supported");
        }
        int parts = (p.getYears() != 0 ? 1 : 0) + (p.getMonths() != 0 ? 1 : 0) + (p.getDays() != 0 ? 1 : 0);
        if (parts > 1) {
            throw new IllegalArgumentException("Time interval with multiple periods is not supported");
        }
        if (p.getDays() != 0) {
            int days = p.getDays();
            if (days == 7) {
                return t -> atStartOfDay(date(t).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)));
            }
            if (days == 1) {
                return t -> atStartOfDay(date(t));
            }
            return of(Duration.ofDays(days));
        }
        long months = p.toTotalMonths();
        return t -> {
            LocalDate d = date(t);
            long since = (d.getYear() - 1L) * 12 + d.getMonthValue() - 1;
            long start = since - Math.floorMod(since, months);
            return atStartOfDay(
                    LocalDate.of((int) (Math.floorDiv(start, 12) + 1), (int) Math.floorMod(start, 12) + 1, 1));
        };
    }

    private static LocalDate date(Instant t) {
        return LocalDate.ofInstant(t, ZoneOffset.UTC);
    }

    private static Instant atStartOfDay(LocalDate d) {
        return d.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** A span written as text ({@code "1 day"}, {@code "240 hours"}): a period for calendar units, else a duration. */
    static Object parseSpan(String text) {
        String[] parts = text.trim().split("\\s+");
        long n;
        String unit;
        try {
            if (parts.length == 2) {
                n = Long.parseLong(parts[0]);
                unit = parts[1];
            } else if (parts.length == 1) {
                String s = parts[0];
                int i = 0;
                while (i < s.length() && (Character.isDigit(s.charAt(i)) || i == 0 && s.charAt(i) == '-')) {
                    i++;
                }
                n = Long.parseLong(s.substring(0, i));
                unit = s.substring(i);
            } else {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Cannot parse [" + text + "] to a time interval");
        }
        return switch (unit.toLowerCase(Locale.ROOT)) {
            case "millisecond", "milliseconds", "ms" -> Duration.ofMillis(n);
            case "second", "seconds", "sec", "s" -> Duration.ofSeconds(n);
            case "minute", "minutes", "min" -> Duration.ofMinutes(n);
            case "hour", "hours", "h" -> Duration.ofHours(n);
            case "day", "days", "d" -> Period.ofDays(Math.toIntExact(n));
            case "week", "weeks", "w" -> Period.ofWeeks(Math.toIntExact(n));
            case "month", "months", "mo" -> Period.ofMonths(Math.toIntExact(n));
            case "quarter", "quarters", "q" -> Period.ofMonths(Math.toIntExact(n * 3));
            case "year", "years", "yr", "y" -> Period.ofYears(Math.toIntExact(n));
            default -> throw new IllegalArgumentException("Unexpected temporal unit: '" + unit + "'");
        };
    }

    /** Whole units from {@code start} to {@code end}, truncated toward zero, for {@code DATE_DIFF}. */
    static long between(String unit, Instant start, Instant end) {
        ZonedDateTime a = start.atZone(ZoneOffset.UTC);
        ZonedDateTime b = end.atZone(ZoneOffset.UTC);
        return switch (diffUnit(unit)) {
            case "year" -> ChronoUnit.YEARS.between(a, b);
            case "quarter" -> ChronoUnit.MONTHS.between(a, b) / 3;
            case "month" -> ChronoUnit.MONTHS.between(a, b);
            case "day" -> ChronoUnit.DAYS.between(a, b);
            case "week" -> ChronoUnit.WEEKS.between(a, b);
            case "hour" -> ChronoUnit.HOURS.between(a, b);
            case "minute" -> ChronoUnit.MINUTES.between(a, b);
            case "second" -> ChronoUnit.SECONDS.between(a, b);
            case "millisecond" -> ChronoUnit.MILLIS.between(a, b);
            case "microsecond" -> Math.multiplyExact(ChronoUnit.MILLIS.between(a, b), 1000L);
            default -> Math.multiplyExact(ChronoUnit.MILLIS.between(a, b), 1_000_000L);
        };
    }

    /** The unit a {@code DATE_DIFF} unit name or abbreviation stands for; {@code m} is month, {@code mi} minute. */
    static String diffUnit(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "year", "years", "yyyy", "yy" -> "year";
            case "quarter", "quarters", "qq", "q" -> "quarter";
            case "month", "months", "mm", "m" -> "month";
            case "dayofyear", "dy", "y", "day", "days", "dd", "d", "weekday", "weekdays", "dw" -> "day";
            case "week", "weeks", "wk", "ww" -> "week";
            case "hour", "hours", "hh" -> "hour";
            case "minute", "minutes", "mi", "n" -> "minute";
            case "second", "seconds", "ss", "s" -> "second";
            case "millisecond", "milliseconds", "ms" -> "millisecond";
            case "microsecond", "microseconds", "mcs" -> "microsecond";
            case "nanosecond", "nanoseconds", "ns" -> "nanosecond";
            default ->
                throw new IllegalArgumentException("Received value [" + name
                        + "] is not valid date part to add; did you mean "
                        + "[year, quarter, month, dayofyear, day, week,"
                        + " weekday, hour, minute, second, millisecond, microsecond, nanosecond]?");
        };
    }
}
