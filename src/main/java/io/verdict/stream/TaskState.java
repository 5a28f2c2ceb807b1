package io.verdict.stream;

import io.verdict.engine.Detector;
import io.verdict.engine.StateStore;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import tools.jackson.databind.json.JsonMapper;

/**
 * The tracker state of one task (one partition of the state topic): the engine's {@link StateStore}, holding the
 * keys of that partition only, and its copy in the changelogged {@link SnapshotStore}. The rules an event changed
 * are marked dirty; at each flush (each commit) their state is written whole, in chunks small enough for a
 * record, under {@code rule_id NUL chunk}. The indicators of the indicator match rules are saved under the empty
 * rule id. Not thread-safe: a task runs on one thread.
 */
final class TaskState {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Bytes of one chunk: well within a record's default limit of 1 MB. */
    static final int CHUNK = 256 * 1024;

    private static final String INDICATORS = "";

    private final StateStore state;
    private final KeyValueStore<Bytes, byte[]> saved;
    private final Set<String> dirty = new HashSet<>();
    /** Chunks saved per rule_id: what a smaller state or a dropped rule leaves to delete. */
    private final Map<String, Integer> chunks = new HashMap<>();

    TaskState(StateStore.Limits limits, KeyValueStore<Bytes, byte[]> saved) {
        this.state = new StateStore(limits);
        this.saved = saved;
    }

    StateStore state() {
        return state;
    }

    /**
     * Takes back what the changelog holds for the rules {@code detector} still has in the same definition; the
     * problems of entries that could not be read (they are dropped, and start afresh).
     */
    List<String> load(Detector detector) {
        state.retain(detector);
        Map<String, TreeMap<Integer, byte[]>> parts = new HashMap<>();
        try (KeyValueIterator<Bytes, byte[]> all = saved.all()) {
            while (all.hasNext()) {
                KeyValue<Bytes, byte[]> next = all.next();
                byte[] key = next.key.get();
                int nul = key.length - 5;
                if (nul < 0 || key[nul] != 0) {
                    continue;
                }
                String id = new String(key, 0, nul, StandardCharsets.UTF_8);
                int chunk = ByteBuffer.wrap(key, nul + 1, 4).getInt();
                parts.computeIfAbsent(id, k -> new TreeMap<>()).put(chunk, next.value);
            }
        }
        List<Map<String, Object>> snapshot = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        parts.forEach((id, byChunk) -> {
            chunks.put(id, byChunk.lastKey() + 1);
            ByteArrayOutputStream whole = new ByteArrayOutputStream();
            byChunk.values().forEach(whole::writeBytes);
            try {
                @SuppressWarnings("unchecked")
                Map<String, Object> entry = JSON.readValue(whole.toByteArray(), Map.class);
                snapshot.add(entry);
            } catch (RuntimeException e) {
                problems.add((id.isEmpty() ? "indicators" : id) + ": " + e.getMessage());
            }
        });
        state.restore(snapshot, detector, (data, type) -> JSON.convertValue(data, type), problems);
        // what was not taken back (a rule gone or changed) is deleted at the next flush
        dirty.addAll(chunks.keySet());
        return problems;
    }

    /** The rule set changed: the state of rules gone or changed goes, in memory now and saved at the next flush. */
    void retain(Detector detector) {
        state.retain(detector);
        dirty.addAll(chunks.keySet());
    }

    /** The rule's state changed. */
    void changed(String ruleId) {
        dirty.add(ruleId);
    }

    /** The indicators changed. */
    void indicatorsChanged() {
        dirty.add(INDICATORS);
    }

    /** Writes the state of every dirty rule into the changelogged store (called at each flush). */
    void save() {
        for (String id : dirty) {
            Map<String, Object> entry = id.isEmpty() ? state.snapshotIndicators() : state.snapshot(id);
            byte[] bytes = entry == null ? new byte[0] : JSON.writeValueAsBytes(entry);
            int count = (bytes.length + CHUNK - 1) / CHUNK;
            for (int c = 0; c < count; c++) {
                int from = c * CHUNK;
                byte[] part = java.util.Arrays.copyOfRange(bytes, from, Math.min(bytes.length, from + CHUNK));
                saved.put(key(id, c), part);
            }
            int before = chunks.getOrDefault(id, 0);
            for (int c = count; c < before; c++) {
                saved.delete(key(id, c));
            }
            if (count == 0) {
                chunks.remove(id);
            } else {
                chunks.put(id, count);
            }
        }
        dirty.clear();
    }

    private static Bytes key(String id, int chunk) {
        byte[] name = id.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(name.length + 5)
                .put(name)
                .put((byte) 0)
                .putInt(chunk)
                .array());
    }
}
