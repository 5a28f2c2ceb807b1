package io.verdict.event.stix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.verdict.Shared;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class StixBundlesTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static Conversion convert(String body) {
        return StixBundles.convert(
                new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), StixBundles.Limits.DEFAULT);
    }

    private static Conversion realistic() throws IOException {
        try (InputStream in = StixBundlesTest.class.getResourceAsStream("realistic-bundle.json")) {
            return StixBundles.convert(in, StixBundles.Limits.DEFAULT);
        }
    }

    @Test
    void aRealisticBundleGivesOneDocumentPerObservableAndCountsTheRest() throws IOException {
        Conversion result = realistic();
        assertEquals(12, result.objects());
        assertEquals(
                Map.of("identity", 1, "marking-definition", 1, "malware", 1, "relationship", 1), result.skippedTypes());
        assertEquals(
                List.of(
                        "6 indicator--9b7e1d2c-5a4f-4e3d-8c2b-1a0f9e8d7c44 revoked",
                        "7 indicator--0c9d8e7f-6a5b-4c3d-2e1f-0a9b8c7d6e55 pattern_type 'sigma' is not supported: only STIX"
                                + " patterns name observables",
                        "8 indicator--4d3c2b1a-0f9e-4d8c-8b7a-6f5e4d3c2b66 pattern: FOLLOWEDBY between observations is not"
                                + " supported: it asks for several observables together, which one indicator document cannot"
                                + " hold (at character 37)",
                        "9 indicator--5e4d3c2b-1a0f-4e9d-9c8b-7a6f5e4d3c77 pattern: the operator > is not supported: only ="
                                + " names one observable (at character 27)"),
                result.rejected().stream()
                        .map(r -> r.index() + " " + r.id() + " " + r.reason())
                        .toList());
        String actual = result.indicators().stream().map(JsonNode::toString).collect(Collectors.joining("\n"));
        String expected;
        try (InputStream in = getClass().getResourceAsStream("realistic-bundle.expected.ndjson")) {
            expected = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        }
        List<JsonNode> expectedDocuments = expected.lines().map(JSON::readTree).toList();
        assertEquals(expectedDocuments, List.copyOf(result.indicators()), "actual documents:\n" + actual);
    }

    @Test
    void aSecondImportGivesTheSameIdsSoItReplacesTheFirst() throws IOException {
        List<String> first = realistic().indicators().stream()
                .map(d -> d.get("_id").stringValue())
                .toList();
        List<String> second = realistic().indicators().stream()
                .map(d -> d.get("_id").stringValue())
                .toList();
        assertEquals(first, second);
        assertEquals(first.size(), new HashSet<>(first).size(), "one id per observable");
    }

    @Test
    void everyFieldWrittenIsAnEcsFieldOrUnderTiCustom() throws IOException {
        Path tsv = Shared.require("corpus/ecs/ecs_fields.tsv");
        Set<String> ecs = Files.readAllLines(tsv).stream()
                .map(line -> line.split("\t", 2)[0])
                .collect(Collectors.toSet());
        for (ObjectNode document : realistic().indicators()) {
            for (String field : leaves(document, "")) {
                assertTrue(
                        ecs.contains(field) || field.startsWith("ti_custom.") || field.equals("_id"),
                        field + " is neither ECS nor under ti_custom");
            }
        }
    }

    private static List<String> leaves(JsonNode node, String prefix) {
        if (!node.isObject()) {
            return List.of(prefix);
        }
        List<String> names = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            names.addAll(leaves(field.getValue(), prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey()));
        }
        return names;
    }

    @Test
    void aSingleIndicatorObjectAndAnArrayOfObjectsAreReadToo() {
        String indicator = """
                {"type": "indicator", "id": "indicator--a", "created": "2024-01-01T00:00:00Z",
                 "pattern": "[domain-name:value = 'bad.example']", "pattern_type": "stix"}""";
        Conversion single = convert(indicator);
        assertEquals(1, single.objects());
        assertEquals(
                "bad.example",
                single.indicators().get(0).at("/threat/indicator/url/domain").stringValue());
        assertEquals("STIX", single.indicators().get(0).at("/threat/feed/name").stringValue());
        Conversion array = convert("[" + indicator + ", {\"type\": \"malware\", \"id\": \"malware--b\"}]");
        assertEquals(2, array.objects());
        assertEquals(1, array.indicators().size());
        assertEquals(Map.of("malware", 1), array.skippedTypes());
    }

    @Test
    void bodiesThatAreNotStixAreProblemsWithLineAndColumn() {
        StixException notJson =
                assertThrows(StixException.class, () -> convert("{\"type\": \"bundle\",\n  \"objects\": [ }"));
        assertEquals(2, notJson.line());
        assertTrue(notJson.getMessage().startsWith("the body is not JSON: "), notJson.getMessage());
        StixException notABundle = assertThrows(StixException.class, () -> convert("{\"objects\": []}"));
        assertTrue(notABundle.getMessage().contains("its type is missing"), notABundle.getMessage());
        StixException noType = assertThrows(StixException.class, () -> convert("{\"id\": \"x\"}"));
        assertTrue(noType.getMessage().contains("has no 'type'"), noType.getMessage());
        StixException scalar = assertThrows(StixException.class, () -> convert("\"bundle\""));
        assertTrue(scalar.getMessage().contains("JSON string, not a STIX bundle"), scalar.getMessage());
        StixException element = assertThrows(
                StixException.class, () -> convert("{\"type\": \"bundle\", \"objects\": [{\"type\": \"x\"}, 3]}"));
        assertTrue(element.getMessage().contains("object 1 is a JSON number"), element.getMessage());
        assertThrows(StixException.class, () -> convert(""));
        assertThrows(StixException.class, () -> convert("{\"type\": \"bundle\"} {}"));
        byte[] latin1 = "{\"type\": \"bundle\", \"objects\": [{\"type\": \"caf\u00e9\"}]}"
                .getBytes(StandardCharsets.ISO_8859_1);
        StixException notUtf8 = assertThrows(
                StixException.class,
                () -> StixBundles.convert(new ByteArrayInputStream(latin1), StixBundles.Limits.DEFAULT));
        assertTrue(notUtf8.getMessage().contains("not UTF-8"), notUtf8.getMessage());
    }

    @Test
    void aBodyWhoseZeroBytesMakeItLookUtf32IsAProblemNotAnIoFailure() {
        byte[] body = {0, 0, 0, '[', 0, 0, 0, '{', 't', '!', 0, 0};
        StixException e = assertThrows(
                StixException.class,
                () -> StixBundles.convert(new ByteArrayInputStream(body), StixBundles.Limits.DEFAULT));
        assertTrue(e.getMessage().startsWith("the body is not UTF-8"), e.getMessage());
    }

    @Test
    void aUcs4ByteOrderTheParserCannotReadIsAProblemNotAnIoFailure() {
        for (byte[] body : new byte[][] {{0, '[', 0, 0, '{', '}'}, {0, 0, '[', 0}}) {
            StixException e = assertThrows(
                    StixException.class,
                    () -> StixBundles.convert(new ByteArrayInputStream(body), StixBundles.Limits.DEFAULT));
            assertTrue(e.getMessage().startsWith("the body is not UTF-8"), e.getMessage());
        }
    }

    @Test
    void aStreamThatFailsIsStillAnIoFailure() {
        InputStream failing = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("connection reset");
            }
        };
        assertThrows(
                java.io.UncheckedIOException.class, () -> StixBundles.convert(failing, StixBundles.Limits.DEFAULT));
    }

    @Test
    void aStringWithMoreThanAThousandInvalidUtf8SequencesIsAProblemNotAnIoFailure() {
        byte[] bad = new byte[1100];
        java.util.Arrays.fill(bad, (byte) 0xff);
        byte[] body = ("[{\"type\": \"" + new String(bad, StandardCharsets.ISO_8859_1) + "\"}]")
                .getBytes(StandardCharsets.ISO_8859_1);
        StixException e = assertThrows(
                StixException.class,
                () -> StixBundles.convert(new ByteArrayInputStream(body), StixBundles.Limits.DEFAULT));
        assertTrue(e.getMessage().startsWith("the body is not UTF-8"), e.getMessage());
    }

    @Test
    void moreObjectsThanTheLimitIsAProblemNotAnOutOfMemoryError() {
        String body = "{\"type\": \"bundle\", \"objects\": ["
                + String.join(",", Collections.nCopies(11, "{\"type\": \"note\"}")) + "]}";
        StixBundles.Limits limits = new StixBundles.Limits(10, 64, 1000, 1000, 8);
        StixException e = assertThrows(
                StixException.class,
                () -> StixBundles.convert(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), limits));
        assertTrue(e.getMessage().contains("more than 10 STIX objects"), e.getMessage());
    }

    @Test
    void jsonNestedAHundredThousandDeepIsAProblemNotAStackOverflow() {
        String body = "{\"type\": \"bundle\", \"objects\": [{\"type\": \"note\", \"x\": " + "[".repeat(100_000)
                + "]".repeat(100_000) + "}]}";
        StixException e = assertThrows(StixException.class, () -> convert(body));
        assertTrue(e.getMessage().startsWith("the body is over a limit"), e.getMessage());
    }

    @Test
    void aTenMegabyteStringIsAProblemNotAnOutOfMemoryError() {
        byte[] head = "{\"type\": \"bundle\", \"objects\": [{\"type\": \"indicator\", \"pattern\": \""
                .getBytes(StandardCharsets.UTF_8);
        InputStream huge = new InputStream() {
            private int left = 10 * 1024 * 1024;

            @Override
            public int read() {
                return left-- > 0 ? 'a' : -1;
            }
        };
        InputStream body = new SequenceInputStream(Collections.enumeration(List.of(
                new ByteArrayInputStream(head),
                huge,
                new ByteArrayInputStream("\"}]}".getBytes(StandardCharsets.UTF_8)))));
        StixException e =
                assertThrows(StixException.class, () -> StixBundles.convert(body, StixBundles.Limits.DEFAULT));
        assertTrue(e.getMessage().startsWith("the body is over a limit"), e.getMessage());
    }

    @Test
    void aPatternNestedTenThousandDeepIsARejectionNotAStackOverflow() {
        String pattern = "(".repeat(10_000) + "[file:name = 'x']" + ")".repeat(10_000);
        Conversion result =
                convert("{\"type\": \"indicator\", \"id\": \"indicator--deep\", \"created\": \"2024-01-01T00:00:00Z\","
                        + " \"pattern\": \"" + pattern + "\", \"pattern_type\": \"stix\"}");
        assertEquals(0, result.indicators().size());
        assertTrue(
                result.rejected().get(0).reason().contains("nested deeper than 32"),
                result.rejected().toString());
    }

    @Test
    void indicatorsWithoutWhatADocumentNeedsAreRejectedWithWhy() {
        Iterator<String> reasons =
                convert("""
                [{"type": "indicator", "created": "2024-01-01T00:00:00Z", "pattern": "[file:name = 'a']"},
                 {"type": "indicator", "id": "indicator--1", "created": "2024-01-01T00:00:00Z"},
                 {"type": "indicator", "id": "indicator--2", "pattern": "[file:name = 'a']"},
                 {"type": "indicator", "id": "indicator--3", "created": "yesterday", "pattern": "[file:name = 'a']"},
                 {"type": "indicator", "id": "indicator--4", "created": "2024-01-01T00:00:00Z",
                  "pattern": "[ipv4-addr:value = '10.0.0.0/8']"},
                 {"type": "indicator", "id": "indicator--5", "created": "2024-01-01T00:00:00Z",
                  "pattern": "[ipv4-addr:value = '10.0.0.256']"},
                 {"type": "indicator", "id": "indicator--6", "created": "2024-01-01T00:00:00Z",
                  "pattern": "[process:name = 'evil.exe']"}]""").rejected().stream().map(Rejected::reason).iterator();
        assertEquals("the indicator has no id", reasons.next());
        assertEquals("the indicator has no pattern", reasons.next());
        assertEquals("the indicator has none of modified, created and valid_from", reasons.next());
        assertEquals("created is not a timestamp", reasons.next());
        assertTrue(reasons.next().startsWith("the range 10.0.0.0/8 of ipv4-addr:value is not supported"));
        assertEquals("'10.0.0.256' is not an IPv4 address", reasons.next());
        assertTrue(reasons.next().startsWith("process:name has no ECS indicator field"));
    }
}
