package io.verdict.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.verdict.Shared;
import io.verdict.engine.RuleCompiler;
import io.verdict.event.Schema;
import io.verdict.lifecycle.Candidate;
import io.verdict.lifecycle.RuleUploads;
import io.verdict.rule.RuleLoad;
import io.verdict.rule.RuleLoader;
import io.verdict.rule.TomlDocument;
import io.verdict.rule.TomlWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * Verdict's NDJSON export imports back into the same rules: export, import into Verdict, store, export again gives
 * the same lines, compared as JSON. Run on the project's rules, on a rule changed through Verdict with
 * exceptions, and on a sample of the corpus covering every rule type.
 */
class RuleExportRoundTripTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final RuleCompiler COMPILER = new RuleCompiler(Schema.catalog(), Clock.systemUTC());
    private static final int CORPUS_SAMPLE = 200;

    private final RuleLoader loader = new RuleLoader();
    private final RuleUploads uploads =
            new RuleUploads(loader, rule -> COMPILER.compile(rule).problems(), Clock.systemUTC());
    private final RuleExport export = new RuleExport(JSON);

    @Test
    void theProjectsRulesRoundTrip() throws IOException {
        List<RuleExport.Exported> rules = new ArrayList<>();
        for (Path file : tomlFiles(Path.of("rules"))) {
            rules.add(loaded(Files.readString(file), file.toString()));
        }
        rules.add(loaded(changedThroughVerdict(), "changed.toml"));
        assertThat(rules).hasSizeGreaterThan(8);
        assertRoundTrip(rules);
    }

    @Test
    void aSampleOfTheCorpusOfEveryRuleTypeRoundTrips() throws IOException {
        Path corpus = Shared.require("corpus/detection-rules");
        Map<String, List<RuleExport.Exported>> byType = new TreeMap<>();
        for (Path file : tomlFiles(corpus)) {
            String text = Files.readString(file);
            RuleLoad load = loader.parse(text, file.toString());
            if (load.loaded() && COMPILER.compile(load.rule()).problems().isEmpty()) {
                byType.computeIfAbsent(load.rule().type().id(), t -> new ArrayList<>())
                        .add(new RuleExport.Exported(TomlDocument.read(text), load.rule()));
            }
        }
        // round-robin over the types, so that the rare ones are all in the sample
        List<RuleExport.Exported> sample = new ArrayList<>();
        for (int i = 0; sample.size() < CORPUS_SAMPLE; i++) {
            int before = sample.size();
            for (List<RuleExport.Exported> ofType : byType.values()) {
                if (i < ofType.size() && sample.size() < CORPUS_SAMPLE) {
                    sample.add(ofType.get(i));
                }
            }
            if (sample.size() == before) {
                break;
            }
        }
        System.out.printf("Export round trip: %d corpus rules of types %s%n", sample.size(), byType.keySet());
        assertThat(byType.keySet())
                .contains("query", "eql", "esql", "threshold", "new_terms", "machine_learning", "threat_match");
        assertThat(sample).hasSize(CORPUS_SAMPLE);
        assertRoundTrip(sample);
    }

    @Test
    void anElasticRuleIsNotExportedAsVersionOneAndNamesItsIntegrations() throws IOException {
        Path file = Path.of("rules/command_and_control/outbound_connection_from_user_writable_binary.toml");
        String ours = Files.readString(file);
        Map<String, Object> projectRule =
                lines(export.ndjson(List.of(loaded(ours, file.toString())))).get(0);
        assertThat(projectRule).containsEntry("version", 1).doesNotContainKeys("revision", "id");
        // the same rule as Elastic would ship it: its version is in detection-rules' version lock, not the file
        String elastic = ours.replace("author = [\"Verdict\"]", "author = [\"Elastic\"]");
        RuleExport.Exported rule = loaded(elastic, file.toString());
        assertThat(rule.rule().author()).containsExactly("Elastic");
        Map<String, Object> flat = lines(export.ndjson(List.of(rule))).get(0);
        assertThat(flat).doesNotContainKeys("version", "revision", "id");
        assertThat(rule.rule().metadata().integration()).isNotEmpty();
        assertThat(flat.get("related_integrations"))
                .isEqualTo(rule.rule().metadata().integration().stream()
                        .map(p -> Map.of("package", p, "version", "*"))
                        .toList());
        // the fields its query names, typed by the field catalog, as Kibana's rule details list them
        assertThat(flat.get("required_fields"))
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
                .contains(
                        Map.of("name", "host.id", "type", "keyword"),
                        Map.of("name", "event.type", "type", "keyword"),
                        Map.of("name", "event.category", "type", "keyword"));
        Map<String, Object> custom = lines(export.ndjson(List.of(loaded(changedThroughVerdict(), "c.toml"))))
                .get(0);
        assertThat(custom).containsEntry("version", 3);
    }

    private void assertRoundTrip(List<RuleExport.Exported> rules) {
        String first = export.ndjson(rules);
        RuleUploads.Upload upload =
                uploads.read("export.ndjson", first.getBytes(StandardCharsets.UTF_8), RuleUploads.Format.NDJSON);
        List<RuleExport.Exported> imported = new ArrayList<>();
        for (Candidate candidate : upload.candidates()) {
            assertThat(candidate.problems()).as(candidate.origin()).isEmpty();
            // as the store keeps it: the TOML document, read back
            imported.add(loaded(TomlWriter.write(candidate.document()), candidate.origin()));
        }
        assertThat(imported).hasSameSizeAs(rules);
        List<Map<String, Object>> again = lines(export.ndjson(imported));
        List<Map<String, Object>> before = lines(first);
        for (int i = 0; i < before.size(); i++) {
            assertThat(again.get(i)).as("line %d", i + 1).isEqualTo(before.get(i));
        }
        assertThat(again).hasSameSizeAs(before);
    }

    private RuleExport.Exported loaded(String text, String origin) {
        RuleLoad load = loader.parse(text, origin);
        assertThat(load.errors()).as(origin).isEmpty();
        return new RuleExport.Exported(TomlDocument.read(text), load.rule());
    }

    /** A rule of the project's own, at its third revision, with exceptions: stored as Verdict stores it. */
    private static String changedThroughVerdict() {
        Map<String, Object> rule = new LinkedHashMap<>();
        rule.put("author", List.of("Security team"));
        rule.put("description", "Mshta started by an Office application");
        rule.put("name", "Office spawning mshta");
        rule.put("risk_score", 47L);
        rule.put("rule_id", "5b1f0a2e-8a7c-4d1e-9c0f-3e2d1c0b9a87");
        rule.put("severity", "medium");
        rule.put("type", "eql");
        rule.put("language", "eql");
        rule.put("index", List.of("logs-endpoint.events.process-*"));
        rule.put("query", "process where process.name == \"mshta.exe\" and process.parent.name == \"winword.exe\"");
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("item_id", "known-template");
        item.put("name", "Known template");
        item.put(
                "entries",
                List.of(Map.of(
                        "field",
                        "process.command_line",
                        "operator",
                        "included",
                        "type",
                        "wildcard",
                        "value",
                        "*template.hta*")));
        Map<String, Object> verdict = new LinkedHashMap<>();
        verdict.put("revision", 3L);
        verdict.put("exceptions", List.of(item));
        Map<String, Object> document = new LinkedHashMap<>();
        document.put(
                "metadata",
                Map.of("creation_date", "2026/01/02", "updated_date", "2026/02/03", "maturity", "production"));
        document.put("rule", rule);
        document.put("verdict", verdict);
        return TomlWriter.write(document);
    }

    private static List<Map<String, Object>> lines(String ndjson) {
        List<Map<String, Object>> out = new ArrayList<>();
        ndjson.lines()
                .filter(l -> !l.isBlank())
                .forEach(l -> out.add(TomlDocument.mutable(JSON.readValue(l, Map.class))));
        return out;
    }

    private static List<Path> tomlFiles(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(
                            p -> p.toString().endsWith(".toml") && !p.toString().endsWith(".tests.toml"))
                    .sorted()
                    .toList();
        }
    }
}
