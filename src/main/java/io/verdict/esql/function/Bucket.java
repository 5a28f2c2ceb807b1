package io.verdict.esql.function;

import io.verdict.esql.value.DataType;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.util.List;

/**
 * {@code BUCKET(x, span)} and {@code BUCKET(x, buckets, from, to)}: a date rounded down as {@code DATE_TRUNC} does,
 * or a number rounded down to a multiple of the span (a double). With a target number of buckets, the span is the
 * finest of ES's "nice" spans that cuts {@code [from, to]} into no more buckets than asked.
 */
final class Bucket {

    /** ES's candidate spans for dates, coarsest first. */
    private static final List<Object> DATE_SPANS = List.of(
            Period.ofYears(1),
            Period.ofMonths(1),
            Period.ofWeeks(1),
            Period.ofDays(1),
            Duration.ofHours(12),
            Duration.ofHours(3),
            Duration.ofHours(1),
            Duration.ofMinutes(30),
            Duration.ofMinutes(10),
            Duration.ofMinutes(5),
            Duration.ofMinutes(1),
            Duration.ofSeconds(30),
            Duration.ofSeconds(10),
            Duration.ofSeconds(5),
            Duration.ofSeconds(1),
            Duration.ofMillis(100),
            Duration.ofMillis(50),
            Duration.ofMillis(10),
            Duration.ofMillis(1));

    private Bucket() {}

    static ScalarFunction function() {
        return new Scalar("BUCKET", Bucket::bind);
    }

    private static ScalarFunction.Bound bind(List<DataType> types, List<Object> constants) {
        Arguments.count("BUCKET", types, 2, 4);
        if (types.size() == 3) {
            Arguments.count("BUCKET", types, 2, 2);
        }
        Arguments.check(types, 0, "datetime or numeric", t -> t == DataType.DATETIME || t.numeric());
        boolean date = types.get(0) == DataType.DATETIME;
        for (int i = 1; i < types.size(); i++) {
            if (!Arguments.constant(constants, i)) {
                throw new IllegalArgumentException("argument " + (i + 1) + " of [BUCKET] must be a constant");
            }
        }
        if (date) {
            Truncation.Rounding rounding;
            if (types.size() == 2) {
                Arguments.check(
                        types,
                        1,
                        "date_period or time_duration",
                        t -> t == DataType.DATE_PERIOD || t == DataType.TIME_DURATION || t.string());
                rounding = DateFunctions.rounding(constants.get(1));
            } else {
                Arguments.check(types, 1, "integer", Arguments.WHOLE);
                rounding = pick(
                        ((Number) constants.get(1)).intValue(),
                        DateFunctions.instant(constants.get(2)),
                        DateFunctions.instant(constants.get(3)));
            }
            return ScalarFunction.Bound.of(DataType.DATETIME, a -> rounding.round((Instant) a[0]));
        }
        double span;
        if (types.size() == 2) {
            Arguments.check(types, 1, "numeric", Arguments.NUMERIC);
            span = ((Number) constants.get(1)).doubleValue();
        } else {
            span = niceSpan(
                    ((Number) constants.get(1)).intValue(),
                    ((Number) constants.get(2)).doubleValue(),
                    ((Number) constants.get(3)).doubleValue());
        }
        if (!(span > 0)) {
            throw new IllegalArgumentException("[BUCKET] span must be positive, found [" + span + "]");
        }
        return ScalarFunction.Bound.of(DataType.DOUBLE, a -> Math.floor(((Number) a[0]).doubleValue() / span) * span);
    }

    private static Truncation.Rounding pick(int buckets, Instant from, Instant to) {
        Truncation.Rounding chosen = Truncation.of(DATE_SPANS.get(0));
        for (Object span : DATE_SPANS) {
            Truncation.Rounding r = Truncation.of(span);
            if (!fits(r, span, from, to, buckets)) {
                break;
            }
            chosen = r;
        }
        return chosen;
    }

    /** Whether at most {@code buckets} steps of the span from {@code from}'s bucket reach {@code to}. */
    private static boolean fits(Truncation.Rounding r, Object span, Instant from, Instant to, int buckets) {
        Instant t = r.round(from);
        for (int used = 0; used < buckets; used++) {
            t = span instanceof Duration d
                    ? t.plus(d)
                    : t.atZone(java.time.ZoneOffset.UTC).plus((Period) span).toInstant();
            if (!t.isBefore(to)) {
                return true;
            }
        }
        return false;
    }

    /** The number span: half or all of the power of ten above the exact width of a bucket. */
    private static double niceSpan(int buckets, double from, double to) {
        double precise = (to - from) / buckets;
        double power = Math.pow(10, Math.ceil(Math.log10(precise)));
        return precise < power / 2 ? power / 2 : power;
    }
}
