package io.verdict.engine.threat;

import io.verdict.event.Event;
import io.verdict.event.FieldPath;
import io.verdict.event.ValueTest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.LongConsumer;
import tools.jackson.databind.JsonNode;

/**
 * One indicator match rule's state: hash indexes from each key indicator field's values to the indicators holding
 * them (the indicators themselves are shared in the {@link IndicatorStore}), the indicators by age for expiry, and
 * the {@link EventBuffer} of recent events waiting for an indicator. Bounded in estimated bytes: past its budget the
 * oldest waiting events go first, then the oldest indicators. Thread-safe (synchronized).
 *
 * <p>An indicator is live for the rule at event time {@code now} while its bounded field (and, when it has one, its
 * last-seen or modified time) is within the threat query's bound at {@code now}: expired ones stop matching at once
 * and are swept out as event time moves, oldest first.
 */
public final class ThreatTracker {

    /** Bytes of one index entry: the map node, its key's share and the array slot. */
    private static final long ENTRY_BYTES = 48;
    /** Matches one alert carries at most, as Kibana's enrichment does. */
    static final int MAX_MATCHES = 100;

    /** An indicator matching an event through one group; {@code atomics} per entry, the matched value (null: negated). */
    public record Match(Indicator indicator, MappingGroup group, String[] atomics) {}

    private final ThreatRule rule;
    private final IndicatorStore shared;
    private final long maxBytes;
    private final String[] keyFields;
    private final List<Map<String, Object>> index = new ArrayList<>();
    /** Per group, the position of its key indicator field in {@link #keyFields} and of its key event field. */
    private final int[] keyOf;

    private final int[] eventKeyOf;
    private final PriorityQueue<Indicator> byAge;
    private final EventBuffer buffer;
    private final String boundField;
    private int held;
    private long indicatorBytes;
    private long evictions;
    private long expired;
    private LongConsumer total;
    private long counted;
    private long sweptAt = Long.MIN_VALUE;
    private long earliestAt = Long.MIN_VALUE;
    private long earliest = Long.MIN_VALUE;

    public ThreatTracker(ThreatRule rule, IndicatorStore shared, long maxBytes) {
        this.rule = rule;
        this.shared = shared;
        this.maxBytes = maxBytes;
        List<FieldPath> keys = rule.keyIndicatorFields();
        this.keyFields = keys.stream().map(FieldPath::name).toArray(String[]::new);
        keys.forEach(k -> index.add(new HashMap<>()));
        List<FieldPath> eventKeys = rule.keyEventFields();
        this.keyOf = rule.groups().stream()
                .mapToInt(g -> keys.indexOf(g.key().indicator()))
                .toArray();
        this.eventKeyOf = rule.groups().stream()
                .mapToInt(g -> eventKeys.indexOf(g.key().event()))
                .toArray();
        this.boundField = rule.bound() == null ? null : rule.bound().field();
        this.byAge = new PriorityQueue<>(Comparator.comparingLong(this::effectiveTime));
        this.buffer = new EventBuffer(eventKeys);
    }

    public ThreatRule rule() {
        return rule;
    }

    /** When the indicator counts from for this rule: its bounded field, or its last-seen time when earlier. */
    private long effectiveTime(Indicator indicator) {
        long time = boundField == null ? Long.MAX_VALUE : indicator.time(boundField);
        return indicator.seen == Long.MIN_VALUE ? time : Math.min(time, indicator.seen);
    }

    /** Whether the indicator counts for this rule at event time {@code now}. */
    public synchronized boolean live(Indicator indicator, long now) {
        if (rule.bound() == null) {
            return true;
        }
        if (now != earliestAt) {
            earliest = rule.earliest(now);
            earliestAt = now;
        }
        return effectiveTime(indicator) >= earliest;
    }

    /** Takes an indicator the rule accepts into its indexes. */
    public synchronized void add(Indicator indicator) {
        if (shared.heldBy(indicator, rule.ruleId())) {
            return;
        }
        shared.hold(indicator, rule.ruleId());
        for (int k = 0; k < keyFields.length; k++) {
            String[] values = indicator.values(keyFields[k]);
            if (values != null) {
                for (String value : values) {
                    index.get(k).merge(value, indicator, ThreatTracker::join);
                }
                indicatorBytes += ENTRY_BYTES * values.length;
            }
        }
        byAge.add(indicator);
        held++;
        indicatorBytes += indicator.memoryBytes();
        report();
        if (memoryBytes() > maxBytes) {
            shrinkTo(maxBytes - maxBytes / 10);
        }
    }

    private static Object join(Object known, Object added) {
        if (known instanceof Indicator one) {
            return one == added ? one : new Indicator[] {one, (Indicator) added};
        }
        Indicator[] many = (Indicator[]) known;
        for (Indicator i : many) {
            if (i == added) {
                return many;
            }
        }
        Indicator[] more = java.util.Arrays.copyOf(many, many.length + 1);
        more[many.length] = (Indicator) added;
        return more;
    }

    /** Takes an indicator out of the rule's indexes (replaced, dropped, expired); false when it did not hold it. */
    public synchronized boolean remove(Indicator indicator) {
        if (!shared.heldBy(indicator, rule.ruleId())) {
            return false;
        }
        for (int k = 0; k < keyFields.length; k++) {
            String[] values = indicator.values(keyFields[k]);
            if (values == null) {
                continue;
            }
            Map<String, Object> map = index.get(k);
            for (String value : values) {
                map.computeIfPresent(value, (v, known) -> without(known, indicator));
            }
            indicatorBytes -= ENTRY_BYTES * values.length;
        }
        held--;
        indicatorBytes -= indicator.memoryBytes();
        shared.release(indicator, rule.ruleId());
        if (byAge.size() > 2 * held + 1024) {
            byAge.removeIf(i -> !shared.heldBy(i, rule.ruleId()));
        }
        report();
        return true;
    }

    private static Object without(Object known, Indicator gone) {
        if (known == gone) {
            return null;
        }
        if (known instanceof Indicator) {
            return known;
        }
        Indicator[] many = (Indicator[]) known;
        List<Indicator> left = new ArrayList<>(many.length);
        for (Indicator i : many) {
            if (i != gone) {
                left.add(i);
            }
        }
        return left.size() == 1 ? left.get(0) : left.toArray(Indicator[]::new);
    }

    /** Forgets the indicators expired at event time {@code now}, oldest first; swept at most once a second. */
    public synchronized void sweep(long now) {
        if (rule.bound() == null || now == Long.MIN_VALUE || now - sweptAt < 1000 && sweptAt != Long.MIN_VALUE) {
            return;
        }
        sweptAt = now;
        long from = rule.earliest(now);
        while (!byAge.isEmpty() && effectiveTime(byAge.peek()) < from) {
            Indicator old = byAge.poll();
            if (remove(old)) {
                expired++;
            }
        }
        buffer.evictBefore(now == Long.MIN_VALUE ? Long.MIN_VALUE : now - rule.lookBackMillis());
    }

    /** A reusable probe of an event's key values, so that an event no indicator names allocates nothing. */
    private final class Probe implements ValueTest {
        Map<String, Object> map;
        List<Object[]> hits;

        @Override
        public boolean test(JsonNode value) {
            String text = IndicatorValues.text(value);
            Object found = text == null ? null : map.get(text);
            if (found != null) {
                if (hits == null) {
                    hits = new ArrayList<>(2);
                }
                hits.add(new Object[] {text, found});
            }
            return false;
        }
    }

    private final Probe probe = new Probe();

    /** The live indicators matching the event at event time {@code now} (at most {@link #MAX_MATCHES}); empty: none. */
    public synchronized List<Match> match(Event event, long now) {
        if (held == 0) {
            return List.of();
        }
        List<Match> out = List.of();
        List<MappingGroup> groups = rule.groups();
        for (int g = 0; g < groups.size(); g++) {
            MappingGroup group = groups.get(g);
            Map<String, Object> map = index.get(keyOf[g]);
            if (map.isEmpty()) {
                continue;
            }
            probe.map = map;
            probe.hits = null;
            event.anyValue(group.key().event(), probe);
            if (probe.hits == null) {
                continue;
            }
            for (Object[] hit : probe.hits) {
                Object found = hit[1];
                Indicator[] candidates = found instanceof Indicator one ? new Indicator[] {one} : (Indicator[]) found;
                for (Indicator candidate : candidates) {
                    if (out.size() >= MAX_MATCHES || !live(candidate, now)) {
                        continue;
                    }
                    String[] atomics = Groups.atomics(group, event, candidate, (String) hit[0]);
                    if (atomics != null) {
                        out = out.isEmpty() ? new ArrayList<>(2) : out;
                        out.add(new Match(candidate, group, atomics));
                    }
                }
            }
        }
        return out;
    }

    /**
     * The waiting events the new indicator matches, taken out of the buffer (each alerts once), oldest first. The
     * indicator must be live at each event's time; events past the look-back at event time {@code now} are forgotten
     * first.
     */
    public synchronized List<Event> waitingFor(Indicator indicator, long now) {
        if (now != Long.MIN_VALUE) {
            buffer.evictBefore(now - rule.lookBackMillis());
        }
        Set<EventBuffer.Buffered> found = new LinkedHashSet<>();
        List<MappingGroup> groups = rule.groups();
        for (int g = 0; g < groups.size(); g++) {
            MappingGroup group = groups.get(g);
            String[] values = indicator.values(group.key().indicator().name());
            if (values == null) {
                continue;
            }
            for (String value : values) {
                for (EventBuffer.Buffered waiting : buffer.find(eventKeyOf[g], value)) {
                    if (!waiting.gone
                            && live(indicator, waiting.time)
                            && Groups.atomics(group, waiting.event, indicator, value) != null) {
                        found.add(waiting);
                    }
                }
            }
        }
        List<Event> events = new ArrayList<>(found.size());
        for (EventBuffer.Buffered waiting : found) {
            buffer.remove(waiting);
            events.add(waiting.event);
        }
        return events;
    }

    /** Keeps an event that passed the rule's query and did not alert, for indicators to come within the look-back. */
    public synchronized void keep(Event event, long time, long now) {
        if (rule.lookBackMillis() <= 0 || now != Long.MIN_VALUE && time < now - rule.lookBackMillis()) {
            return;
        }
        buffer.evictBefore(now == Long.MIN_VALUE ? Long.MIN_VALUE : now - rule.lookBackMillis());
        if (buffer.add(event, time)) {
            report();
            if (memoryBytes() > maxBytes) {
                shrinkTo(maxBytes - maxBytes / 10);
            }
        }
    }

    /** Indicators the rule uses. */
    public synchronized int indicators() {
        return held;
    }

    /** Events waiting for an indicator. */
    public synchronized int waiting() {
        return buffer.size();
    }

    /** Indicators and waiting events forgotten to stay within the budget. */
    public synchronized long evictions() {
        return evictions;
    }

    /** Indicators forgotten because they expired. */
    public synchronized long expired() {
        return expired;
    }

    public synchronized long memoryBytes() {
        return indicatorBytes + buffer.memoryBytes() + 64L * byAge.size();
    }

    /** Forgets the oldest waiting events, then the oldest indicators, until it holds at most {@code bytes}. */
    public synchronized void shrinkTo(long bytes) {
        while (memoryBytes() > bytes && buffer.dropOldest()) {
            evictions++;
        }
        while (memoryBytes() > bytes && !byAge.isEmpty()) {
            if (remove(byAge.poll())) {
                evictions++;
            }
        }
        report();
    }

    /** Has the tracker report its bytes to {@code total} (null: to nobody) from now on. */
    public synchronized void countInto(LongConsumer total) {
        if (this.total != null) {
            this.total.accept(-counted);
        }
        this.total = total;
        counted = 0;
        report();
    }

    private void report() {
        if (total != null) {
            long now = memoryBytes();
            total.accept(now - counted);
            counted = now;
        }
    }

    /** Forgets every indicator (each released from the store) and waiting event. */
    public synchronized void clear() {
        while (!byAge.isEmpty()) {
            remove(byAge.poll());
        }
        buffer.clear();
        report();
    }

    /** The waiting events as plain data (the indicators are the store's, see {@link IndicatorStore#snapshot()}). */
    public synchronized Map<String, Object> snapshot() {
        return Map.of("waiting", buffer.snapshot());
    }

    /** Takes back the waiting events of a {@link #snapshot()}. */
    @SuppressWarnings("unchecked")
    public synchronized void restore(Map<String, Object> data, long now) {
        Object waiting = data == null ? null : data.get("waiting");
        if (waiting instanceof List<?> list) {
            for (Object each : list) {
                Map<String, Object> entry = (Map<String, Object>) each;
                keep(Event.parse(String.valueOf(entry.get("event"))), ((Number) entry.get("time")).longValue(), now);
            }
        }
    }
}
