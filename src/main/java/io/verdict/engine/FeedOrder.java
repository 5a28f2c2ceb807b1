package io.verdict.engine;

import io.verdict.event.Event;
import io.verdict.event.FieldPath;
import io.verdict.event.FieldType;
import io.verdict.event.FieldValues;
import io.verdict.event.TimeFields;
import io.verdict.rule.Rule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * The order in which each stateful rule of a plan is to be fed the events of a batch, as Elasticsearch sorts what a
 * rule searches: by the rule's own timestamp field ({@code timestamp_override}, or an EQL query's
 * {@code timestamp_field}; {@code @timestamp} for an event without it), then by its {@code tiebreaker_field} when
 * it has one, then in input order. Rules that sort alike share a lane; a batch feeds lane by lane.
 *
 * <p>Lane 0 is the service's event time ({@code event.ingested}, else {@code @timestamp}), the one the ticks of the
 * ES|QL rules follow: the ES|QL window rules and the indicator intake ride it, whatever their own field, since a
 * tick must run before a later document joins its window. Elastic's rules mostly override their time with
 * {@code event.ingested}, so most rules share lane 0. Immutable.
 */
public final class FeedOrder {

    /** An event with no time in a lane comes after every event that has one. */
    public static final long NO_TIME = Long.MAX_VALUE;

    private static final FieldPath INGESTED = TimeFields.INGESTED;

    /** Per lane, the time field read first; {@code @timestamp} stands in when the event lacks it. */
    private final FieldPath[] time;
    /** Per lane, the tiebreaker field; null when the lane has none. */
    private final FieldPath[] tiebreaker;
    /** Per rule position, its lane; -1 for a rule that takes no events in order. */
    private final int[] laneOf;

    private FeedOrder(FieldPath[] time, FieldPath[] tiebreaker, int[] laneOf) {
        this.time = time;
        this.tiebreaker = tiebreaker;
        this.laneOf = laneOf;
    }

    /** The lanes of the chosen stateful rules of {@code all}. */
    static FeedOrder of(CompiledRule[] all, boolean[] chosen) {
        List<FieldPath> times = new ArrayList<>(List.of(INGESTED));
        List<FieldPath> tiebreakers = new ArrayList<>(java.util.Collections.singletonList(null));
        int[] laneOf = new int[all.length];
        Arrays.fill(laneOf, -1);
        for (int p = 0; p < all.length; p++) {
            if (!chosen[p] || !all[p].coverage().stateful()) {
                continue;
            }
            Coverage coverage = all[p].coverage();
            if (coverage == Coverage.ESQL_WINDOW) {
                laneOf[p] = 0;
                continue;
            }
            FieldPath field = timeField(all[p].rule(), coverage);
            FieldPath breaker = coverage == Coverage.EQL_SEQUENCE || coverage == Coverage.EQL_SAMPLE
                    ? tiebreakerField(all[p].rule())
                    : null;
            int lane = -1;
            for (int l = 0; l < times.size() && lane < 0; l++) {
                if (times.get(l).equals(field) && Objects.equals(tiebreakers.get(l), breaker)) {
                    lane = l;
                }
            }
            if (lane < 0) {
                lane = times.size();
                times.add(field);
                tiebreakers.add(breaker);
            }
            laneOf[p] = lane;
        }
        return new FeedOrder(times.toArray(FieldPath[]::new), tiebreakers.toArray(FieldPath[]::new), laneOf);
    }

    /**
     * How a batch orders the events it feeds {@code rule} alone: by its time field, then its tiebreaker (input
     * order, the last key, is the caller's).
     */
    public static java.util.Comparator<Event> of(CompiledRule rule) {
        FeedOrder order = of(new CompiledRule[] {rule}, new boolean[] {true});
        int lane = Math.max(0, order.lane(0));
        return java.util.Comparator.<Event>comparingLong(e -> order.time(lane, e))
                .thenComparing((a, b) -> compareTiebreakers(order.tiebreaker(lane, a), order.tiebreaker(lane, b)));
    }

    /** The field a rule orders its events by: an EQL query's own timestamp field, its override, else @timestamp. */
    private static FieldPath timeField(Rule rule, Coverage coverage) {
        String field = null;
        if ((coverage == Coverage.EQL_SEQUENCE || coverage == Coverage.EQL_SAMPLE) && rule.query() != null) {
            field = rule.query().timestampField();
        }
        if (field == null) {
            field = rule.alert().timestampOverride();
        }
        return field == null ? TimeFields.TIMESTAMP : FieldPath.of(field);
    }

    private static FieldPath tiebreakerField(Rule rule) {
        String field = rule.query() == null ? null : rule.query().tiebreakerField();
        return field == null ? null : FieldPath.of(field);
    }

    /** How many lanes there are; lane 0 always is. */
    public int lanes() {
        return time.length;
    }

    /**
     * The lane of a position as {@link Plan.Decided#stateful()} writes it: a rule's position, {@code -(p + 1)} for
     * a rule fed the event's alert document, or past the rules for the indicator intake (lane 0).
     */
    public int lane(int at) {
        if (at < 0) {
            return laneOf[-at - 1];
        }
        return at >= laneOf.length ? 0 : laneOf[at];
    }

    /** The event's time in the lane (epoch millis): its lane field, else {@code @timestamp}; {@link #NO_TIME} if neither. */
    public long time(int lane, Event event) {
        long at = read(event, time[lane]);
        return at == NO_TIME && !time[lane].equals(TimeFields.TIMESTAMP) ? read(event, TimeFields.TIMESTAMP) : at;
    }

    /** Whether the lane breaks ties of time by a field. */
    public boolean breaksTies(int lane) {
        return tiebreaker[lane] != null;
    }

    /** The event's tiebreaker in the lane: a {@link Number} or a {@link String}; null when none. */
    public Object tiebreaker(int lane, Event event) {
        FieldPath field = tiebreaker[lane];
        JsonNode value = field == null ? null : event.firstValue(field);
        if (value == null || value.isNull()) {
            return null;
        }
        return value.isNumber() ? FieldValues.asNumber(value) : FieldValues.asString(value);
    }

    /** Numbers by value before strings, strings by their text, none last. */
    public static int compareTiebreakers(Object a, Object b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : 1) : -1;
        }
        if (a instanceof Number x && b instanceof Number y) {
            if ((x instanceof Long || x instanceof Integer) && (y instanceof Long || y instanceof Integer)) {
                return Long.compare(x.longValue(), y.longValue());
            }
            try {
                return new java.math.BigDecimal(x.toString()).compareTo(new java.math.BigDecimal(y.toString()));
            } catch (NumberFormatException infinite) {
                return Double.compare(x.doubleValue(), y.doubleValue());
            }
        }
        if (a instanceof Number || b instanceof Number) {
            return a instanceof Number ? -1 : 1;
        }
        return a.toString().compareTo(b.toString());
    }

    private static long read(Event event, FieldPath field) {
        JsonNode value = event.firstValue(field);
        if (value == null) {
            return NO_TIME;
        }
        try {
            Instant instant = FieldValues.asInstant(value, FieldType.DATE);
            return instant == null ? NO_TIME : instant.toEpochMilli();
        } catch (ArithmeticException | java.time.DateTimeException e) {
            // a date too far out for millis sorts as none rather than failing the batch
            return NO_TIME;
        }
    }
}
