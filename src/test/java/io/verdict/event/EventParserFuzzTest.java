package io.verdict.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Fuzzes the event parser with arbitrary bytes, as one event (a request body or an NDJSON line) and as the
 * element of a JSON array body. On every input: the byte scanner gives up or reads exactly Jackson's view
 * ({@link FlatScannerTest#compare}); only the documented exceptions escape (a {@link JacksonException}, among them
 * {@link InvalidUtf8Exception}, or an {@link IllegalArgumentException} for what is not an object); an event that
 * is read is UTF-8 throughout and answers every question without failing: its fields, its tree, its JSON, its
 * time fields. Seeds: {@code EventParserFuzzTestInputs/parse}; in {@code verify} it runs over them and then
 * fuzzes for {@code fuzz.duration} (see the pom).
 */
class EventParserFuzzTest {

    /** Jackson's defaults, and limits as small as the service's are large, so that inputs reach them. */
    private static final List<ObjectMapper> MAPPERS = List.of(
            JsonMapper.builder().build(),
            JsonMapper.builder(JsonFactory.builder()
                            .streamReadConstraints(StreamReadConstraints.builder()
                                    .maxNestingDepth(8)
                                    .maxStringLength(64)
                                    .maxNameLength(32)
                                    .maxNumberLength(24)
                                    .build())
                            .build())
                    .build());
    /** Nested, dotted and overlapping names, the time fields, and names of the seeds. */
    private static final FieldSet FIELDS = FieldSet.of(List.of(
            "@timestamp",
            "event.ingested",
            "event.category",
            "process.name",
            "process.args",
            "process.parent.name",
            "user.name",
            "host.os.type",
            "a",
            "a.b",
            "a.b.c",
            "b",
            "note",
            "winlog.event_data.TargetUserName"));

    private static final List<FieldPath> PATHS = List.of(
            FieldPath.of("a.b.c"),
            FieldPath.of("process.args"),
            FieldPath.of("@timestamp"),
            FieldPath.of("user.name"),
            FieldPath.of("not.kept"));

    @FuzzTest(maxDuration = "10s")
    void parse(byte[] data) {
        for (ObjectMapper mapper : MAPPERS) {
            FlatScannerTest.compare(mapper, data, FIELDS);
            Event event;
            try {
                event = Event.parse(mapper, data, FIELDS);
            } catch (JacksonException | IllegalArgumentException documented) {
                continue;
            }
            assertEquals(-1, StrictUtf8.firstInvalid(data, 0, data.length), "an event read is UTF-8 throughout");
            answersEverything(mapper, event);
        }
        arrayElement(data);
    }

    /** The input as the one element of an array body, read as the batch reader reads it. */
    private static void arrayElement(byte[] data) {
        byte[] body = new byte[data.length + 2];
        body[0] = '[';
        System.arraycopy(data, 0, body, 1, data.length);
        body[body.length - 1] = ']';
        ObjectMapper mapper = MAPPERS.get(1);
        Utf8CheckingInput checked = new Utf8CheckingInput(new ByteArrayInputStream(body));
        try (JsonParser parser = mapper.createParser(checked)) {
            parser.nextToken();
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return;
            }
            Event event = Event.read(mapper, parser, FIELDS);
            if (checked.invalidBefore(parser.currentLocation().getByteOffset()) == null) {
                answersEverything(mapper, event);
            }
        } catch (JacksonException | IllegalArgumentException documented) {
            // malformed, too deep or too long: the batch reader's 400 or item error
        }
    }

    private static void answersEverything(ObjectMapper mapper, Event event) {
        for (FieldPath path : PATHS) {
            event.values(path);
            event.has(path);
            event.writtenAsArray(path);
        }
        TimeFields.invalid(event);
        event.json();
        // what include_event and format=kibana do with it
        byte[] written = mapper.writeValueAsBytes(event.root());
        assertTrue(event.materialised());
        JsonNode back = mapper.readTree(written);
        if (finite(event.root())) {
            assertEquals(event.root(), back, "the tree reads back as written");
        }
    }

    /**
     * Whether every number of the tree is finite: a number beyond a double's range (1E9999) reads as infinity,
     * which JSON can only write as the string "Infinity"; what is written still reads back, as a string there.
     */
    private static boolean finite(JsonNode node) {
        if (node.isDouble() || node.isFloat()) {
            return Double.isFinite(node.doubleValue());
        }
        for (JsonNode child : node) {
            if (!finite(child)) {
                return false;
            }
        }
        return true;
    }
}
