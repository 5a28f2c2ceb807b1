package io.verdict.engine.threat;

import io.verdict.event.Event;
import io.verdict.event.FieldPath;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * One indicator document as the store keeps it, shared by every rule that uses it: its id, index, times, provider
 * and type, the indicator object at each rule's {@code threat_indicator_path} (as JSON, read back only for an
 * alert's enrichment) and the comparison texts of the mapped fields. Immutable but for the rules holding it, which
 * the {@link IndicatorStore} guards.
 */
public final class Indicator {

    final String id;
    final String index;
    final String[] timeFields;
    final long[] times;
    /** Last seen (else last modified), epoch millis; {@link Long#MIN_VALUE} when the document says neither. */
    final long seen;

    final String provider;
    final String type;
    final String feedName;
    final String[] paths;
    /** The UTF-8 JSON of the indicator object at each path; null where the document has none. */
    final byte[][] objects;

    final String[] fields;
    final String[][] values;
    /** The rules that use it, by id; guarded by the store, and shared with other indicators (never changed). */
    String[] rules = NO_RULES;

    private static final String[] NO_RULES = new String[0];
    /** The order it came in, for the store's oldest-first overflow. */
    long arrival;

    Indicator(
            String id,
            String index,
            String[] timeFields,
            long[] times,
            long seen,
            String provider,
            String type,
            String feedName,
            String[] paths,
            byte[][] objects,
            String[] fields,
            String[][] values) {
        this.id = id;
        this.index = index;
        this.timeFields = timeFields;
        this.times = times;
        this.seen = seen;
        this.provider = provider;
        this.type = type;
        this.feedName = feedName;
        this.paths = paths;
        this.objects = objects;
        this.fields = fields;
        this.values = values;
    }

    /**
     * The indicator of a document the rules {@code rules} accept, under {@code id} (its {@code _id} or a digest of
     * its source) and {@code index}: their time fields, indicator objects and mapped fields, names shared through
     * {@code store}.
     */
    public static Indicator of(Event document, String id, String index, List<ThreatRule> rules, IndicatorStore store) {
        Set<String> timeFields = new LinkedHashSet<>();
        Set<String> paths = new LinkedHashSet<>();
        Set<FieldPath> fields = new LinkedHashSet<>();
        for (ThreatRule rule : rules) {
            if (rule.bound() != null) {
                timeFields.add(rule.bound().field());
            }
            paths.add(rule.indicatorPath().name());
            fields.addAll(rule.indicatorFields());
        }
        String[] times = timeFields.stream().map(store::name).toArray(String[]::new);
        long[] at = timeFields.stream()
                .mapToLong(f -> IndicatorCheck.time(document, FieldPath.of(f)))
                .toArray();
        byte[][] objects =
                paths.stream().map(p -> objectJson(document, FieldPath.of(p))).toArray(byte[][]::new);
        List<String> names = new ArrayList<>(fields.size());
        List<String[]> values = new ArrayList<>(fields.size());
        for (FieldPath field : fields) {
            List<String> texts = new ArrayList<>(1);
            document.forEachValue(field, value -> {
                String text = IndicatorValues.text(value);
                if (text != null && !texts.contains(text)) {
                    texts.add(text);
                }
            });
            if (!texts.isEmpty()) {
                names.add(store.name(field.name()));
                values.add(texts.toArray(String[]::new));
            }
        }
        return new Indicator(
                id,
                store.name(index),
                store.names(times),
                at,
                IndicatorCheck.seen(document),
                store.name(text(document, PROVIDER)),
                store.name(text(document, TYPE)),
                store.name(text(document, FEED)),
                store.names(paths.stream().map(store::name).toArray(String[]::new)),
                objects,
                store.names(names.toArray(String[]::new)),
                values.toArray(String[][]::new));
    }

    private static final FieldPath PROVIDER = FieldPath.of("threat.indicator.provider");
    private static final FieldPath TYPE = FieldPath.of("threat.indicator.type");
    private static final FieldPath FEED = FieldPath.of("threat.feed.name");

    private static String text(Event document, FieldPath field) {
        JsonNode value = document.firstValue(field);
        return value == null || value.isContainer() || value.isNull() ? null : value.asString();
    }

    /** The object at {@code path} (the first, when an array) as UTF-8 JSON; null when there is none. */
    private static byte[] objectJson(Event document, FieldPath path) {
        JsonNode value = objectAt(document.root(), path.name().split("\\."), 0);
        return value == null ? null : value.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The object at the dotted path from part {@code from}, under nested or dotted keys alike. */
    private static JsonNode objectAt(JsonNode node, String[] parts, int from) {
        if (node != null && node.isArray()) {
            node = node.isEmpty() ? null : node.get(0);
        }
        if (node == null || !node.isObject()) {
            return null;
        }
        if (from == parts.length) {
            return node;
        }
        StringBuilder key = new StringBuilder();
        for (int to = from; to < parts.length; to++) {
            key.append(to == from ? "" : ".").append(parts[to]);
            JsonNode found = objectAt(node.get(key.toString()), parts, to + 1);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    /** Its {@code _id}, else a digest of its source: what a newer version of it replaces it by. */
    public String id() {
        return id;
    }

    /** Its index or data stream name; null when the document named none. */
    public String index() {
        return index;
    }

    /** {@code threat.indicator.provider}, or null. */
    public String provider() {
        return provider;
    }

    /** {@code threat.indicator.type}, or null. */
    public String type() {
        return type;
    }

    /** {@code threat.feed.name}, or null. */
    public String feedName() {
        return feedName;
    }

    /** The comparison texts of a mapped indicator field (see {@link IndicatorValues}); null when it has none. */
    String[] values(String field) {
        for (int i = 0; i < fields.length; i++) {
            if (fields[i].equals(field)) {
                return values[i];
            }
        }
        return null;
    }

    /** The value of the time field {@code field}; {@link Long#MIN_VALUE} when it has none. */
    long time(String field) {
        for (int i = 0; i < timeFields.length; i++) {
            if (timeFields[i].equals(field)) {
                return times[i];
            }
        }
        return Long.MIN_VALUE;
    }

    /** The indicator object at {@code path} as JSON text, or null. */
    String object(String path) {
        for (int i = 0; i < paths.length; i++) {
            if (paths[i].equals(path)) {
                return objects[i] == null ? null : new String(objects[i], StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    /** Estimated bytes it holds (names and small strings shared with other indicators are not counted). */
    long memoryBytes() {
        // the lists of names are shared with other indicators: not counted
        long bytes = 112 + 8L * times.length + text(id);
        for (byte[] object : objects) {
            bytes += object == null ? 0 : 16 + object.length;
        }
        for (String[] each : values) {
            bytes += 16;
            for (String value : each) {
                bytes += 4 + text(value);
            }
        }
        return bytes;
    }

    private static long text(String s) {
        return s == null ? 0 : 40 + s.length();
    }

    /** Plain data for a snapshot. */
    Map<String, Object> snapshot() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", id);
        out.put("index", index);
        out.put("time_fields", List.of(timeFields));
        out.put("times", Arrays.stream(times).boxed().toList());
        out.put("seen", seen);
        out.put("provider", provider);
        out.put("type", type);
        out.put("feed_name", feedName);
        out.put("paths", List.of(paths));
        out.put(
                "objects",
                Arrays.stream(objects)
                        .map(o -> o == null ? null : new String(o, StandardCharsets.UTF_8))
                        .toList());
        out.put("fields", List.of(fields));
        out.put("values", Arrays.stream(values).map(List::of).toList());
        out.put("rules", List.of(rules));
        return out;
    }

    /** The indicator of a {@link #snapshot()}, names interned by {@code names}; its rules are set by its store. */
    @SuppressWarnings("unchecked")
    static Indicator restore(Map<String, Object> data, java.util.function.UnaryOperator<String> names) {
        List<String> timeFields = (List<String>) data.get("time_fields");
        List<Number> times = (List<Number>) data.get("times");
        List<String> paths = (List<String>) data.get("paths");
        List<String> objects = (List<String>) data.get("objects");
        List<String> fields = (List<String>) data.get("fields");
        List<List<String>> values = (List<List<String>>) data.get("values");
        return new Indicator(
                (String) data.get("id"),
                names.apply((String) data.get("index")),
                timeFields.stream().map(names).toArray(String[]::new),
                times.stream().mapToLong(Number::longValue).toArray(),
                ((Number) data.get("seen")).longValue(),
                names.apply((String) data.get("provider")),
                names.apply((String) data.get("type")),
                names.apply((String) data.get("feed_name")),
                paths.stream().map(names).toArray(String[]::new),
                objects.stream()
                        .map(o -> o == null ? null : o.getBytes(StandardCharsets.UTF_8))
                        .toArray(byte[][]::new),
                fields.stream().map(names).toArray(String[]::new),
                values.stream().map(v -> v.toArray(String[]::new)).toArray(String[][]::new));
    }
}
