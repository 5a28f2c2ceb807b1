package io.verdict.rule;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Kibana's relative date math as rules use it ({@code now-9m}, {@code now-7d}), and interval strings ({@code 5m}). */
public final class DateMath {

    private static final Pattern RELATIVE = Pattern.compile("now(?:-(\\d+)([smhdwMy]))?(?:/[smhdwMy])?");
    private static final Pattern INTERVAL = Pattern.compile("(\\d+)([smhd])");

    private DateMath() {
    }

    public static boolean valid(String expression) {
        return RELATIVE.matcher(expression).matches();
    }

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
        return Optional.of(of(Long.parseLong(m.group(1)), m.group(2)));
    }

    /** The length of an interval such as {@code 5m}; empty when it is not one. */
    public static Optional<Duration> interval(String interval) {
        Matcher m = INTERVAL.matcher(interval);
        return m.matches() ? Optional.of(of(Long.parseLong(m.group(1)), m.group(2))) : Optional.empty();
    }

    private static Duration of(long amount, String unit) {
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
