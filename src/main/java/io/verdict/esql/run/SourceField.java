package io.verdict.esql.run;

import io.verdict.esql.EsqlDocument;
import io.verdict.esql.value.DataType;
import io.verdict.esql.value.GeoPoint;
import io.verdict.esql.value.Ip;
import io.verdict.esql.value.Values;
import io.verdict.event.Dates;
import io.verdict.event.Event;
import io.verdict.event.FieldPath;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/**
 * One column {@code FROM} reads from a document: a field of its event, converted to the field's type as
 * Elasticsearch indexes it, with multivalues in doc-values order (keyword and ip sorted and de-duplicated;
 * numbers, dates and booleans sorted; text as written), or a {@code METADATA} column. A value that does not convert
 * is left out, as ES leaves out what it could not index.
 */
public record SourceField(int slot, String name, FieldPath path, DataType type) {

    public static SourceField of(int slot, String name, DataType type) {
        return new SourceField(slot, name, name.startsWith("_") && metadata(name) ? null : FieldPath.of(name), type);
    }

    /** Whether {@code name} is a {@code METADATA} column {@link #read} knows. */
    public static boolean metadata(String name) {
        return switch (name) {
            case "_id", "_index", "_version", "_source", "_ignored" -> true;
            default -> false;
        };
    }

    /** The column's value for the document. */
    public Object read(EsqlDocument document) {
        if (path == null) {
            return switch (name) {
                case "_id" -> document.id();
                case "_index" -> document.index();
                case "_version" -> document.version();
                case "_source" -> document.event().json();
                default -> null;
            };
        }
        return read(document.event());
    }

    /** The column's value for an event (metadata columns are null). */
    public Object read(Event event) {
        if (path == null || type == DataType.UNSUPPORTED || type == DataType.NULL) {
            return null;
        }
        List<Object> values = new ArrayList<>(1);
        if (type == DataType.GEO_POINT) {
            // an object {lat, lon} is no leaf value: its two members are read
            JsonNode lat = event.firstValue(FieldPath.of(path.name() + ".lat"));
            JsonNode lon = event.firstValue(FieldPath.of(path.name() + ".lon"));
            if (lat != null && lon != null) {
                try {
                    return new GeoPoint(coordinate(lon), coordinate(lat));
                } catch (RuntimeException e) {
                    return null;
                }
            }
        }
        event.forEachValue(path, node -> {
            Object v = convert(node, type);
            if (v != null) {
                values.add(v);
            }
        });
        return value(values);
    }

    /** The column's value from the converted values found in the document, in doc-values order. */
    Object value(List<Object> values) {
        if (values.size() < 2) {
            return values.isEmpty() ? null : values.get(0);
        }
        return switch (type) {
            case KEYWORD, IP -> {
                TreeSet<Object> sorted = new TreeSet<>(Order::compare);
                sorted.addAll(values);
                yield Values.of(new ArrayList<>(sorted));
            }
            case TEXT -> Values.of(values);
            default -> {
                values.sort(Order::compare);
                yield Values.of(values);
            }
        };
    }

    /** A JSON value as a value of {@code type}; null when it is not one. */
    static Object convert(JsonNode node, DataType type) {
        if (node == null || node.isNull() || node.isArray()) {
            return null;
        }
        try {
            if (node.isObject()) {
                if (type == DataType.GEO_POINT && node.get("lat") != null && node.get("lon") != null) {
                    return new GeoPoint(coordinate(node.get("lon")), coordinate(node.get("lat")));
                }
                return null;
            }
            return switch (type) {
                case KEYWORD, TEXT -> node.isString() ? node.stringValue() : node.asString();
                case BOOLEAN -> node.isBoolean() ? node.booleanValue() : bool(node.asString());
                case INTEGER ->
                    node.isNumber() ? (Integer) (int) node.longValue() : (Integer) (int) number(node.asString());
                case LONG -> node.isNumber() ? (Long) node.longValue() : (Long) (long) number(node.asString());
                case DOUBLE ->
                    node.isNumber()
                            ? node.doubleValue()
                            : Double.parseDouble(node.asString().trim());
                case DATETIME -> date(node);
                case IP -> node.isString() ? Ip.parse(node.stringValue().trim()) : null;
                case GEO_POINT -> node.isString() ? point(node.stringValue()) : null;
                default -> null;
            };
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static double coordinate(JsonNode node) {
        return node.isNumber()
                ? node.doubleValue()
                : Double.parseDouble(node.asString().trim());
    }

    private static Boolean bool(String s) {
        return switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false", "" -> false;
            default -> null;
        };
    }

    private static double number(String s) {
        return Double.parseDouble(s.trim());
    }

    private static Instant date(JsonNode node) {
        Instant t = node.isNumber() ? Dates.ofEpochMillis(node.doubleValue()) : Dates.parse(node.asString());
        return t == null ? null : Instant.ofEpochMilli(t.toEpochMilli());
    }

    /** {@code POINT(lon lat)} or {@code "lat,lon"}. */
    private static GeoPoint point(String s) {
        String t = s.trim();
        if (t.toUpperCase(Locale.ROOT).startsWith("POINT")) {
            String inner = t.substring(t.indexOf('(') + 1, t.lastIndexOf(')')).trim();
            String[] parts = inner.split("\\s+");
            return new GeoPoint(Double.parseDouble(parts[0]), Double.parseDouble(parts[1]));
        }
        String[] parts = t.split(",");
        return new GeoPoint(Double.parseDouble(parts[1].trim()), Double.parseDouble(parts[0].trim()));
    }
}
