package io.verdict.engine.state;

import io.verdict.eql.sequence.Footprint;
import io.verdict.event.Event;
import io.verdict.event.FieldPath;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * The state of one new_terms rule: when each combination of the rule's {@code new_terms} fields was last seen, in
 * event time. A combination is new when it was not seen within the history window before the event; arrays give
 * every combination. Bounded: past {@code maxTerms} combinations or {@code maxBytes} estimated bytes (see
 * {@link Footprint}) the combinations last seen before the history window of the latest event time go first (they
 * would be new again anyway), then the least recently seen. Thread-safe.
 */
public final class NewTermsTracker {

    private static final LongConsumer NO_TOTAL = bytes -> {};

    private final List<String> names;
    private final List<FieldPath> fields;
    private final Duration history;
    private final int maxTerms;
    private final long maxBytes;
    private final LinkedHashMap<List<String>, Instant> lastSeen;
    private long evictions;
    private long bytes;
    /** The latest event time seen; null before the first. */
    private Instant latest;
    /** No remembered combination was last seen before this (a lower bound); null when none is remembered. */
    private Instant oldest;

    private LongConsumer total = NO_TOTAL;

    public NewTermsTracker(List<String> fields, Duration history, int maxTerms) {
        this(fields, history, maxTerms, Long.MAX_VALUE);
    }

    public NewTermsTracker(List<String> fields, Duration history, int maxTerms, long maxBytes) {
        this.names = List.copyOf(fields);
        this.fields = fields.stream().map(FieldPath::of).toList();
        this.history = history;
        this.maxTerms = maxTerms;
        this.maxBytes = maxBytes;
        this.lastSeen = new LinkedHashMap<>(16, 0.75f, true);
    }

    /** Records an event that passed the rule's query; the combinations that are new at {@code time}. */
    public List<List<String>> accept(Event event, Instant time) {
        return accept(event, time, null);
    }

    /**
     * Records an event's combinations that {@code only} accepts (null: all of them); those that are new at
     * {@code time}. A partitioned run records each combination where it is kept.
     */
    public synchronized List<List<String>> accept(
            Event event, Instant time, java.util.function.Predicate<List<String>> only) {
        List<List<String>> fresh = new ArrayList<>(0);
        for (List<String> combo : Terms.combinations(event, fields)) {
            if (only != null && !only.test(combo)) {
                continue;
            }
            Instant seen = lastSeen.get(combo);
            if (seen == null || seen.isBefore(time.minus(history))) {
                fresh.add(combo);
            }
            remember(combo, seen, time);
        }
        return fresh;
    }

    /** Records history without alerting (a fresh service knows nothing of the weeks before it started). */
    public synchronized void learn(Event event, Instant time) {
        for (List<String> combo : Terms.combinations(event, fields)) {
            remember(combo, lastSeen.get(combo), time);
        }
    }

    /** The remembered combinations as plain data, least recently seen first: {@code terms} and {@code t} (millis). */
    public synchronized List<Map<String, Object>> snapshot() {
        List<Map<String, Object>> out = new ArrayList<>(lastSeen.size());
        lastSeen.forEach((combo, seen) -> out.add(Map.of("terms", combo, "t", seen.toEpochMilli())));
        return out;
    }

    /** Takes back combinations written by {@link #snapshot()}. */
    @SuppressWarnings("unchecked")
    public synchronized void restore(List<Map<String, Object>> snapshot) {
        lastSeen.clear();
        count(-bytes);
        latest = null;
        oldest = null;
        for (Map<String, Object> entry : snapshot) {
            List<String> combo = List.copyOf((List<String>) entry.get("terms"));
            Instant seen = Instant.ofEpochMilli(((Number) entry.get("t")).longValue());
            if (lastSeen.put(combo, seen) == null) {
                count(bytesOf(combo));
            }
            latest = latest == null || seen.isAfter(latest) ? seen : latest;
            oldest = oldest == null || seen.isBefore(oldest) ? seen : oldest;
        }
        bound(null);
    }

    /**
     * Reports the tracker's estimated bytes to {@code total} from now on (a running sum over several trackers): what
     * it holds now at once, then every change. The previous receiver is told the tracker's bytes are gone.
     */
    public synchronized void countInto(LongConsumer total) {
        this.total.accept(-bytes);
        this.total = total == null ? NO_TOTAL : total;
        this.total.accept(bytes);
    }

    /** Estimated bytes the remembered combinations hold. */
    public synchronized long memoryBytes() {
        return bytes;
    }

    /** Forgets the least recently seen combinations (counted as evictions) until at most {@code maxBytes} are held. */
    public synchronized void shrinkTo(long maxBytes) {
        if (bytes > maxBytes) {
            expire(null);
        }
        while (bytes > maxBytes && !lastSeen.isEmpty()) {
            evictEldest();
        }
    }

    public List<String> fieldNames() {
        return names;
    }

    public synchronized int terms() {
        return lastSeen.size();
    }

    public synchronized long evictions() {
        return evictions;
    }

    private void remember(List<String> combo, Instant seen, Instant time) {
        Instant kept = seen == null || time.isAfter(seen) ? time : seen;
        lastSeen.put(combo, kept);
        latest = latest == null || time.isAfter(latest) ? time : latest;
        oldest = oldest == null || kept.isBefore(oldest) ? kept : oldest;
        if (seen == null) {
            count(bytesOf(combo));
            bound(combo);
        }
    }

    private boolean over() {
        return lastSeen.size() > maxTerms || bytes > maxBytes;
    }

    /**
     * Past either bound, the combinations outside the history window go first, then the least recently seen; the
     * one just seen ({@code kept}) stays. Late events make the order of use differ from the order of time, so the
     * least recently used may well be inside the window while an older one is not.
     */
    private void bound(List<String> kept) {
        if (over()) {
            expire(kept);
        }
        while (over() && lastSeen.size() > 1) {
            evictEldest();
        }
    }

    /**
     * Forgets every combination last seen before the history window ending at the latest event time, but
     * {@code kept}; a pass over them only when the oldest may be that old.
     */
    private void expire(List<String> kept) {
        Instant start = latest == null ? null : latest.minus(history);
        if (start == null || oldest == null || !oldest.isBefore(start)) {
            return;
        }
        Instant min = null;
        for (var it = lastSeen.entrySet().iterator(); it.hasNext(); ) {
            var entry = it.next();
            if (entry.getValue().isBefore(start) && !entry.getKey().equals(kept)) {
                it.remove();
                count(-bytesOf(entry.getKey()));
            } else if (min == null || entry.getValue().isBefore(min)) {
                min = entry.getValue();
            }
        }
        oldest = min;
    }

    private void evictEldest() {
        var eldest = lastSeen.keySet().iterator();
        List<String> combo = eldest.next();
        eldest.remove();
        count(-bytesOf(combo));
        evictions++;
    }

    /** A remembered combination: its map entry, the list with its strings, and the time it was last seen. */
    private static long bytesOf(List<String> combo) {
        return Footprint.LINKED_ENTRY + Footprint.strings(combo) + Footprint.INSTANT;
    }

    private void count(long delta) {
        bytes += delta;
        total.accept(delta);
    }
}
