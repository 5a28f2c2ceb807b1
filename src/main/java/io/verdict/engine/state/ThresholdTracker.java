package io.verdict.engine.state;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.verdict.event.Event;
import io.verdict.event.FieldPath;
import io.verdict.event.FieldValues;
import io.verdict.rule.Threshold;

/**
 * The state of one threshold rule: per group of {@code threshold.field} values, the events of the last
 * {@code window} (the rule's look-back, {@code from}) in event time. When a group holds at least {@code value}
 * events and every cardinality condition holds, it alerts once and starts a new window, so one burst gives one
 * alert. Groups are bounded: the least recently used is dropped past {@code maxGroups}. Thread-safe.
 */
public final class ThresholdTracker {

    private record Seen(Instant time, List<String> cardinalityValues) {
    }

    private static final class Group {
        final ArrayDeque<Seen> events = new ArrayDeque<>();
        final List<Map<String, Integer>> distinct = new ArrayList<>();
    }

    private final List<FieldPath> fields;
    private final Threshold threshold;
    private final List<FieldPath> cardinalityFields;
    private final Duration window;
    private final int maxGroups;
    private final LinkedHashMap<List<String>, Group> groups;
    private long evictions;

    public ThresholdTracker(Threshold threshold, Duration window, int maxGroups) {
        this.threshold = threshold;
        this.fields = threshold.field().stream().map(FieldPath::of).toList();
        this.cardinalityFields = threshold.cardinality().stream().map(c -> FieldPath.of(c.field())).toList();
        this.window = window;
        this.maxGroups = maxGroups;
        this.groups = new LinkedHashMap<>(16, 0.75f, true);
    }

    /** Counts an event that passed the rule's query at {@code time}; the results of the groups it completed. */
    public synchronized List<ThresholdResult> accept(Event event, Instant time) {
        List<ThresholdResult> results = new ArrayList<>(0);
        List<String> cardinalityValues = cardinalityValues(event);
        for (List<String> key : Terms.combinations(event, fields)) {
            Group group = groups.computeIfAbsent(key, k -> newGroup());
            if (groups.size() > maxGroups) {
                var eldest = groups.keySet().iterator().next();
                groups.remove(eldest);
                evictions++;
            }
            expire(group, time);
            add(group, new Seen(time, cardinalityValues));
            result(key, group).ifPresent(result -> {
                results.add(result);
                groups.remove(key);
            });
        }
        return results;
    }

    /** The groups as plain data: for each, its key and the (time, cardinality values) of its window's events. */
    public synchronized List<Map<String, Object>> snapshot() {
        List<Map<String, Object>> out = new ArrayList<>(groups.size());
        groups.forEach((key, group) -> {
            List<Map<String, Object>> events = new ArrayList<>(group.events.size());
            group.events.forEach(e -> events.add(Map.of("t", e.time().toEpochMilli(),
                    "c", e.cardinalityValues().stream().map(v -> v == null ? "" : v).toList())));
            out.add(Map.of("key", key, "events", events));
        });
        return out;
    }

    /** Takes back groups written by {@link #snapshot()}; a malformed entry fails the whole restore. */
    @SuppressWarnings("unchecked")
    public synchronized void restore(List<Map<String, Object>> snapshot) {
        groups.clear();
        for (Map<String, Object> entry : snapshot) {
            List<String> key = List.copyOf((List<String>) entry.get("key"));
            Group group = newGroup();
            for (Map<String, Object> e : (List<Map<String, Object>>) entry.get("events")) {
                List<String> values = ((List<String>) e.get("c")).stream().map(v -> v.isEmpty() ? null : v).toList();
                add(group, new Seen(Instant.ofEpochMilli(((Number) e.get("t")).longValue()), values));
            }
            groups.put(key, group);
        }
    }

    public synchronized int groups() {
        return groups.size();
    }

    public synchronized long evictions() {
        return evictions;
    }

    private Group newGroup() {
        Group group = new Group();
        cardinalityFields.forEach(f -> group.distinct.add(new HashMap<>()));
        return group;
    }

    private List<String> cardinalityValues(Event event) {
        List<String> values = new ArrayList<>(cardinalityFields.size());
        for (FieldPath field : cardinalityFields) {
            var first = event.firstValue(field);
            values.add(first == null ? null : FieldValues.asString(first));
        }
        return values;
    }

    private void add(Group group, Seen seen) {
        group.events.addLast(seen);
        for (int i = 0; i < seen.cardinalityValues().size(); i++) {
            String value = seen.cardinalityValues().get(i);
            if (value != null) {
                group.distinct.get(i).merge(value, 1, Integer::sum);
            }
        }
    }

    /** Drops the events that fell out of the window ending at {@code now}. */
    private void expire(Group group, Instant now) {
        Instant start = now.minus(window);
        while (!group.events.isEmpty() && group.events.peekFirst().time().isBefore(start)) {
            Seen gone = group.events.removeFirst();
            for (int i = 0; i < gone.cardinalityValues().size(); i++) {
                String value = gone.cardinalityValues().get(i);
                if (value != null) {
                    group.distinct.get(i).computeIfPresent(value, (v, n) -> n == 1 ? null : n - 1);
                }
            }
        }
    }

    private Optional<ThresholdResult> result(List<String> key, Group group) {
        if (group.events.size() < threshold.value()) {
            return Optional.empty();
        }
        List<ThresholdResult.Term> cardinality = new ArrayList<>();
        for (int i = 0; i < threshold.cardinality().size(); i++) {
            Threshold.Cardinality condition = threshold.cardinality().get(i);
            int distinct = group.distinct.get(i).size();
            if (distinct < condition.value()) {
                return Optional.empty();
            }
            cardinality.add(new ThresholdResult.Term(condition.field(), distinct));
        }
        List<ThresholdResult.Term> terms = new ArrayList<>();
        for (int i = 0; i < key.size(); i++) {
            terms.add(new ThresholdResult.Term(threshold.field().get(i), key.get(i)));
        }
        return Optional.of(new ThresholdResult(terms, cardinality, group.events.size(), group.events.peekFirst().time()));
    }
}
