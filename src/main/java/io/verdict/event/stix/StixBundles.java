package io.verdict.event.stix;

import io.verdict.event.Utf8CheckingInput;
import java.io.CharConversionException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.JacksonIOException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Converts STIX 2.1 content (a bundle, a JSON array of STIX objects, or one object) into ECS threat indicator
 * documents (see {@link IndicatorDocuments}). Objects other than indicators are counted, not refused; identities
 * name an indicator's provider and TLP marking definitions its marking. The body is read as a stream within
 * {@link Limits}; the caller bounds its size. Thread-safe: it keeps nothing between calls.
 *
 * <pre>{@code
 * Conversion result = StixBundles.convert(body, StixBundles.Limits.DEFAULT);
 * result.indicators();   // ECS documents, each with a stable _id
 * result.rejected();     // indicator objects not converted, with why
 * }</pre>
 */
public final class StixBundles {

    /**
     * Bounds on what one body may hold: objects, JSON nesting, string length, and per pattern its length and
     * nesting of brackets and parentheses.
     */
    public record Limits(
            int maxObjects, int maxNestingDepth, int maxStringLength, int maxPatternLength, int maxPatternDepth) {

        public static final Limits DEFAULT = new Limits(100_000, 64, 1_000_000, 65_536, 32);

        public Limits {
            if (maxObjects < 1
                    || maxNestingDepth < 4
                    || maxStringLength < 1
                    || maxPatternLength < 1
                    || maxPatternDepth < 1) {
                throw new IllegalArgumentException("STIX limits must be positive (nesting at least 4)");
            }
        }
    }

    /** The TLP 1.0 marking definitions STIX 2.1 defines by fixed id, which bundles name without including. */
    private static final Map<String, String> TLP_BY_ID = Map.of(
            "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9", "WHITE",
            "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da", "GREEN",
            "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82", "AMBER",
            "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed", "RED");

    private StixBundles() {}

    /**
     * The indicator documents of a STIX body; a {@link StixException} (with line and column where the parser
     * knows them) when it is not JSON, not STIX content, or over a limit; an {@link UncheckedIOException} when
     * the stream fails, and what the stream itself throws (e.g. its size limit) as it is.
     */
    public static Conversion convert(InputStream body, Limits limits) {
        List<JsonNode> objects = read(body, limits);
        Map<String, String> identities = new HashMap<>();
        Map<String, String> markings = new HashMap<>(TLP_BY_ID);
        Map<String, Integer> skipped = new LinkedHashMap<>();
        for (JsonNode object : objects) {
            String type = IndicatorDocuments.text(object, "type");
            String id = IndicatorDocuments.text(object, "id");
            if (id != null && "identity".equals(type) && IndicatorDocuments.text(object, "name") != null) {
                identities.put(id, IndicatorDocuments.text(object, "name"));
            } else if (id != null && "marking-definition".equals(type) && tlp(object) != null) {
                markings.put(id, tlp(object));
            }
        }
        IndicatorDocuments.Context context = new IndicatorDocuments.Context(identities, markings, limits);
        List<ObjectNode> documents = new ArrayList<>();
        List<Rejected> rejected = new ArrayList<>();
        for (int i = 0; i < objects.size(); i++) {
            JsonNode object = objects.get(i);
            String type = IndicatorDocuments.text(object, "type");
            if (!"indicator".equals(type)) {
                skipped.merge(type == null ? "(no type)" : type, 1, Integer::sum);
                continue;
            }
            try {
                documents.addAll(IndicatorDocuments.of(object, context));
            } catch (StixException e) {
                rejected.add(new Rejected(i, IndicatorDocuments.text(object, "id"), e.getMessage()));
            }
        }
        return new Conversion(documents, rejected, objects.size(), skipped);
    }

    /** The TLP level a marking definition sets (TLP 1.0 {@code definition}, or a {@code TLP:…} name), or null. */
    private static String tlp(JsonNode marking) {
        String level = null;
        if ("tlp".equals(IndicatorDocuments.text(marking, "definition_type"))) {
            level = IndicatorDocuments.text(marking.path("definition"), "tlp");
        }
        String name = IndicatorDocuments.text(marking, "name");
        if (level == null && name != null && name.regionMatches(true, 0, "TLP:", 0, 4)) {
            level = name.substring(4).trim();
        }
        return level == null || level.isBlank() ? null : level.toUpperCase(Locale.ROOT);
    }

    /** The STIX objects of the body, read element by element. */
    private static List<JsonNode> read(InputStream body, Limits limits) {
        StreamReadConstraints constraints = StreamReadConstraints.builder()
                .maxNestingDepth(limits.maxNestingDepth())
                .maxStringLength(limits.maxStringLength())
                .build();
        JsonMapper json = JsonMapper.builder(
                        JsonFactory.builder().streamReadConstraints(constraints).build())
                .build();
        Watched watched = new Watched(body);
        Utf8CheckingInput checked = new Utf8CheckingInput(watched);
        try (JsonParser parser = json.createParser(checked)) {
            List<JsonNode> objects = new ArrayList<>();
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new StixException("the body is empty: post a STIX 2.1 bundle");
            }
            if (first == JsonToken.START_ARRAY) {
                elements(parser, objects, limits);
            } else if (first == JsonToken.START_OBJECT) {
                topObject(parser, objects, limits);
            } else {
                throw at(parser, "the body is a JSON " + describe(first) + ", not a STIX bundle, object or array");
            }
            if (parser.nextToken() != null) {
                throw at(parser, "there is more after the JSON value");
            }
            Utf8CheckingInput.Invalid invalid = checked.invalidBefore(Long.MAX_VALUE);
            if (invalid != null) {
                throw new StixException("the body is not UTF-8: " + invalid.what() + " at byte " + invalid.offset());
            }
            return objects;
        } catch (JacksonIOException e) {
            // zero bytes up front make the parser read UTF-16 or UTF-32, whose decoder then fails: not an I/O fault
            // and a byte-order mark of a UCS-4 order it cannot read fails the same way, without the body failing
            if (e.getCause() instanceof CharConversionException || !watched.failed) {
                throw new StixException("the body is not UTF-8: " + e.getCause().getMessage());
            }
            throw new UncheckedIOException(e.getCause());
        } catch (StreamConstraintsException e) {
            throw located("the body is over a limit: " + e.getOriginalMessage(), e.getLocation());
        } catch (JacksonException e) {
            throw located("the body is not JSON: " + e.getOriginalMessage(), e.getLocation());
        }
    }

    /** A bundle (its objects read one by one), or a single STIX object. */
    private static void topObject(JsonParser parser, List<JsonNode> objects, Limits limits) {
        ObjectNode top = JsonNodeFactory.instance.objectNode();
        boolean hadObjects = false;
        TokenStreamLocation start = parser.currentTokenLocation();
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if (name.equals("objects") && value == JsonToken.START_ARRAY && !hadObjects) {
                hadObjects = true;
                elements(parser, objects, limits);
            } else {
                top.set(name, parser.readValueAsTree());
            }
        }
        String type = IndicatorDocuments.text(top, "type");
        if ("bundle".equals(type)) {
            return;
        }
        if (hadObjects || top.has("objects")) {
            throw located(
                    "an object with 'objects' is a bundle, but its type is "
                            + (type == null ? "missing" : "'" + type + "'"),
                    start);
        }
        if (type == null) {
            throw located("the object has no 'type': post a STIX 2.1 bundle, object or array of objects", start);
        }
        objects.add(top);
    }

    private static void elements(JsonParser parser, List<JsonNode> objects, Limits limits) {
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
            if (token != JsonToken.START_OBJECT) {
                throw at(parser, "object " + objects.size() + " is a JSON " + describe(token) + ", not a STIX object");
            }
            if (objects.size() == limits.maxObjects()) {
                throw at(parser, "the body holds more than " + limits.maxObjects() + " STIX objects");
            }
            objects.add(parser.readValueAsTree());
        }
    }

    private static String describe(JsonToken token) {
        return switch (token) {
            case START_ARRAY -> "array";
            case START_OBJECT -> "object";
            case VALUE_STRING -> "string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
            case VALUE_TRUE, VALUE_FALSE -> "boolean";
            case VALUE_NULL -> "null";
            default -> token.name().toLowerCase(Locale.ROOT);
        };
    }

    private static StixException at(JsonParser parser, String message) {
        return located(message, parser.currentTokenLocation());
    }

    private static StixException located(String message, TokenStreamLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return new StixException(message);
        }
        return new StixException(
                message + " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")",
                location.getLineNr(),
                location.getColumnNr());
    }

    /** The body, remembering whether reading it failed: only then is an I/O fault the stream's, not the content's. */
    private static final class Watched extends FilterInputStream {
        private boolean failed;

        Watched(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (IOException e) {
                failed = true;
                throw e;
            }
        }

        @Override
        public int read(byte[] into, int offset, int length) throws IOException {
            try {
                return super.read(into, offset, length);
            } catch (IOException e) {
                failed = true;
                throw e;
            }
        }
    }
}
