package io.verdict.esql.conformance;

import io.verdict.esql.EsqlDocument;
import io.verdict.esql.FieldTypes;
import io.verdict.esql.value.DataType;
import io.verdict.esql.value.Ip;
import io.verdict.esql.value.Values;
import io.verdict.event.Event;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The test indices of the csv-spec cases, loaded from their CSV files as Elasticsearch would index them: the
 * header's mapping types give each field its ES|QL type; a blank cell is missing; {@code [a,b]} is a multivalue,
 * which comes back from doc values sorted (and for keywords de-duplicated), so it is stored so; float, half_float
 * and scaled_float values take the precision of their mapping; {@code \,} is a comma inside a value; a column
 * {@code _id} is the document's id, not a field.
 */
public final class SpecData {

    /** One index: its field types and its documents, in file order. */
    public record Index(String name, Types types, List<EsqlDocument> documents) {}

    /** Field types from a CSV header (what a mapping would say). */
    public record Types(Map<String, DataType> byName) implements FieldTypes {

        public Types {
            byName = Collections.unmodifiableMap(new LinkedHashMap<>(byName));
        }

        @Override
        public DataType typeOf(String field) {
            return byName.get(field);
        }

        @Override
        public Set<String> names() {
            return byName.keySet();
        }
    }

    private static final JsonNodeFactory NODES = JsonMapper.builder().build().getNodeFactory();
    /** The scaling factor of {@code height.scaled_float} in Elasticsearch's test mapping. */
    private static final double SCALING_FACTOR = 100;

    private SpecData() {}

    /**
     * Every index under {@code data/}, by name (the file name without {@code .csv}), with the keyword sub-fields its
     * mapping ({@code mapping-<name>.json}, {@code mapping-default.json} for employees) gives text fields.
     */
    public static Map<String, Index> all(Path dataDir) {
        Map<String, Index> all = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(dataDir)) {
            for (Path csv :
                    files.filter(p -> p.toString().endsWith(".csv")).sorted().toList()) {
                String name = csv.getFileName().toString().replaceFirst("\\.csv$", "");
                Path mapping = dataDir.resolve(
                        name.equals("employees") ? "mapping-default.json" : "mapping-" + name + ".json");
                Map<String, String> subfields = Files.exists(mapping)
                        ? keywordSubfields(Files.readString(mapping, StandardCharsets.UTF_8))
                        : Map.of();
                all.put(name, load(name, Files.readString(csv, StandardCharsets.UTF_8), subfields));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return all;
    }

    /** The text fields of a mapping that have a keyword sub-field, each with the sub-field's full name. */
    static Map<String, String> keywordSubfields(String mappingJson) {
        Map<String, String> out = new LinkedHashMap<>();
        collect(JsonMapper.builder().build().readTree(mappingJson).path("properties"), "", out);
        return out;
    }

    private static void collect(tools.jackson.databind.JsonNode properties, String prefix, Map<String, String> out) {
        for (Map.Entry<String, tools.jackson.databind.JsonNode> e : properties.properties()) {
            String field = prefix + e.getKey();
            tools.jackson.databind.JsonNode def = e.getValue();
            if (def.has("properties")) {
                collect(def.path("properties"), field + ".", out);
            }
            if ("text".equals(def.path("type").asString(""))) {
                for (Map.Entry<String, tools.jackson.databind.JsonNode> sub :
                        def.path("fields").properties()) {
                    if ("keyword".equals(sub.getValue().path("type").asString(""))) {
                        out.put(field, field + "." + sub.getKey());
                    }
                }
            }
        }
    }

    public static Index load(String name, String csv) {
        return load(name, csv, Map.of());
    }

    /**
     * An index from its CSV. A text field with a keyword sub-field ({@code keywordSubfields}: field to sub-field)
     * is read as ES|QL reads it then, from the sub-field's doc values (sorted, de-duplicated), and the sub-field
     * is a keyword field of its own.
     */
    public static Index load(String name, String csv, Map<String, String> keywordSubfields) {
        List<String> lines = csv.lines().filter(l -> !l.isBlank()).toList();
        List<String> header = split(lines.get(0));
        List<String> fields = new ArrayList<>();
        List<String> mappingTypes = new ArrayList<>();
        Map<String, DataType> types = new LinkedHashMap<>();
        for (String cell : header) {
            int colon = cell.lastIndexOf(':');
            String field = cell.substring(0, colon).trim();
            String mapping = cell.substring(colon + 1).trim().toLowerCase(Locale.ROOT);
            fields.add(field);
            mappingTypes.add(mapping);
            if (!field.equals("_id")) {
                DataType type = DataType.named(mapping);
                types.put(field, type == null ? DataType.UNSUPPORTED : type);
            }
        }
        for (String field : List.copyOf(types.keySet())) {
            String sub = keywordSubfields.get(field);
            if (sub != null && !types.containsKey(sub)) {
                types.put(sub, DataType.KEYWORD);
            }
        }
        List<EsqlDocument> documents = new ArrayList<>();
        for (int row = 1; row < lines.size(); row++) {
            List<String> cells = split(lines.get(row));
            ObjectNode event = NODES.objectNode();
            String id = String.valueOf(row - 1);
            for (int c = 0; c < fields.size() && c < cells.size(); c++) {
                String cell = cells.get(c).trim();
                if (fields.get(c).equals("_id")) {
                    id = cell;
                    continue;
                }
                String sub = keywordSubfields.get(fields.get(c));
                Object value = value(cell, sub == null ? mappingTypes.get(c) : "keyword");
                if (value != null) {
                    event.set(fields.get(c), json(value));
                    if (sub != null && !fields.contains(sub)) {
                        event.set(sub, json(value));
                    }
                }
            }
            documents.add(new EsqlDocument(Event.of(event), id, name, 1L));
        }
        return new Index(name, new Types(types), documents);
    }

    /** The cells of a line: split at commas outside {@code [...]}, where {@code \,} is no separator. */
    static List<String> split(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        int depth = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length() && line.charAt(i + 1) == ',') {
                cell.append("\\,");
                i++;
            } else if (c == ',' && depth == 0) {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                if (c == '[') {
                    depth++;
                } else if (c == ']' && depth > 0) {
                    depth--;
                }
                cell.append(c);
            }
        }
        cells.add(cell.toString());
        return cells;
    }

    /** A cell's value: null when blank or {@code []}, a list for {@code [a,b]}, else one value. */
    static Object value(String cell, String mapping) {
        if (cell.isEmpty()) {
            return null;
        }
        if (cell.startsWith("[") && cell.endsWith("]")) {
            List<Object> elements = new ArrayList<>();
            for (String element : split(cell.substring(1, cell.length() - 1))) {
                if (!element.isBlank()) {
                    elements.add(scalar(element.trim(), mapping));
                }
            }
            List<Object> ordered = docValueOrder(elements, mapping);
            return ordered.isEmpty() ? null : ordered.size() == 1 ? ordered.get(0) : ordered;
        }
        return scalar(cell, mapping);
    }

    /** Multivalues as doc values return them: sorted, keywords also de-duplicated; text keeps its order. */
    private static List<Object> docValueOrder(List<Object> elements, String mapping) {
        DataType type = DataType.named(mapping);
        if (type == null || type == DataType.TEXT || type == DataType.UNSUPPORTED) {
            return elements;
        }
        List<Object> sorted = new ArrayList<>(elements);
        sorted.sort(order(type));
        return type == DataType.KEYWORD ? new ArrayList<>(new LinkedHashSet<>(sorted)) : sorted;
    }

    @SuppressWarnings("unchecked")
    private static Comparator<Object> order(DataType type) {
        return switch (type) {
            case KEYWORD -> (a, b) -> Values.compareStrings((String) a, (String) b);
            case DATETIME -> Comparator.comparing(v -> instant((String) v));
            case IP -> Comparator.comparing(v -> Ip.parse((String) v));
            default -> (a, b) -> ((Comparable<Object>) a).compareTo(b);
        };
    }

    private static Object scalar(String text, String mapping) {
        String plain = text.replace("\\,", ",");
        return switch (mapping) {
            case "integer", "short", "byte" -> Integer.parseInt(plain);
            case "long" -> Long.parseLong(plain);
            case "double" -> Double.parseDouble(plain);
            case "float" -> (double) Float.parseFloat(plain);
            case "half_float" -> halfFloat(Float.parseFloat(plain));
            case "scaled_float" -> Math.round(Double.parseDouble(plain) * SCALING_FACTOR) / SCALING_FACTOR;
            case "boolean" -> Boolean.parseBoolean(plain);
            default -> plain;
        };
    }

    /** The value a half_float field keeps: 11 significant bits, rounded half to even. */
    static double halfFloat(float value) {
        if (value == 0 || Float.isNaN(value) || Float.isInfinite(value)) {
            return value;
        }
        int exponent = Math.max(Math.getExponent(value), -14);
        double ulp = Math.scalb(1.0, exponent - 10);
        double rounded = Math.rint(value / ulp) * ulp;
        return Math.abs(rounded) > 65504 ? Math.copySign(Double.POSITIVE_INFINITY, rounded) : rounded;
    }

    /** A date as the CSVs write it: an instant, or a day. */
    static Instant instant(String text) {
        if (text.length() == 10) {
            return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        return Instant.parse(text.endsWith("Z") ? text : text + "Z");
    }

    private static tools.jackson.databind.JsonNode json(Object value) {
        if (value instanceof List<?> list) {
            ArrayNode array = NODES.arrayNode();
            list.forEach(v -> array.add(json(v)));
            return array;
        }
        if (value instanceof Integer i) {
            return NODES.numberNode(i);
        }
        if (value instanceof Long l) {
            return NODES.numberNode(l);
        }
        if (value instanceof Double d) {
            return NODES.numberNode(d);
        }
        if (value instanceof Boolean b) {
            return NODES.booleanNode(b);
        }
        return NODES.stringNode((String) value);
    }
}
