package io.verdict.event;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Elasticsearch's and Kibana's date math, in its two uses.
 *
 * <p>A date bound as Elasticsearch reads it in a range on a date field ({@link #parse}): an absolute date, or date
 * math ({@code now-30d/d}, {@code 2024-01-01||+1M}), in UTC as Kibana's detection engine asks ({@code dateFormatTZ:
 * Zulu}). An upper inclusive or lower exclusive bound rounds up ({@code lte: "2024-01-01"} means the end of that
 * day, {@code gt: now/d} the end of today); the other two round down. Parsed once; {@code now} is read when the
 * bound is resolved.
 *
 * <p>A rule's schedule ({@link #lookBack}, {@link #interval}): relative look-backs ({@code now-9m},
 * {@code now-7d}) and interval strings ({@code 5m}), as lengths of time.
 */
public final class DateMath {

    private static final Pattern RELATIVE = Pattern.compile("now(?:-(\\d+)([smhdwMy]))?(?:/[smhdwMy])?");
    private static final Pattern INTERVAL = Pattern.compile("(\\d+)([smhd])");
    private static final Pattern OP = Pattern.compile("([+-])(\\d+)([yMwdhHms])|/([yMwdhHms])");
    private static final Pattern ISO_PRECISION =
            Pattern.compile("\\d{4}(-\\d{2}(-\\d{2}(T\\d{2}(:\\d{2}(:\\d{2}([.,]\\d+)?)?)?)?)?)?.*");

    private record Op(char sign, int amount, ChronoUnit unit, boolean round) {}

    /** null for "now" */
    private final Instant anchor;
    /** The anchor's own precision, for rounding an absolute date up; null when exact. */
    private final ChronoUnit anchorPrecision;

    private final List<Op> ops;

    private DateMath(Instant anchor, ChronoUnit anchorPrecision, List<Op> ops) {
        this.anchor = anchor;
        this.anchorPrecision = anchorPrecision;
        this.ops = List.copyOf(ops);
    }

    /** The expression, or null when it is neither a date nor date math. */
    public static DateMath parse(String text) {
        String s = text.trim();
        String math;
        Instant anchor = null;
        ChronoUnit precision = null;
        if (s.startsWith("now")) {
            math = s.substring(3);
        } else {
            int bars = s.indexOf("||");
            String date = bars < 0 ? s : s.substring(0, bars);
            math = bars < 0 ? "" : s.substring(bars + 2);
            anchor = Dates.parse(date);
            if (anchor == null) {
                return null;
            }
            precision = precision(date.trim());
        }
        List<Op> ops = new ArrayList<>();
        Matcher m = OP.matcher(math);
        int at = 0;
        while (at < math.length()) {
            if (!m.find(at) || m.start() != at) {
                return null;
            }
            if (m.group(4) != null) {
                ops.add(new Op('/', 0, unit(m.group(4).charAt(0)), true));
            } else {
                ops.add(new Op(
                        m.group(1).charAt(0),
                        Integer.parseInt(m.group(2)),
                        unit(m.group(3).charAt(0)),
                        false));
            }
            at = m.end();
        }
        return new DateMath(anchor, precision, ops);
    }

    /** The instant of this bound at time {@code nowMillis}; {@code roundUp} for lte and gt bounds. */
    public Instant resolve(long nowMillis, boolean roundUp) {
        ZonedDateTime t = (anchor == null ? Instant.ofEpochMilli(nowMillis) : anchor).atZone(ZoneOffset.UTC);
        boolean rounded = false;
        for (Op op : ops) {
            if (op.round()) {
                t = roundUp ? floor(t, op.unit()).plus(1, op.unit()).minusNanos(1_000_000) : floor(t, op.unit());
                rounded = true;
            } else {
                t = op.sign() == '+' ? t.plus(op.amount(), op.unit()) : t.minus(op.amount(), op.unit());
            }
        }
        if (!rounded && roundUp && anchorPrecision != null && ops.isEmpty()) {
            t = t.plus(1, anchorPrecision).minusNanos(1_000_000);
        }
        return t.toInstant();
    }

    private static ZonedDateTime floor(ZonedDateTime t, ChronoUnit unit) {
        return switch (unit) {
            case YEARS -> t.truncatedTo(ChronoUnit.DAYS).withDayOfYear(1);
            case MONTHS -> t.truncatedTo(ChronoUnit.DAYS).withDayOfMonth(1);
            case WEEKS ->
                t.truncatedTo(ChronoUnit.DAYS).minusDays(t.getDayOfWeek().getValue() - 1L);
            default -> t.truncatedTo(unit);
        };
    }

    private static ChronoUnit unit(char c) {
        return switch (c) {
            case 'y' -> ChronoUnit.YEARS;
            case 'M' -> ChronoUnit.MONTHS;
            case 'w' -> ChronoUnit.WEEKS;
            case 'd' -> ChronoUnit.DAYS;
            case 'h', 'H' -> ChronoUnit.HOURS;
            case 'm' -> ChronoUnit.MINUTES;
            default -> ChronoUnit.SECONDS;
        };
    }

    /** The smallest unit an ISO date names: "2024-01" is a month; null for epoch millis or a fraction of a second. */
    private static ChronoUnit precision(String date) {
        Matcher m = ISO_PRECISION.matcher(date);
        if (!m.matches() || date.chars().allMatch(Character::isDigit)) {
            return null;
        }
        if (m.group(6) != null) {
            return null;
        }
        ChronoUnit[] units = {
            ChronoUnit.SECONDS, ChronoUnit.MINUTES, ChronoUnit.HOURS, ChronoUnit.DAYS, ChronoUnit.MONTHS
        };
        for (int group = 5; group >= 1; group--) {
            if (m.group(group) != null) {
                return units[5 - group];
            }
        }
        return ChronoUnit.YEARS;
    }

    /** Whether a schedule's look-back ({@code now}, {@code now-9m}, optionally rounded) is one this reads. */
    public static boolean valid(String expression) {
        return RELATIVE.matcher(expression).matches();
    }

    /** Whether an interval string ({@code 5m}) is one this reads. */
    public static boolean validInterval(String interval) {
        return INTERVAL.matcher(interval).matches();
    }

    /** How far back {@code now-N<unit>} reaches; empty for anything else. Months and years count 30 and 365 days. */
    public static Optional<Duration> lookBack(String expression) {
        Matcher m = RELATIVE.matcher(expression);
        if (!m.matches()) {
            return Optional.empty();
        }
        if (m.group(1) == null) {
            return Optional.of(Duration.ZERO);
        }
        return Optional.of(duration(Long.parseLong(m.group(1)), m.group(2)));
    }

    /** The length of an interval such as {@code 5m}; empty when it is not one. */
    public static Optional<Duration> interval(String interval) {
        Matcher m = INTERVAL.matcher(interval);
        return m.matches() ? Optional.of(duration(Long.parseLong(m.group(1)), m.group(2))) : Optional.empty();
    }

    private static Duration duration(long amount, String unit) {
        return switch (unit) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            case "d" -> Duration.ofDays(amount);
            case "w" -> Duration.ofDays(7 * amount);
            case "M" -> Duration.ofDays(30 * amount);
            default -> Duration.ofDays(365 * amount);
        };
    }
}
