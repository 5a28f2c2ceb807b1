package io.verdict.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.verdict.Shared;
import io.verdict.engine.CompiledRule;
import io.verdict.engine.RuleCompiler;
import io.verdict.event.Event;
import io.verdict.event.Schema;
import io.verdict.rule.Rule;
import io.verdict.rule.RuleLoad;
import io.verdict.rule.RuleLoader;
import io.verdict.rule.TomlDocument;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Kibana NDJSON export of 50 corpus rules, made here as Kibana would write it (flat rule JSON with Kibana's
 * server-side fields, then the summary line), imports into rules that give the same verdicts on the 884 real ECS
 * events as the TOML files themselves. Rules that match some event are taken first, so the comparison bites.
 */
class KibanaImportEquivalenceTest {

    @Test
    void anExportOf50CorpusRulesGivesTheSameVerdictsAsTheirToml() throws IOException {
        Path corpus = Shared.require("corpus/detection-rules");
        Path eventsDir = Shared.require("corpus/ecs-events");
        RuleCompiler compiler = new RuleCompiler(Schema.catalog(), Clock.systemUTC());
        RuleLoader loader = new RuleLoader();
        List<Event> events = new ArrayList<>();
        try (Stream<Path> files = Files.list(eventsDir)) {
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".ndjson")).sorted().toList()) {
                Files.readAllLines(file).stream()
                        .filter(l -> !l.isBlank())
                        .map(Event::parse)
                        .forEach(events::add);
            }
        }
        // every single-event rule of the corpus with the events it matches
        Map<String, String> texts = new LinkedHashMap<>();
        Map<String, List<Integer>> fromToml = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(corpus)) {
            for (Path file :
                    walk.filter(p -> p.toString().endsWith(".toml")).sorted().toList()) {
                String text = Files.readString(file);
                RuleLoad load = loader.parse(text, file.toString());
                if (!load.loaded()) {
                    continue;
                }
                CompiledRule compiled = compiler.compile(load.rule());
                if (compiled.coverage().evaluated()) {
                    texts.put(load.rule().ruleId(), text);
                    fromToml.put(load.rule().ruleId(), matches(compiled, events));
                }
            }
        }
        List<String> chosen = fromToml.keySet().stream()
                .sorted(Comparator.comparing((String id) -> fromToml.get(id).isEmpty())
                        .thenComparing(id -> id))
                .limit(50)
                .toList();

        JsonMapper json = JsonMapper.builder().build();
        StringBuilder export = new StringBuilder();
        for (String id : chosen) {
            Map<String, Object> flat = new LinkedHashMap<>(TomlDocument.<Map<String, Object>>mutable(
                    TomlDocument.read(texts.get(id)).get("rule")));
            flat.put("id", "saved-object-" + id);
            flat.put("created_at", "2026-01-02T03:04:05.000Z");
            flat.put("updated_at", "2026-01-03T03:04:05.000Z");
            flat.put("created_by", "elastic");
            flat.put("immutable", true);
            flat.put("rule_source", Map.of("type", "external", "is_customized", false));
            flat.put("revision", 0);
            flat.put("version", 101);
            flat.putIfAbsent("enabled", true);
            flat.putIfAbsent("exceptions_list", List.of());
            flat.putIfAbsent("actions", List.of());
            flat.putIfAbsent("interval", "5m");
            flat.putIfAbsent("max_signals", 100);
            export.append(json.writeValueAsString(flat)).append('\n');
        }
        export.append(
                "{\"exported_count\":50,\"exported_rules_count\":50,\"missing_rules\":[],\"missing_rules_count\":0}\n");

        RuleUploads uploads =
                new RuleUploads(loader, rule -> compiler.compile(rule).problems(), Clock.systemUTC());
        RuleUploads.Upload upload = uploads.read(
                "export.ndjson", export.toString().getBytes(StandardCharsets.UTF_8), RuleUploads.Format.NDJSON);
        assertThat(upload.candidates())
                .hasSize(50)
                .allSatisfy(c -> assertThat(c.problems()).isEmpty());
        assertThat(upload.notes()).containsExactly("line 51: export summary, skipped");

        Map<String, List<Integer>> fromKibana = new TreeMap<>();
        int matching = 0;
        for (Candidate candidate : upload.candidates()) {
            Rule rule = candidate.rule();
            CompiledRule compiled = compiler.compile(rule);
            assertThat(compiled.coverage().evaluated()).as(rule.ruleId()).isTrue();
            fromKibana.put(rule.ruleId(), matches(compiled, events));
            matching += fromKibana.get(rule.ruleId()).isEmpty() ? 0 : 1;
        }
        Map<String, List<Integer>> expected = new TreeMap<>();
        chosen.forEach(id -> expected.put(id, fromToml.get(id)));
        System.out.printf(
                "Kibana import equivalence: 50 rules, %d of them matching some of %d events%n",
                matching, events.size());
        assertThat(fromKibana).isEqualTo(expected);
        assertThat(matching).isPositive();
    }

    private static List<Integer> matches(CompiledRule rule, List<Event> events) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            if (rule.matcher().matches(events.get(i))) {
                out.add(i);
            }
        }
        return out;
    }
}
