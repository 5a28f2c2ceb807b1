package io.verdict.esql.function;

import io.verdict.esql.value.DataType;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/**
 * {@code JSON_EXTRACT(json, path)}: the value at a path ({@code a.b}, {@code a['b.c']}, {@code a[0]}, with or without
 * a leading {@code $}) as a keyword: strings unquoted, numbers and booleans as written, objects and arrays as compact
 * JSON, JSON {@code null} as null. The document is read as a stream and the first key that matches wins, as in ES.
 */
final class JsonExtract {

    private static final JsonFactory JSON = new JsonFactory();

    private JsonExtract() {}

    static ScalarFunction function() {
        return new Scalar("JSON_EXTRACT", (types, constants) -> {
            Scalar.check("JSON_EXTRACT", types, 2, Scalar.STRING, Scalar.STRING);
            if (Arguments.constant(constants, 1)) {
                String path = (String) constants.get(1);
                List<Object> steps = steps(path);
                return ScalarFunction.Bound.of(DataType.KEYWORD, a -> extract((String) a[0], path, steps));
            }
            return ScalarFunction.Bound.of(
                    DataType.KEYWORD, a -> extract((String) a[0], (String) a[1], steps((String) a[1])));
        });
    }

    /** The steps of a path: a {@link String} key or an {@link Integer} array index each. */
    static List<Object> steps(String path) {
        List<Object> steps = new ArrayList<>();
        int i = path.startsWith("$") ? 1 : 0;
        while (i < path.length()) {
            char c = path.charAt(i);
            if (c == '.') {
                i++;
            } else if (c == '[') {
                int close = path.indexOf(']', i);
                if (close < 0) {
                    throw new IllegalArgumentException("Invalid path [" + path + "]: unclosed bracket");
                }
                String inside = path.substring(i + 1, close).trim();
                if (inside.length() >= 2
                        && (inside.startsWith("'") && inside.endsWith("'")
                                || inside.startsWith("\"") && inside.endsWith("\""))) {
                    steps.add(inside.substring(1, inside.length() - 1));
                } else {
                    try {
                        steps.add(Integer.parseInt(inside));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException(
                                "Invalid path [" + path + "]: bad array index [" + inside + "]");
                    }
                }
                i = close + 1;
            } else {
                int end = i;
                while (end < path.length() && path.charAt(end) != '.' && path.charAt(end) != '[') {
                    end++;
                }
                steps.add(path.substring(i, end));
                i = end;
            }
        }
        return steps;
    }

    private static String extract(String json, String path, List<Object> steps) {
        try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), json)) {
            JsonToken token = parser.nextToken();
            if (token == null) {
                throw new IllegalArgumentException("invalid JSON input");
            }
            for (Object step : steps) {
                if (step instanceof String key) {
                    if (token != JsonToken.START_OBJECT || !toKey(parser, key)) {
                        throw new IllegalArgumentException("path [" + path + "] does not exist");
                    }
                } else {
                    if (token != JsonToken.START_ARRAY) {
                        throw new IllegalArgumentException("path [" + path + "] does not exist");
                    }
                    if (!toIndex(parser, (Integer) step)) {
                        throw new IllegalArgumentException("array index out of bounds");
                    }
                }
                token = parser.nextToken();
                if (token == JsonToken.END_ARRAY) {
                    throw new IllegalArgumentException("array index out of bounds");
                }
            }
            return switch (token) {
                case VALUE_NULL -> null;
                case START_OBJECT, START_ARRAY -> compact(parser);
                default -> parser.getString();
            };
        } catch (JacksonException e) {
            throw new IllegalArgumentException("invalid JSON input");
        }
    }

    /** Moves to the value's field name {@code key} within the current object; false if it has none. */
    private static boolean toKey(JsonParser parser, String key) {
        JsonToken t;
        while ((t = parser.nextToken()) == JsonToken.PROPERTY_NAME) {
            if (parser.currentName().equals(key)) {
                return true;
            }
            parser.nextToken();
            parser.skipChildren();
        }
        if (t == null) {
            throw new IllegalArgumentException("invalid JSON input");
        }
        return false;
    }

    /** Moves to just before element {@code index} of the current array; false if it is shorter. */
    private static boolean toIndex(JsonParser parser, int index) {
        if (index < 0) {
            return false;
        }
        for (int i = 0; i < index; i++) {
            JsonToken t = parser.nextToken();
            if (t == JsonToken.END_ARRAY) {
                return false;
            }
            if (t == null) {
                throw new IllegalArgumentException("invalid JSON input");
            }
            parser.skipChildren();
        }
        // The element itself is the caller's next token; an END_ARRAY there means the array is shorter.
        return true;
    }

    private static String compact(JsonParser parser) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(ObjectWriteContext.empty(), out)) {
            g.copyCurrentStructure(parser);
        }
        return out.toString();
    }
}
