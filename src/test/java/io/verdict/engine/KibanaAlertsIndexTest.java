package io.verdict.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.verdict.Shared;
import io.verdict.event.Dates;
import io.verdict.event.Event;
import io.verdict.event.Schema;
import io.verdict.query.Cidr;
import io.verdict.rule.RuleDirectories;
import io.verdict.rule.RuleLoader;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Every Kibana alert document of a corpus batch indexes into Kibana's alerts index: each value fits the mapped
 * type of its field (ECS fields by the field catalog, {@code kibana.*} by {@code kibana/alerts-field-map.tsv}, a
 * compact copy of Kibana's alerts field maps naming the file each row comes from), no value sits where the mapping
 * has an object and no object where it has a value.
 */
class KibanaAlertsIndexTest {

    private static final Map<String, String> ALERT_MAP = alertFieldMap();

    @Test
    void everyAlertOfTheCorpusBatchIndexesWithoutATypeConflict() throws IOException {
        Path rules = Shared.require("corpus/detection-rules");
        Path events = Shared.require("corpus/ecs-events");
        var set = new RuleDirectories(new RuleLoader(), Clock.systemUTC()).load(List.of(rules));
        Detector detector = new RuleCompiler(Schema.catalog(), Clock.systemUTC()).compile(set);
        Plan plan = detector.plan(Selection.ALL, Plan.Unrouted.ALL_RULES).withState(new StateStore(100_000, 1_000_000));
        Instant now = Instant.parse("2026-11-27T12:00:00Z");
        int documents = 0;
        Map<String, Integer> byType = new TreeMap<>();
        List<String> conflicts = new ArrayList<>();
        try (Stream<Path> files = Files.list(events)) {
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".ndjson")).sorted().toList()) {
                for (String line : Files.readAllLines(file)) {
                    if (line.isBlank()) {
                        continue;
                    }
                    documents++;
                    Event event = Event.parse(line);
                    for (Alert alert : plan.evaluate(event, false).alerts()) {
                        var rule = detector.find(alert.rule().ruleId())
                                .orElseThrow()
                                .rule();
                        JsonNode doc = KibanaAlerts.document(alert, rule, now);
                        byType.merge(rule.type().id(), 1, Integer::sum);
                        conflicts.addAll(conflicts(doc).stream()
                                .map(c -> rule.ruleId() + ": " + c)
                                .toList());
                    }
                }
            }
        }
        System.out.println("kibana alert documents of the corpus batch: " + documents + " events, alerts " + byType);
        assertThat(documents).isEqualTo(884);
        assertThat(byType.values().stream().mapToInt(Integer::intValue).sum()).isGreaterThan(50);
        assertThat(conflicts).isEmpty();
    }

    @Test
    void anEventOfConflictingValuesStillGivesAnIndexableAlert() {
        var rule = io.verdict.rule.RuleFixtures.rule("00000000-0000-4000-8000-0000000000b1", "Any", "low", """
                type = "query"
                language = "kuery"
                query = "event.category:network"
                """);
        String hostile = """
                {"@timestamp": "2026-11-27T10:00:00Z", "event": {"category": ["network"], "created": "soon"},
                 "source": {"ip": "not-an-ip", "port": "many"}, "host": {"name": {"first": "x"}},
                 "kibana": {"alert": {"depth": "deep"}}, "signal": "s", "threshold_result": [1],
                 "kibana.alert.original_time": "never", "process": {"pid": true}}""";
        List<Alert> alerts = KibanaAlertsTest.alerts(rule, List.of(hostile));
        assertThat(alerts).hasSize(1);
        JsonNode doc = KibanaAlerts.document(alerts.get(0), rule, Instant.now());
        assertThat(conflicts(doc)).isEmpty();
        // the checker itself sees a conflict: the same event copied unchecked
        assertThat(conflicts(Event.parse(hostile).root()))
                .contains("source.ip: \"not-an-ip\" is no ip", "host.name: an object where the mapping has keyword");
    }

    /** The conflicts of one document with the alerts index mapping; empty when it indexes. */
    static List<String> conflicts(JsonNode doc) {
        List<String> out = new ArrayList<>();
        walk(doc, "", out);
        return out;
    }

    private static void walk(JsonNode node, String path, List<String> out) {
        if (node.isArray()) {
            node.forEach(item -> walk(item, path, out));
            return;
        }
        String type = path.isEmpty() ? "object" : typeOf(path);
        if (type != null && (type.equals("flattened") || type.equals("geo_point"))) {
            return;
        }
        if (!path.isEmpty() && leafAbove(path) != null) {
            out.add(path + ": below " + leafAbove(path) + ", which the mapping has as a value");
            return;
        }
        if (node.isObject()) {
            if (type != null && !type.equals("object") && !type.equals("nested")) {
                out.add(path + ": an object where the mapping has " + type);
                return;
            }
            node.properties()
                    .forEach(e -> walk(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey(), out));
            return;
        }
        if (type == null || node.isNull()) {
            return;
        }
        if (!fits(node, type)) {
            out.add(path + ": " + node + " is no " + type);
        }
    }

    private static boolean fits(JsonNode value, String type) {
        return switch (type) {
            case "object", "nested" -> false;
            case "long", "integer", "short", "byte", "unsigned_long", "float", "double", "half_float", "scaled_float" ->
                value.isNumber() || value.isString() && isNumber(value.stringValue());
            case "date", "date_nanos" ->
                value.isNumber() || value.isString() && Dates.parse(value.stringValue()) != null;
            case "ip" -> value.isString() && Cidr.isAddress(value.stringValue());
            case "boolean" ->
                value.isBoolean()
                        || value.isString() && List.of("true", "false", "").contains(value.stringValue());
            case "version" -> value.isString();
            default -> value.isValueNode();
        };
    }

    private static boolean isNumber(String text) {
        try {
            new BigDecimal(text.strip());
            return !text.isBlank();
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** The mapped type of a field: the alerts field map's, else ECS's; {@code object} for a name fields lie below. */
    private static String typeOf(String path) {
        String type = ALERT_MAP.get(path);
        return type != null ? type : KibanaSourceFilter.ecsType(path);
    }

    /** The nearest name above {@code path} mapped as a value (neither object nor flattened), or null. */
    private static String leafAbove(String path) {
        for (int dot = path.indexOf('.'); dot > 0; dot = path.indexOf('.', dot + 1)) {
            String type = typeOf(path.substring(0, dot));
            if (type != null && !List.of("object", "nested").contains(type)) {
                return path.substring(0, dot);
            }
        }
        return null;
    }

    private static Map<String, String> alertFieldMap() {
        Map<String, String> map = new HashMap<>();
        try (InputStream in = KibanaAlertsIndexTest.class.getResourceAsStream("/kibana/alerts-field-map.tsv")) {
            new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#"))
                    .map(l -> l.split("\t"))
                    .forEach(c -> {
                        for (int dot = c[0].indexOf('.'); dot > 0; dot = c[0].indexOf('.', dot + 1)) {
                            map.putIfAbsent(c[0].substring(0, dot), "object");
                        }
                        map.put(c[0], c[1]);
                    });
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return map;
    }
}
