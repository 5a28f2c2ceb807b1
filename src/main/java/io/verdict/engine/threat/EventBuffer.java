package io.verdict.engine.threat;

import io.verdict.event.Event;
import io.verdict.event.FieldPath;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The recent events of one indicator match rule that passed its query and did not alert, within its look-back in
 * event time, hash-indexed on the event fields its mapping groups are looked up by: what an indicator that arrives
 * later is matched against. Oldest first; not thread-safe (its {@link ThreatTracker} locks).
 */
final class EventBuffer {

    /** Rough bytes a buffered event holds, its document included: events are not measured one by one. */
    static final long EVENT_BYTES = 1536;

    private static final long ENTRY_BYTES = 64;

    /** One event waiting; {@code gone} once it alerted or was forgotten (it leaves the indexes lazily). */
    static final class Buffered {
        final Event event;
        final long time;
        boolean gone;

        Buffered(Event event, long time) {
            this.event = event;
            this.time = time;
        }
    }

    private final FieldPath[] keyFields;
    private final List<Map<String, List<Buffered>>> byValue;
    private final ArrayDeque<Buffered> order = new ArrayDeque<>();
    private long bytes;
    private int live;

    EventBuffer(List<FieldPath> keyFields) {
        this.keyFields = keyFields.toArray(FieldPath[]::new);
        this.byValue = new ArrayList<>(keyFields.size());
        keyFields.forEach(f -> byValue.add(new HashMap<>()));
    }

    /** Keeps the event; false when it holds no value of a key field (no indicator could ever match it). */
    boolean add(Event event, long time) {
        Buffered entry = null;
        for (int f = 0; f < keyFields.length; f++) {
            for (var value : event.values(keyFields[f])) {
                String text = IndicatorValues.text(value);
                if (text == null) {
                    continue;
                }
                if (entry == null) {
                    entry = new Buffered(event, time);
                }
                byValue.get(f).computeIfAbsent(text, k -> new ArrayList<>(1)).add(entry);
                bytes += ENTRY_BYTES;
            }
        }
        if (entry == null) {
            return false;
        }
        order.addLast(entry);
        bytes += EVENT_BYTES;
        live++;
        return true;
    }

    /** The waiting events whose key field at {@code field} (a position of the key fields) holds {@code value}. */
    List<Buffered> find(int field, String value) {
        List<Buffered> found = byValue.get(field).get(value);
        return found == null ? List.of() : found;
    }

    /** The event alerted: it waits no more. */
    void remove(Buffered entry) {
        if (!entry.gone) {
            entry.gone = true;
            live--;
        }
    }

    /** Forgets the events older than {@code earliest}; returns how many that were still waiting. */
    int evictBefore(long earliest) {
        int evicted = 0;
        while (!order.isEmpty() && (order.peekFirst().time < earliest || order.peekFirst().gone)) {
            evicted += drop(order.pollFirst()) ? 1 : 0;
        }
        return evicted;
    }

    /** Forgets the oldest event; false when there is none. */
    boolean dropOldest() {
        Buffered oldest = order.pollFirst();
        if (oldest == null) {
            return false;
        }
        drop(oldest);
        return true;
    }

    private boolean drop(Buffered entry) {
        boolean waiting = !entry.gone;
        if (waiting) {
            entry.gone = true;
            live--;
        }
        bytes -= EVENT_BYTES;
        for (int f = 0; f < keyFields.length; f++) {
            for (var value : entry.event.values(keyFields[f])) {
                String text = IndicatorValues.text(value);
                List<Buffered> list = text == null ? null : byValue.get(f).get(text);
                if (list != null && list.remove(entry)) {
                    bytes -= ENTRY_BYTES;
                    if (list.isEmpty()) {
                        byValue.get(f).remove(text);
                    }
                }
            }
        }
        return waiting;
    }

    int size() {
        return live;
    }

    long memoryBytes() {
        return bytes;
    }

    void clear() {
        order.clear();
        byValue.forEach(Map::clear);
        bytes = 0;
        live = 0;
    }

    /** The waiting events, oldest first, as plain data: their time and document. */
    List<Map<String, Object>> snapshot() {
        List<Map<String, Object>> out = new ArrayList<>(live);
        for (Buffered entry : order) {
            if (!entry.gone) {
                Map<String, Object> one = new LinkedHashMap<>();
                one.put("time", entry.time);
                one.put("event", entry.event.json());
                out.add(one);
            }
        }
        return out;
    }
}
