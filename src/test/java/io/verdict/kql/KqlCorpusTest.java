package io.verdict.kql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.verdict.query.QueryException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Every KQL text of the detection-rules corpus: 729 kuery rule queries and 6 threat queries. */
class KqlCorpusTest {

    @Test
    void corpusHasTheExpectedKqlQueries() {
        Map<String, Integer> byKind = new TreeMap<>();
        CorpusQueries.kql().forEach(q -> byKind.merge(q.kind(), 1, Integer::sum));
        assertEquals(
                Map.of("query", 454, "new_terms", 241, "threshold", 28, "threat_match", 6, "threat_query", 6), byKind);
    }

    @Test
    void everyCorpusQueryParses() {
        List<String> failures = new ArrayList<>();
        Map<String, Integer> parsed = new TreeMap<>();
        for (CorpusQueries.Query q : CorpusQueries.kql()) {
            try {
                KqlParser.parse(q.source());
                parsed.merge(q.kind(), 1, Integer::sum);
            } catch (QueryException e) {
                failures.add(e.getMessage());
            }
        }
        System.out.println("KQL corpus parsed per kind: " + parsed);
        assertTrue(failures.isEmpty(), failures.size() + " failures:\n" + String.join("\n", failures));
        assertEquals(735, parsed.values().stream().mapToInt(Integer::intValue).sum());
    }

    @Test
    void everyCorpusQueryCompiles() {
        List<String> failures = new ArrayList<>();
        Map<String, Integer> compiled = new TreeMap<>();
        for (CorpusQueries.Query q : CorpusQueries.kql()) {
            try {
                KqlCompiler.compile(q.source());
                compiled.merge(q.kind(), 1, Integer::sum);
            } catch (QueryException e) {
                failures.add(e.getMessage());
            }
        }
        System.out.println("KQL corpus compiled per kind: " + compiled);
        assertTrue(failures.isEmpty(), failures.size() + " failures:\n" + String.join("\n", failures));
        assertEquals(735, compiled.values().stream().mapToInt(Integer::intValue).sum());
    }

    /** The real ECS documents against every corpus query: no evaluation may fail; the matches are listed. */
    @Test
    void everyCorpusQueryRunsOnTheRealDocuments() throws Exception {
        java.nio.file.Path dir = io.verdict.Shared.require("corpus/ecs-events");
        List<io.verdict.event.Event> events = new ArrayList<>();
        List<String> names = new ArrayList<>();
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(dir)) {
            for (java.nio.file.Path file :
                    files.filter(f -> f.toString().endsWith(".ndjson")).sorted().toList()) {
                List<String> lines = java.nio.file.Files.readAllLines(file);
                for (int i = 0; i < lines.size(); i++) {
                    if (!lines.get(i).isBlank()) {
                        events.add(io.verdict.event.Event.parse(lines.get(i)));
                        names.add(file.getFileName() + ":" + (i + 1));
                    }
                }
            }
        }
        assertEquals(884, events.size());
        int evaluations = 0;
        List<String> matches = new ArrayList<>();
        for (CorpusQueries.Query q : CorpusQueries.kql()) {
            CompiledKql compiled = KqlCompiler.compile(q.source());
            for (int i = 0; i < events.size(); i++) {
                evaluations++;
                if (compiled.matches(events.get(i))) {
                    matches.add(q.kind() + " " + java.nio.file.Path.of(q.file()).getFileName() + " <- " + names.get(i));
                }
            }
        }
        assertEquals(735 * 884, evaluations);
        System.out.println(
                "KQL corpus on ECS documents: " + matches.size() + " matches\n  " + String.join("\n  ", matches));
    }
}
