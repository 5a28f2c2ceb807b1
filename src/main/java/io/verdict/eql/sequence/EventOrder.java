package io.verdict.eql.sequence;

import io.verdict.eql.ast.Query;
import io.verdict.event.Event;
import io.verdict.event.FieldValues;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * Elasticsearch's event order (eql-semantics.md §9): timestamp ascending, then tiebreaker ascending (events
 * without one after those with one), then the order given. Events without a timestamp are left out. Also applies
 * {@code | head N} / {@code | tail N} to a result list.
 */
public final class EventOrder {

    private EventOrder() {}

    /** The events with a timestamp, sorted as Elasticsearch orders them for the rule. */
    public static List<Event> sort(
            List<Event> events, Function<Event, Instant> timestamp, Function<Event, Object> tiebreaker) {
        record Keyed(Event event, Instant time, Object tiebreaker, int index) {}
        List<Keyed> keyed = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            Event e = events.get(i);
            Instant t = timestamp.apply(e);
            if (t != null) {
                keyed.add(new Keyed(e, t, tiebreaker.apply(e), i));
            }
        }
        keyed.sort(Comparator.comparing(Keyed::time)
                .thenComparing(Keyed::tiebreaker, EventOrder::compareTiebreakers)
                .thenComparingInt(Keyed::index));
        return keyed.stream().map(Keyed::event).toList();
    }

    static int compareTiebreakers(Object a, Object b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : 1) : -1;
        }
        if (a instanceof Number x && b instanceof Number y) {
            return FieldValues.compareNumbers(x, y);
        }
        return String.valueOf(a).compareTo(String.valueOf(b));
    }

    /** The results after the query's pipes, in order ({@code tail} keeps the last N, still ascending). */
    public static <T> List<T> applyPipes(List<T> results, List<Query.Pipe> pipes) {
        List<T> out = results;
        for (Query.Pipe pipe : pipes) {
            int n = (int) Math.min(pipe.count(), out.size());
            out = pipe.name().equals("head") ? out.subList(0, n) : out.subList(out.size() - n, out.size());
        }
        return List.copyOf(out);
    }
}
