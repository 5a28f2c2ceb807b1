package io.verdict.eql;

import io.verdict.event.Event;
import io.verdict.event.FieldType;
import io.verdict.event.Schema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One data set of Elasticsearch's EQL spec tests, loaded as the QA runner (DataLoader) indexes it: the mapping
 * decides field types, {@code event.category} is an alias of {@code event_type}, a {@code null_value} replaces
 * JSON nulls, and Endgame data gets {@code @timestamp} from its FILETIME {@code timestamp} (epoch nanos for the
 * {@code -nanos} variant). Events are in result order: timestamp, then the tiebreaker/id field.
 */
record EqlSpecData(Schema schema, List<Event> events, String idField) {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final long FILETIME_EPOCH_DIFF_MS = 11_644_473_600_000L;

    /** Endgame data ({@code test_data.json}) with the given mapping file. */
    static EqlSpecData endgame(Path dir, String mapping, boolean nanos) {
        Map<String, JsonNode> nullValues = new HashMap<>();
        Schema schema = schema(dir.resolve("data").resolve(mapping), nullValues);
        List<ObjectNode> docs = read(dir.resolve("test_data.json"));
        for (ObjectNode doc : docs) {
            long filetime = doc.get("timestamp").longValue();
            String ts = nanos
                    ? Instant.EPOCH.plusNanos(filetime).toString()
                    : Instant.ofEpochMilli(filetime / 10_000 - FILETIME_EPOCH_DIFF_MS)
                            .toString();
            doc.put("@timestamp", ts);
        }
        return build(schema, docs, nullValues, "serial_event_id");
    }

    /** A {@code data/*.data} set with its mapping. */
    static EqlSpecData of(Path dir, String name, String idField) {
        Map<String, JsonNode> nullValues = new HashMap<>();
        Schema schema = schema(dir.resolve("data").resolve(name + ".mapping"), nullValues);
        return build(schema, read(dir.resolve("data").resolve(name + ".data")), nullValues, idField);
    }

    /**
     * Sample data: the named {@code data/*.data} sets searched together (test_sample searches sample1,2,3 as one),
     * in index order (samples need no timestamps). A date with a custom mapping {@code format} is converted to
     * epoch millis, as Elasticsearch parses it at index time.
     */
    static EqlSpecData unordered(Path dir, String idField, String... names) {
        Map<String, FieldType> types = new HashMap<>();
        List<Event> events = new ArrayList<>();
        for (String name : names) {
            Map<String, JsonNode> nullValues = new HashMap<>();
            Map<String, String> formats = new HashMap<>();
            Schema schema = schema(dir.resolve("data").resolve(name + ".mapping"), nullValues, formats);
            for (ObjectNode doc : read(dir.resolve("data").resolve(name + ".data"))) {
                formats.forEach((field, format) -> {
                    if (doc.has(field) && doc.get(field).isString()) {
                        java.time.LocalDate date = java.time.LocalDate.parse(
                                doc.get(field).stringValue(), java.time.format.DateTimeFormatter.ofPattern(format));
                        doc.put(
                                field,
                                date.atStartOfDay(java.time.ZoneOffset.UTC)
                                        .toInstant()
                                        .toEpochMilli());
                    }
                });
                if (doc.has("event_type")) {
                    doc.set("event.category", doc.get("event_type"));
                }
                events.add(Event.of(doc));
            }
            for (String field :
                    new java.util.TreeSet<>(schemaFields(dir.resolve("data").resolve(name + ".mapping")))) {
                types.put(field, schema.typeOf(field));
            }
        }
        return new EqlSpecData(Schema.of(types), List.copyOf(events), idField);
    }

    private static java.util.Set<String> schemaFields(Path mapping) {
        Map<String, FieldType> types = new HashMap<>();
        try {
            String text = Files.readAllLines(mapping).stream()
                    .filter(line -> !line.stripLeading().startsWith("#"))
                    .collect(Collectors.joining("\n"));
            walk(JSON.readTree(text).get("properties"), "", types, new HashMap<>(), new HashMap<>());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return types.keySet();
    }

    private static EqlSpecData build(
            Schema schema, List<ObjectNode> docs, Map<String, JsonNode> nullValues, String idField) {
        List<Event> events = new ArrayList<>();
        for (ObjectNode doc : docs) {
            if (doc.has("event_type")) {
                doc.set("event.category", doc.get("event_type"));
            }
            nullValues.forEach((field, value) -> {
                if (doc.has(field) && doc.get(field).isNull()) {
                    doc.set(field, value);
                }
            });
            events.add(Event.of(doc));
        }
        Comparator<Event> order =
                Comparator.comparing((Event e) -> timestamp(e, schema)).thenComparing(e -> id(e, idField));
        events.sort(order);
        return new EqlSpecData(schema, List.copyOf(events), idField);
    }

    long id(Event event) {
        return id(event, idField);
    }

    private static long id(Event event, String idField) {
        return event.root().get(idField).longValue();
    }

    private static Instant timestamp(Event event, Schema schema) {
        JsonNode ts = event.root().get("@timestamp");
        return io.verdict.event.FieldValues.asInstant(ts, schema.typeOf("@timestamp"));
    }

    private static List<ObjectNode> read(Path file) {
        try {
            // missing-events.data has // comment lines
            String text = Files.readAllLines(file).stream()
                    .filter(line -> !line.stripLeading().startsWith("//"))
                    .collect(Collectors.joining("\n"));
            List<ObjectNode> docs = new ArrayList<>();
            JSON.readTree(text).forEach(n -> docs.add((ObjectNode) n));
            return docs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Field types of a mapping file ({@code #} comment lines first); random keyword types read as keyword. */
    static Schema schema(Path mapping, Map<String, JsonNode> nullValues) {
        return schema(mapping, nullValues, new HashMap<>());
    }

    static Schema schema(Path mapping, Map<String, JsonNode> nullValues, Map<String, String> formats) {
        try {
            String text = Files.readAllLines(mapping).stream()
                    .filter(line -> !line.stripLeading().startsWith("#"))
                    .collect(Collectors.joining("\n"));
            Map<String, FieldType> types = new HashMap<>();
            walk(JSON.readTree(text).get("properties"), "", types, nullValues, formats);
            return Schema.of(types);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void walk(
            JsonNode properties,
            String prefix,
            Map<String, FieldType> types,
            Map<String, JsonNode> nullValues,
            Map<String, String> formats) {
        for (Map.Entry<String, JsonNode> entry : properties.properties()) {
            String name = prefix + entry.getKey();
            JsonNode def = entry.getValue();
            if (def.has("properties")) {
                walk(def.get("properties"), name + ".", types, nullValues, formats);
                continue;
            }
            String type = def.path("type").asString("");
            if ("alias".equals(type)) {
                continue; // the loader copies the aliased value (event.category <- event_type)
            }
            types.put(
                    name,
                    type.startsWith("[runtime_random_keyword_type]")
                            ? FieldType.KEYWORD
                            : FieldType.ofMappingType(type));
            // multi-fields: a text field's keyword copy is what EQL compares
            // (the spec's random keyword family stands for keyword, constant_keyword or wildcard: all keywords)
            def.path("fields").properties().forEach(sub -> {
                String subType = sub.getValue().path("type").asString("");
                boolean random = subType.startsWith("[runtime_random_keyword_type]");
                types.put(
                        name + "." + (random ? "keyword" : sub.getKey()),
                        random ? FieldType.KEYWORD : FieldType.ofMappingType(subType));
            });
            if (def.has("format") && "date".equals(type)) {
                formats.put(name, def.get("format").asString());
            }
            if (def.has("null_value")) {
                nullValues.put(name, def.get("null_value"));
            }
        }
    }
}
