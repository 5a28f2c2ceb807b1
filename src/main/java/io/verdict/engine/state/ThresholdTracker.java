package io.verdict.engine.state;

import io.verdict.eql.sequence.Footprint;
import io.verdict.event.Event;
import io.verdict.event.FieldPath;
import io.verdict.event.FieldValues;
import io.verdict.rule.Threshold;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongConsumer;

/**
 * The state of one threshold rule: per group of {@code threshold.field} values, the events of the last
 * {@code window} (the rule's look-back, {@code from}) in event time. When a group holds at least {@code value}
 * events and every cardinality condition holds, it alerts once and starts a new window, so one burst gives one
 * alert. Groups are bounded: the least recently used is dropped past {@code maxGroups} groups or {@code maxBytes}
 * estimated bytes (see {@link Footprint}); a single group past the bytes drops its oldest events. Thread-safe.
 */
public final class ThresholdTracker {

    private static final LongConsumer NO_TOTAL = bytes -> {};
    /** A {@link Group} object. */
    private static final int GROUP = 32;
    /** A {@link Seen} record, its slot in the deque, and its time. */
    private static final int SEEN = 24 + 8 + Footprint.INSTANT;

    private record Seen(Instant time, List<String> cardinalityValues) {}

    private static final class Group {
        final ArrayDeque<Seen> events = new ArrayDeque<>();
        final List<Map<String, Integer>> distinct = new ArrayList<>();
        /** Estimated bytes of the group, its key and its events. */
        long bytes;
    }

    private final List<FieldPath> fields;
    private final Threshold threshold;
    private final List<FieldPath> cardinalityFields;
    private final Duration window;
    private final int maxGroups;
    private final long maxBytes;
    /** A group without its key and events: its map entry, itself, its deque, and its distinct-value maps. */
    private final long groupShell;

    private final LinkedHashMap<List<String>, Group> groups;
    private long evictions;
    private long bytes;
    private LongConsumer total = NO_TOTAL;

    public ThresholdTracker(Threshold threshold, Duration window, int maxGroups) {
        this(threshold, window, maxGroups, Long.MAX_VALUE);
    }

    public ThresholdTracker(Threshold threshold, Duration window, int maxGroups, long maxBytes) {
        this.threshold = threshold;
        this.fields = threshold.field().stream().map(FieldPath::of).toList();
        this.cardinalityFields = threshold.cardinality().stream()
                .map(c -> FieldPath.of(c.field()))
                .toList();
        this.window = window;
        this.maxGroups = maxGroups;
        this.maxBytes = maxBytes;
        int maps = cardinalityFields.size();
        this.groupShell = Footprint.LINKED_ENTRY
                + GROUP
                + Footprint.ARRAY_DEQUE
                + Footprint.ARRAY_LIST
                + (maps == 0 ? 0 : Footprint.references(10) + maps * (Footprint.HASH_MAP + Footprint.references(16)));
        this.groups = new LinkedHashMap<>(16, 0.75f, true);
    }

    /** Counts an event that passed the rule's query at {@code time}; the results of the groups it completed. */
    public List<ThresholdResult> accept(Event event, Instant time) {
        return accept(event, time, null);
    }

    /**
     * Counts an event in the groups {@code only} accepts (null: all of its groups); the results of the groups it
     * completed. A partitioned run counts an event once per group, where that group is kept.
     */
    public synchronized List<ThresholdResult> accept(
            Event event, Instant time, java.util.function.Predicate<List<String>> only) {
        List<ThresholdResult> results = new ArrayList<>(0);
        List<String> cardinalityValues = cardinalityValues(event);
        for (List<String> key : Terms.combinations(event, fields)) {
            if (only != null && !only.test(key)) {
                continue;
            }
            Group group = groups.get(key);
            if (group == null) {
                group = newGroup(key);
                groups.put(key, group);
                if (groups.size() > maxGroups) {
                    evictEldest();
                }
            }
            expire(group, time);
            add(group, new Seen(time, cardinalityValues));
            result(key, group).ifPresent(result -> {
                results.add(result);
                remove(key);
            });
        }
        bound();
        return results;
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

    /** Estimated bytes the groups hold. */
    public synchronized long memoryBytes() {
        return bytes;
    }

    /** Forgets the least recently used groups (counted as evictions) until at most {@code maxBytes} are held. */
    public synchronized void shrinkTo(long maxBytes) {
        while (bytes > maxBytes && !groups.isEmpty()) {
            evictEldest();
        }
    }

    /** Past the bytes, the least recently used groups go; a group alone that is too large drops its oldest events. */
    private void bound() {
        while (bytes > maxBytes && groups.size() > 1) {
            evictEldest();
        }
        if (bytes > maxBytes && groups.size() == 1) {
            Group only = groups.values().iterator().next();
            while (bytes > maxBytes && only.events.size() > 1) {
                drop(only, only.events.removeFirst());
                evictions++;
            }
        }
    }

    private void evictEldest() {
        var eldest = groups.keySet().iterator();
        List<String> key = eldest.next();
        remove(key);
        evictions++;
    }

    private void remove(List<String> key) {
        Group gone = groups.remove(key);
        if (gone != null) {
            count(-gone.bytes);
        }
    }

    private void count(long delta) {
        bytes += delta;
        total.accept(delta);
    }

    /** The groups as plain data: for each, its key and the (time, cardinality values) of its window's events. */
    public synchronized List<Map<String, Object>> snapshot() {
        List<Map<String, Object>> out = new ArrayList<>(groups.size());
        groups.forEach((key, group) -> {
            List<Map<String, Object>> events = new ArrayList<>(group.events.size());
            group.events.forEach(e -> events.add(Map.of(
                    "t",
                    e.time().toEpochMilli(),
                    "c",
                    e.cardinalityValues().stream().map(v -> v == null ? "" : v).toList())));
            out.add(Map.of("key", key, "events", events));
        });
        return out;
    }

    /** Takes back groups written by {@link #snapshot()}; a malformed entry fails the whole restore. */
    @SuppressWarnings("unchecked")
    public synchronized void restore(List<Map<String, Object>> snapshot) {
        groups.clear();
        count(-bytes);
        for (Map<String, Object> entry : snapshot) {
            List<String> key = List.copyOf((List<String>) entry.get("key"));
            Group group = newGroup(key);
            for (Map<String, Object> e : (List<Map<String, Object>>) entry.get("events")) {
                List<String> values = ((List<String>) e.get("c"))
                        .stream().map(v -> v.isEmpty() ? null : v).toList();
                add(group, new Seen(Instant.ofEpochMilli(((Number) e.get("t")).longValue()), values));
            }
            Group old = groups.put(key, group);
            if (old != null) {
                count(-old.bytes);
            }
        }
        bound();
    }

    public synchronized int groups() {
        return groups.size();
    }

    public synchronized long evictions() {
        return evictions;
    }

    private Group newGroup(List<String> key) {
        Group group = new Group();
        cardinalityFields.forEach(f -> group.distinct.add(new HashMap<>()));
        group.bytes = groupShell + Footprint.strings(key);
        count(group.bytes);
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
        long added = bytesOf(seen);
        for (int i = 0; i < seen.cardinalityValues().size(); i++) {
            String value = seen.cardinalityValues().get(i);
            if (value != null && group.distinct.get(i).merge(value, 1, Integer::sum) == 1) {
                added += Footprint.HASH_ENTRY;
            }
        }
        group.bytes += added;
        count(added);
    }

    /** Drops the events that fell out of the window ending at {@code now}. */
    private void expire(Group group, Instant now) {
        Instant start = now.minus(window);
        while (!group.events.isEmpty() && group.events.peekFirst().time().isBefore(start)) {
            drop(group, group.events.removeFirst());
        }
    }

    /** Accounts for an event that has just left the group's window. */
    private void drop(Group group, Seen gone) {
        long freed = bytesOf(gone);
        for (int i = 0; i < gone.cardinalityValues().size(); i++) {
            String value = gone.cardinalityValues().get(i);
            if (value != null
                    && group.distinct.get(i).computeIfPresent(value, (v, n) -> n == 1 ? null : n - 1) == null) {
                freed += Footprint.HASH_ENTRY;
            }
        }
        group.bytes -= freed;
        count(-freed);
    }

    /** One event of a window: the record, its time, and its list of cardinality values with their strings. */
    private static long bytesOf(Seen seen) {
        List<String> values = seen.cardinalityValues();
        long bytes = SEEN + Footprint.ARRAY_LIST + (values.isEmpty() ? 0 : Footprint.references(values.size()));
        for (int i = 0, n = values.size(); i < n; i++) {
            bytes += Footprint.string(values.get(i));
        }
        return bytes;
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
        return Optional.of(new ThresholdResult(
                terms,
                cardinality,
                group.events.size(),
                group.events.peekFirst().time()));
    }
}
