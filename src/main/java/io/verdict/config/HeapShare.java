package io.verdict.config;

import java.util.Locale;
import org.springframework.util.unit.DataSize;

/**
 * A memory bound written as a size ({@code 64MB}, {@code 512KB}, {@code 1GB}, Spring's {@link DataSize} syntax) or
 * as a share of the maximum heap ({@code 25%}, {@code 12.5%}), as the {@code verdict.state} properties take it.
 */
public final class HeapShare {

    private HeapShare() {}

    /**
     * The bytes {@code text} stands for with a maximum heap of {@code maxHeap} bytes; {@code fallback} when it is
     * empty. {@link IllegalArgumentException} naming {@code property} when it is neither a size nor a percentage.
     */
    public static long bytes(String text, long maxHeap, long fallback, String property) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        String value = text.strip();
        if (value.endsWith("%")) {
            return (long) (maxHeap * fraction(value, property));
        }
        try {
            long bytes = DataSize.parse(value.toUpperCase(Locale.ROOT)).toBytes();
            if (bytes < 1) {
                throw new IllegalArgumentException("not positive");
            }
            return bytes;
        } catch (IllegalArgumentException e) {
            throw invalid(property, text);
        }
    }

    /** A percentage ({@code 85%}) as a fraction in (0, 1]. */
    public static double fraction(String text, String property) {
        String value = text == null ? "" : text.strip();
        if (!value.endsWith("%")) {
            throw invalid(property, text);
        }
        try {
            double percent =
                    Double.parseDouble(value.substring(0, value.length() - 1).strip());
            if (!(percent > 0 && percent <= 100)) {
                throw invalid(property, text);
            }
            return percent / 100;
        } catch (NumberFormatException e) {
            throw invalid(property, text);
        }
    }

    private static IllegalArgumentException invalid(String property, String text) {
        return new IllegalArgumentException("'" + property + "' must be a size such as 64MB or a share of the"
                + " maximum heap such as 25% (above 0, at most 100%), not '" + text + "'");
    }
}
