package io.verdict.event.stix;

import io.verdict.event.Dates;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The ECS indicator documents of one STIX indicator object, one per comparison of its pattern, shaped as Elastic's
 * custom threat-intel integration ({@code ti_custom}) writes them, so that indicator match rules read them as they
 * read that integration's data stream.
 */
final class IndicatorDocuments {

    /** What the rest of the bundle says about an indicator: identity names and TLP markings, by STIX id. */
    record Context(Map<String, String> identities, Map<String, String> markings, StixBundles.Limits limits) {}

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String FEED = "STIX";

    private IndicatorDocuments() {}

    /** The documents, or a {@link StixException} saying why the indicator is not converted. */
    static List<ObjectNode> of(JsonNode indicator, Context context) {
        String id = text(indicator, "id");
        if (id == null || id.isBlank()) {
            throw new StixException("the indicator has no id");
        }
        if (indicator.path("revoked").isBoolean() && indicator.path("revoked").booleanValue()) {
            throw new StixException("revoked");
        }
        String patternType = text(indicator, "pattern_type");
        if (patternType != null && !patternType.equals("stix")) {
            throw new StixException(
                    "pattern_type '" + patternType + "' is not supported: only STIX patterns name" + " observables");
        }
        String pattern = text(indicator, "pattern");
        if (pattern == null) {
            throw new StixException("the indicator has no pattern");
        }
        String created = timestamp(indicator, "created");
        String modified = timestamp(indicator, "modified");
        String validFrom = timestamp(indicator, "valid_from");
        String validUntil = timestamp(indicator, "valid_until");
        String timestamp = modified != null ? modified : created != null ? created : validFrom;
        if (timestamp == null) {
            throw new StixException("the indicator has none of modified, created and valid_from");
        }
        List<StixPattern.Comparison> comparisons = StixPattern.read(
                pattern, context.limits().maxPatternLength(), context.limits().maxPatternDepth());
        List<Observables.Observable> observables = new ArrayList<>();
        for (StixPattern.Comparison comparison : comparisons) {
            observables.add(Observables.of(comparison));
        }
        List<ObjectNode> documents = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (int i = 0; i < comparisons.size(); i++) {
            StixPattern.Comparison comparison = comparisons.get(i);
            String key = comparison.objectType() + ":" + comparison.property() + "\u0000" + comparison.value();
            if (!seen.add(key)) {
                continue;
            }
            ObjectNode document = NODES.objectNode();
            document.put("_id", stableId(id, key));
            document.put("@timestamp", timestamp);
            common(document);
            Observables.Observable observable = observables.get(i);
            put(document, "threat.indicator.type", NODES.stringNode(observable.type()));
            observable
                    .fields()
                    .forEach((field, value) -> put(document, "threat.indicator." + field, NODES.stringNode(value)));
            describe(document, indicator, id, context);
            optional(document, "threat.indicator.first_seen", validFrom);
            optional(document, "threat.indicator.modified_at", modified);
            optional(document, "ti_custom.indicator.valid_until", validUntil);
            documents.add(document);
        }
        return documents;
    }

    private static void common(ObjectNode document) {
        put(document, "event.kind", NODES.stringNode("enrichment"));
        put(document, "event.category", NODES.arrayNode().add("threat"));
        put(document, "event.type", NODES.arrayNode().add("indicator"));
        put(document, "event.module", NODES.stringNode("ti_custom"));
        put(document, "event.dataset", NODES.stringNode("ti_custom.indicator"));
        put(document, "data_stream.type", NODES.stringNode("logs"));
        put(document, "data_stream.dataset", NODES.stringNode("ti_custom.indicator"));
        put(document, "data_stream.namespace", NODES.stringNode("default"));
    }

    private static void describe(ObjectNode document, JsonNode indicator, String id, Context context) {
        put(document, "threat.indicator.id", NODES.arrayNode().add(id));
        optional(document, "threat.indicator.name", text(indicator, "name"));
        optional(document, "threat.indicator.description", text(indicator, "description"));
        JsonNode confidence = indicator.get("confidence");
        if (confidence != null && !confidence.isNull()) {
            put(document, "threat.indicator.confidence", NODES.stringNode(confidence(confidence)));
        }
        String provider = context.identities().get(text(indicator, "created_by_ref") + "");
        optional(document, "threat.indicator.provider", provider);
        put(document, "threat.feed.name", NODES.stringNode(provider != null ? provider : FEED));
        for (JsonNode reference : indicator.path("external_references")) {
            String url = text(reference, "url");
            if (url != null) {
                put(document, "threat.indicator.reference", NODES.stringNode(url));
                break;
            }
        }
        for (JsonNode marking : indicator.path("object_marking_refs")) {
            String tlp = marking.isString() ? context.markings().get(marking.stringValue()) : null;
            if (tlp != null) {
                put(document, "threat.indicator.marking.tlp", NODES.stringNode(tlp));
                break;
            }
        }
        Set<String> tags = new LinkedHashSet<>();
        for (String list : List.of("labels", "indicator_types")) {
            for (JsonNode tag : indicator.path(list)) {
                if (tag.isString() && !tag.stringValue().isBlank()) {
                    tags.add(tag.stringValue());
                }
            }
        }
        if (!tags.isEmpty()) {
            ArrayNode array = NODES.arrayNode();
            tags.forEach(array::add);
            document.set("tags", array);
        }
    }

    /** STIX's 0–100 as the integrations grade it: 0 None, 1–29 Low, 30–69 Medium, 70–100 High. */
    static String confidence(JsonNode value) {
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            return "Not Specified";
        }
        int score = value.intValue();
        if (score == 0) {
            return "None";
        }
        if (score < 0 || score > 100) {
            return "Not Specified";
        }
        return score < 30 ? "Low" : score < 70 ? "Medium" : "High";
    }

    /** The same STIX id and observable give the same id, so that a second import replaces the first. */
    private static String stableId(String stixId, String observable) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(stixId.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            byte[] hash = digest.digest(observable.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 20);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private static String timestamp(JsonNode indicator, String name) {
        JsonNode value = indicator.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isString() || Dates.parse(value.stringValue()) == null) {
            throw new StixException(name + " is not a timestamp");
        }
        return value.stringValue();
    }

    static String text(JsonNode node, String name) {
        JsonNode value = node.get(name);
        return value != null && value.isString() ? value.stringValue() : null;
    }

    private static void optional(ObjectNode document, String path, String value) {
        if (value != null && !value.isBlank()) {
            put(document, path, NODES.stringNode(value));
        }
    }

    /** Sets a dotted path as nested objects, as the integrations' documents hold their fields. */
    private static void put(ObjectNode document, String path, JsonNode value) {
        ObjectNode parent = document;
        int start = 0;
        for (int dot = path.indexOf('.'); dot >= 0; dot = path.indexOf('.', start)) {
            String name = path.substring(start, dot);
            JsonNode child = parent.get(name);
            parent = child instanceof ObjectNode object ? object : parent.putObject(name);
            start = dot + 1;
        }
        parent.set(path.substring(start), value);
    }
}
