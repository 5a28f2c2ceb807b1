package io.verdict.esql;

import io.verdict.esql.value.MultiValue;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

/** Values of the model as ES|QL's JSON answers write them: dates as ISO-8601 with milliseconds, addresses as text. */
public final class EsqlJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final DateTimeFormatter DATES =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private EsqlJson() {}

    /** The value as JSON: null as a JSON null, a multivalue as an array. */
    public static JsonNode of(Object value) {
        if (value == null) {
            return NODES.nullNode();
        }
        if (value instanceof MultiValue mv) {
            ArrayNode array = NODES.arrayNode(mv.size());
            mv.elements().forEach(e -> array.add(of(e)));
            return array;
        }
        if (value instanceof Boolean b) {
            return NODES.booleanNode(b);
        }
        if (value instanceof Integer i) {
            return NODES.numberNode(i);
        }
        if (value instanceof Long l) {
            return NODES.numberNode(l);
        }
        if (value instanceof Double d) {
            return d.isNaN() || d.isInfinite() ? NODES.nullNode() : NODES.numberNode(d);
        }
        if (value instanceof Instant at) {
            return NODES.stringNode(date(at));
        }
        return NODES.stringNode(value.toString());
    }

    /** {@code 2023-10-23T12:15:03.360Z}. */
    public static String date(Instant at) {
        return DATES.format(at);
    }
}
