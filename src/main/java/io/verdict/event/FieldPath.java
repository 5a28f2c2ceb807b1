package io.verdict.event;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A field name split once into its segments, with every run of segments joined in advance, so that looking it
 * up in an event costs map lookups only. {@code process.pe.original_file_name} is found under nested objects,
 * under the dotted key {@code "process.pe.original_file_name"}, or under any mix such as
 * {@code {"process": {"pe.original_file_name": ...}}}. Immutable; compile once per field name and reuse.
 */
public final class FieldPath {

    /**
     * Paths made so far, by name: compiling the corpus asks for the same few hundred names tens of thousands of
     * times, and at start-up, interpreted, building each again was 6 % of the samples of loading and compiling.
     * Bounded, since names may also come from requests; past the bound a path is made each time.
     */
    private static final Map<String, FieldPath> MADE = new ConcurrentHashMap<>();

    private static final int MAX_MADE = 16_384;

    private final String name;
    private final int size;
    /** {@code keys[from * (size + 1) + to]}: segments {@code from..to-1} joined by dots. */
    private final String[] keys;
    /**
     * This path's slot in the {@link FieldSet} it was last looked up in: a cache, not part of its value. Plain
     * field: a thread that misses another's write only looks the slot up again.
     */
    FieldSet.Slot slot;

    private FieldPath(String name) {
        this.name = name;
        String[] segments = segments(name);
        this.size = segments.length;
        this.keys = new String[(size + 1) * (size + 1)];
        for (int from = 0; from < size; from++) {
            StringBuilder joined = new StringBuilder();
            for (int to = from + 1; to <= size; to++) {
                if (to > from + 1) {
                    joined.append('.');
                }
                joined.append(segments[to - 1]);
                keys[from * (size + 1) + to] = joined.toString();
            }
        }
    }

    /** The path of a dotted field name, e.g. {@code "process.args"}. */
    public static FieldPath of(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("a field name is not empty");
        }
        FieldPath made = MADE.get(name);
        if (made != null) {
            return made;
        }
        made = new FieldPath(name);
        if (MADE.size() < MAX_MADE) {
            FieldPath first = MADE.putIfAbsent(name, made);
            return first != null ? first : made;
        }
        return made;
    }

    /** The dot-separated segments of a name, empty ones included ({@code "a..b"} has three). */
    static String[] segments(String name) {
        return name.split("\\.", -1);
    }

    public String name() {
        return name;
    }

    /** Number of dot-separated segments. */
    public int size() {
        return size;
    }

    /** The JSON key made of segments {@code from} (inclusive) to {@code to} (exclusive). */
    String key(int from, int to) {
        return keys[from * (size + 1) + to];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FieldPath other && name.equals(other.name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return name;
    }
}
