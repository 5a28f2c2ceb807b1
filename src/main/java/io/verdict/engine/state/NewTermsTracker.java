package io.verdict.engine.state;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.verdict.event.Event;
import io.verdict.event.FieldPath;

/**
 * The state of one new_terms rule: when each combination of the rule's {@code new_terms} fields was last seen, in
 * event time. A combination is new when it was not seen within the history window before the event; arrays give
 * every combination. Bounded: past {@code maxTerms} the least recently seen combination is forgotten. Thread-safe.
 */
public final class NewTermsTracker {

    private final List<String> names;
    private final List<FieldPath> fields;
    private final Duration history;
    private final int maxTerms;
    private final LinkedHashMap<List<String>, Instant> lastSeen;
    private long evictions;

    public NewTermsTracker(List<String> fields, Duration history, int maxTerms) {
        this.names = List.copyOf(fields);
        this.fields = fields.stream().map(FieldPath::of).toList();
        this.history = history;
        this.maxTerms = maxTerms;
        this.lastSeen = new LinkedHashMap<>(16, 0.75f, true);
    }

    /** Records an event that passed the rule's query; the combinations that are new at {@code time}. */
    public synchronized List<List<String>> accept(Event event, Instant time) {
        List<List<String>> fresh = new ArrayList<>(0);
        for (List<String> combo : Terms.combinations(event, fields)) {
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
        for (Map<String, Object> entry : snapshot) {
            lastSeen.put(List.copyOf((List<String>) entry.get("terms")), Instant.ofEpochMilli(((Number) entry.get("t")).longValue()));
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
        lastSeen.put(combo, seen == null || time.isAfter(seen) ? time : seen);
        if (lastSeen.size() > maxTerms) {
            lastSeen.remove(lastSeen.keySet().iterator().next());
            evictions++;
        }
    }
}
