package io.verdict.api;

import io.verdict.config.VerdictProperties;
import io.verdict.event.Envelopes;
import io.verdict.event.Event;
import io.verdict.event.FieldSet;
import io.verdict.event.StrictUtf8;
import io.verdict.event.TimeFields;
import io.verdict.event.Utf8CheckingInput;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.springframework.http.HttpStatus;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.UnexpectedEndOfInputException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads events from request bodies within the configured limits: one JSON object, a JSON array read element by
 * element, or NDJSON read line by line. Neither batch form holds the whole body in memory. Thread-safe.
 */
final class EventReader {

    /** One item of a batch: an event, or why its element or line is not one. */
    record Item(int position, Event event, String error, Integer column) implements io.verdict.engine.batch.BatchItem {}

    private final JsonMapper json;
    private final VerdictProperties.Evaluate limits;
    /** The fields of the rules in force when an event is read, or null to keep whole trees. */
    private final Supplier<FieldSet> fields;

    /** A reader that keeps every event's whole tree (for endpoints that read any field, e.g. explain). */
    EventReader(VerdictProperties.Evaluate limits) {
        this(limits, () -> null);
    }

    /**
     * A reader that keeps, of each event, the values of the fields the current rules read (see {@link FieldSet});
     * the rest is kept as source text and parsed only if something asks for it.
     */
    EventReader(VerdictProperties.Evaluate limits, Supplier<FieldSet> fields) {
        this.limits = limits;
        this.fields = fields;
        StreamReadConstraints constraints = StreamReadConstraints.builder()
                .maxNestingDepth(limits.maxNestingDepth())
                .maxStringLength(limits.maxStringLength())
                .build();
        this.json = JsonMapper.builder(
                        JsonFactory.builder().streamReadConstraints(constraints).build())
                .build();
    }

    /**
     * A whole JSON body of at most {@code maxBytes}, as a tree, for a request that is one document rather than a
     * stream of events; a 400/413 problem saying precisely what is wrong with it otherwise.
     */
    JsonNode tree(InputStream body, long maxBytes) {
        byte[] bytes;
        try {
            bytes = new LimitedInputStream(body, maxBytes).readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            StrictUtf8.check(bytes);
            JsonNode node = json.readTree(bytes);
            if (node == null || node.isMissingNode()) {
                throw new BadInputException(
                        HttpStatus.BAD_REQUEST, "empty-body", "The request body is empty.", null, null);
            }
            return node;
        } catch (StreamConstraintsException e) {
            throw constraint(e, 0);
        } catch (JacksonException e) {
            throw malformed(e, 0);
        }
    }

    /** The one event of a body, or a 400/413 problem saying precisely what is wrong with it. */
    Event single(InputStream body) {
        byte[] bytes;
        try {
            bytes = new LimitedInputStream(body, limits.maxEventSize().toBytes()).readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        FieldSet kept = fields.get();
        if (kept != null) {
            try {
                return timed(Event.parse(json, bytes, kept));
            } catch (StreamConstraintsException e) {
                throw constraint(e, 0);
            } catch (JacksonException e) {
                throw malformed(e, 0);
            } catch (IllegalArgumentException notAnObject) {
                // the tree says precisely what the body is instead
            }
        }
        JsonNode node;
        try {
            StrictUtf8.check(bytes);
            node = json.readTree(bytes);
        } catch (StreamConstraintsException e) {
            throw constraint(e, 0);
        } catch (JacksonException e) {
            throw malformed(e, 0);
        }
        if (node == null || node.isMissingNode()) {
            throw new BadInputException(
                    HttpStatus.BAD_REQUEST,
                    "empty-body",
                    "The request body is empty: post one" + " ECS event as a JSON object.",
                    null,
                    null);
        }
        if (!node.isObject()) {
            throw new BadInputException(
                    HttpStatus.BAD_REQUEST,
                    "not-an-object",
                    "The body is a JSON "
                            + node.getNodeType().name().toLowerCase()
                            + ", not an object: post one ECS event as a JSON object"
                            + " (several go to /api/v1/evaluate/_batch).",
                    null,
                    null);
        }
        return timed(Event.of(node));
    }

    /**
     * The event a document stands for (see {@link Envelopes}), unless a time field holds something other than a
     * date: a 400, as Elasticsearch refuses it.
     */
    private static Event timed(Event document) {
        Event event;
        try {
            event = Envelopes.unwrap(document);
        } catch (Envelopes.NotOneHit e) {
            throw new BadInputException(HttpStatus.BAD_REQUEST, "not-one-hit", e.getMessage(), null, null);
        }
        String invalid = TimeFields.invalid(event);
        if (invalid != null) {
            throw new BadInputException(
                    HttpStatus.BAD_REQUEST, "invalid-timestamp", "The event's " + invalid + ".", null, null);
        }
        return event;
    }

    /** The item of an event at {@code position}, or an error when a time field holds something other than a date. */
    private static Item timed(int position, String where, Event document) {
        Event event;
        try {
            event = Envelopes.unwrap(document);
        } catch (Envelopes.NotOneHit e) {
            return new Item(position, null, where + ": " + e.getMessage(), null);
        }
        String invalid = TimeFields.invalid(event);
        return invalid == null
                ? new Item(position, event, null, null)
                : new Item(position, null, where + ": " + invalid, null);
    }

    /**
     * Hands each element of a JSON array body to {@code sink}, which returns false to stop. A syntax error ends
     * the batch with a 400 problem at its line and column, since nothing after it can be read reliably.
     */
    void array(InputStream body, Predicate<Item> sink) {
        Utf8CheckingInput checked = new Utf8CheckingInput(
                new LimitedInputStream(body, limits.maxBatchSize().toBytes()));
        try (JsonParser parser = json.createParser(checked)) {
            JsonToken first = parser.nextToken();
            TokenStreamLocation at = parser.currentTokenLocation();
            if (first != JsonToken.START_ARRAY && !(first == JsonToken.START_OBJECT && toSearchHits(parser))) {
                throw new BadInputException(
                        HttpStatus.BAD_REQUEST,
                        "not-an-array",
                        "A JSON batch is an array of"
                                + " events, or an Elasticsearch search answer whose hits.hits are the events (or send"
                                + " application/x-ndjson, one event a line).",
                        line(at),
                        column(at));
            }
            int index = 0;
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
                if (token == null) {
                    throw new BadInputException(
                            HttpStatus.BAD_REQUEST,
                            "malformed-json",
                            "The JSON array ends before its closing ']'.",
                            null,
                            null);
                }
                Item item;
                if (token == JsonToken.START_OBJECT) {
                    FieldSet kept = fields.get();
                    item = timed(
                            index,
                            "element " + index,
                            kept == null ? Event.of(parser.readValueAsTree()) : Event.read(json, parser, kept));
                } else {
                    parser.skipChildren();
                    item = new Item(
                            index,
                            null,
                            "element " + index + " is a JSON " + describe(token) + ", not an object",
                            null);
                }
                // its bytes were checked on their way in: invalid UTF-8 in them makes the element alone an error
                Utf8CheckingInput.Invalid invalid =
                        checked.invalidBefore(parser.currentLocation().getByteOffset());
                if (invalid != null) {
                    item = new Item(index, null, "element " + index + ": Invalid UTF-8: " + invalid.what(), null);
                }
                index++;
                if (!sink.test(item)) {
                    return;
                }
            }
        } catch (StreamConstraintsException e) {
            throw constraint(e, 0);
        } catch (JacksonException e) {
            throw malformed(e, 0);
        }
    }

    /**
     * Moves {@code parser}, at the start of an object, to the start of its {@code hits.hits} array, passing over
     * every other member unread, so that a search answer of any size streams as the batch of its hits; false when
     * the object has none.
     */
    private static boolean toSearchHits(JsonParser parser) {
        return toMember(parser, "hits", JsonToken.START_OBJECT) && toMember(parser, "hits", JsonToken.START_ARRAY);
    }

    /** Inside an object, to the value of member {@code name} when it starts with {@code kind}; false at its end. */
    private static boolean toMember(JsonParser parser, String name, JsonToken kind) {
        for (JsonToken token = parser.nextToken(); token == JsonToken.PROPERTY_NAME; token = parser.nextToken()) {
            boolean wanted = name.equals(parser.currentName());
            if (parser.nextToken() == kind && wanted) {
                return true;
            }
            parser.skipChildren();
        }
        return false;
    }

    /**
     * Hands each line of an NDJSON body to {@code sink} (line numbers from 1, blank lines skipped), which returns
     * false to stop. A line that is not a JSON object is an item with an error; the lines after it still count.
     */
    void ndjson(InputStream body, Predicate<Item> sink) {
        lines(body, line -> sink.test(parse(line)));
    }

    /** One unparsed NDJSON line, its bytes copied out of the reader's buffer so another thread may parse it. */
    record RawLine(int number, byte[] bytes, boolean tooLong) {}

    /**
     * Hands each non-blank line of an NDJSON body to {@code sink} unparsed (see {@link #parse(RawLine)}), which
     * returns false to stop.
     */
    void lines(InputStream body, Predicate<RawLine> sink) {
        LineReader lines = new LineReader(
                new LimitedInputStream(body, limits.maxBatchSize().toBytes()),
                (int) Math.min(Integer.MAX_VALUE - 8, limits.maxEventSize().toBytes()));
        try {
            boolean first = true;
            for (LineReader.Line line = lines.next(); line != null; line = lines.next()) {
                if (line.blank()) {
                    continue;
                }
                byte[] bytes = line.tooLong() ? new byte[0] : java.util.Arrays.copyOf(line.bytes(), line.length());
                if (first && !line.tooLong()) {
                    framing(bytes);
                }
                first = false;
                if (!sink.test(new RawLine(line.number(), bytes, line.tooLong()))) {
                    return;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Refuses an NDJSON body whose first line shows it is framed otherwise: a JSON array, or an object spread over
     * several lines (pretty-printed). Read line by line, either would be answered 200 with an error for every line.
     */
    private void framing(byte[] firstLine) {
        int at = 0;
        while (at < firstLine.length && Character.isWhitespace(firstLine[at])) {
            at++;
        }
        int end = firstLine.length - 1;
        while (end > at && Character.isWhitespace(firstLine[end])) {
            end--;
        }
        if (at < firstLine.length && firstLine[at] == '[') {
            throw new BadInputException(
                    HttpStatus.BAD_REQUEST,
                    "framing-mismatch",
                    "The body is a JSON array, sent"
                            + " as NDJSON: send a JSON array as application/json, or NDJSON as one event (a JSON object) a line"
                            + " without brackets.",
                    1,
                    at + 1);
        }
        // a whole object ends its line with '}': only a line that does not is parsed again here
        if (at < firstLine.length && firstLine[at] == '{' && firstLine[end] != '}') {
            try (JsonParser parser = json.createParser(firstLine)) {
                parser.nextToken();
                parser.skipChildren();
            } catch (JacksonException e) {
                // ended inside the object, or a line that is not JSON: that line's error, reported with the others
                TokenStreamLocation where = e.getLocation();
                if (e instanceof UnexpectedEndOfInputException || (where != null && where.getByteOffset() >= end + 1)) {
                    throw new BadInputException(
                            HttpStatus.BAD_REQUEST,
                            "framing-mismatch",
                            "The first line ends"
                                    + " inside its JSON object, as pretty-printed JSON does: NDJSON takes one event a line, each"
                                    + " object whole on its line; send a pretty-printed object or array as application/json.",
                            1,
                            null);
                }
            }
        }
    }

    /** The item of one NDJSON line: an event, or why it is not one. Thread-safe. */
    Item parse(RawLine line) {
        if (line.tooLong()) {
            return new Item(
                    line.number(),
                    null,
                    "line " + line.number() + " is longer than the limit of "
                            + limits.maxEventSize().toBytes() + " bytes",
                    null);
        }
        try {
            FieldSet kept = fields.get();
            if (kept != null) {
                try {
                    return timed(line.number(), "line " + line.number(), Event.parse(json, line.bytes(), kept));
                } catch (IllegalArgumentException notAnObject) {
                    // the tree below says what the line is instead
                }
            }
            StrictUtf8.check(line.bytes());
            JsonNode node = json.readTree(line.bytes());
            if (!node.isObject()) {
                return new Item(
                        line.number(),
                        null,
                        "line " + line.number() + " is a JSON "
                                + node.getNodeType().name().toLowerCase() + ", not an object",
                        null);
            }
            return timed(line.number(), "line " + line.number(), Event.of(node));
        } catch (JacksonException e) {
            TokenStreamLocation at = e.getLocation();
            return new Item(line.number(), null, "line " + line.number() + ": " + words(e), column(at));
        }
    }

    private static BadInputException malformed(JacksonException e, int lineOffset) {
        TokenStreamLocation at = e.getLocation();
        Integer line = line(at);
        return new BadInputException(
                HttpStatus.BAD_REQUEST,
                "malformed-json",
                "Malformed JSON"
                        + (line == null ? "" : " at line " + (line + lineOffset) + ", column " + column(at)) + ": "
                        + words(e),
                line == null ? null : line + lineOffset,
                column(at));
    }

    /**
     * What Jackson found, in words a client can act on: its messages name its own classes and settings
     * ({@code DeserializationFeature.FAIL_ON_TRAILING_TOKENS}, {@code StreamReadConstraints}), which mean nothing
     * to a client and tell an attacker what parses the body.
     */
    static String words(JacksonException e) {
        String message = e.getOriginalMessage();
        if (message == null) {
            return "the JSON cannot be read";
        }
        if (message.contains("FAIL_ON_TRAILING_TOKENS")) {
            return "Unexpected content after the event's closing '}': an event is one JSON object";
        }
        // "(start marker at [Source: REDACTED (`StreamReadFeature...` disabled); ...])" names a parser setting
        return message.replaceAll(", from `[^`]*`", "")
                .replaceAll(" \\(bound as '[^']*'\\)", "")
                .replaceAll("\\(('.{1,2}') \\(code [^)]*\\)\\)", "$1")
                .replaceAll(" ?\\(start marker at \\[Source: .*?\\]\\)", "")
                .replaceAll(" ?\\[Source: .*?\\]", "");
    }

    private static BadInputException constraint(StreamConstraintsException e, int lineOffset) {
        TokenStreamLocation at = e.getLocation();
        String message = words(e);
        boolean size = message != null && message.toLowerCase().contains("length");
        return new BadInputException(
                size ? HttpStatus.CONTENT_TOO_LARGE : HttpStatus.BAD_REQUEST,
                size ? "too-large" : "too-deep",
                "The event exceeds a limit: " + message,
                line(at) == null ? null : line(at) + lineOffset,
                column(at));
    }

    private static Integer line(TokenStreamLocation at) {
        return at == null || at.getLineNr() < 1 ? null : at.getLineNr();
    }

    private static Integer column(TokenStreamLocation at) {
        return at == null || at.getColumnNr() < 1 ? null : at.getColumnNr();
    }

    private static String describe(JsonToken token) {
        return switch (token) {
            case START_ARRAY -> "array";
            case VALUE_STRING -> "string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
            case VALUE_TRUE, VALUE_FALSE -> "boolean";
            case VALUE_NULL -> "null";
            default -> token.name().toLowerCase();
        };
    }
}
