package io.verdict.eql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.verdict.Shared;
import io.verdict.eql.sample.SampleBatch;
import io.verdict.eql.sample.SampleMatch;
import io.verdict.eql.sample.SamplePlan;
import io.verdict.eql.sequence.EventOrder;
import io.verdict.eql.sequence.SequenceBatch;
import io.verdict.eql.sequence.SequenceMatch;
import io.verdict.eql.sequence.SequencePlan;
import io.verdict.event.Event;
import io.verdict.query.SourceText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlTable;

/**
 * Elasticsearch's EQL spec tests (x-pack/plugin/eql/qa), run in memory under the runner contract of
 * eql-semantics.md §11: each query against its data set, the ids of the matching events in result order
 * (timestamp, then tiebreaker), pipes applied, {@code join_keys} compared where given. Event queries are matched
 * one event at a time, sequences run through {@link SequenceBatch} (the streaming matcher), samples through
 * {@link SampleBatch} (with the spec's {@code size} and {@code max_samples_per_key}; any listed alternative passes).
 */
class ElasticsearchEqlSpecTest {

    private static final Map<String, int[]> TALLY = new ConcurrentHashMap<>(); // file -> {passed, total}
    private static final Pattern BARE_NULL = Pattern.compile("(?<![\"\\w])null(?![\"\\w])");
    private static final Pattern JOIN_KEYS = Pattern.compile("join_keys\\s*=\\s*\\[[^\\]]*\\]", Pattern.DOTALL);

    @TestFactory
    Stream<DynamicNode> specs() {
        Path dir = Shared.require("conformance/elasticsearch-eql");
        Supplier<EqlSpecData> endgame = memo(() -> EqlSpecData.endgame(dir, "endgame-140.mapping", false));
        Supplier<EqlSpecData> nanos = memo(() -> EqlSpecData.endgame(dir, "endgame-140-nanos.mapping", true));
        Supplier<EqlSpecData> extra = memo(() -> EqlSpecData.of(dir, "extra", "sequence"));
        Supplier<EqlSpecData> missing = memo(() -> EqlSpecData.of(dir, "missing-events", "sequence"));
        Supplier<EqlSpecData> samples = memo(() -> EqlSpecData.unordered(dir, "id", "sample1", "sample2", "sample3"));
        Supplier<EqlSpecData> sampleMulti = memo(() -> EqlSpecData.unordered(dir, "id", "sample-multi"));
        Map<String, Supplier<EqlSpecData>> files = new TreeMap<>(Map.of(
                "test_queries.toml", endgame,
                "additional_test_queries.toml", endgame,
                "test_queries_date.toml", endgame,
                "test_queries_date_nanos.toml", nanos,
                "test_extra.toml", extra,
                "test_missing_events.toml", missing,
                "test_sample.toml", samples,
                "test_sample_multi.toml", sampleMulti));
        return files.entrySet().stream()
                .map(f -> DynamicContainer.dynamicContainer(
                        f.getKey(), cases(dir.resolve(f.getKey()), f.getKey(), f.getValue())));
    }

    private Stream<DynamicNode> cases(Path file, String name, Supplier<EqlSpecData> data) {
        int[] tally = TALLY.computeIfAbsent(name, k -> new int[2]);
        return load(file).stream()
                .map(spec -> DynamicTest.dynamicTest(spec.getString("name"), () -> {
                    String query = spec.getString("query");
                    EqlCompiler compiler = new EqlCompiler();
                    EqlSpecData set = data.get();
                    EqlOptions options =
                            EqlOptions.defaults().withSchema(set.schema()).withTiebreakerField(set.idField());
                    CompiledEql compiled = compiler.compile(
                            SourceText.at(query, file.getFileName().toString(), 1, 1), options);
                    synchronized (tally) {
                        tally[1]++;
                    }
                    List<Long> actual = new ArrayList<>();
                    List<String> actualKeys = new ArrayList<>();
                    if (compiled.kind() == QueryKind.SAMPLE) {
                        int size = spec.contains("size") ? spec.getLong("size").intValue() : 50;
                        int perKey = spec.contains("max_samples_per_key")
                                ? spec.getLong("max_samples_per_key").intValue()
                                : 1;
                        for (SampleMatch match : SampleBatch.run(SamplePlan.of(compiled), set.events(), size, perKey)) {
                            match.events().forEach(e -> actual.add(set.id(e)));
                            actualKeys.addAll(match.key().renderForSample());
                        }
                    } else if (compiled.kind() == QueryKind.SEQUENCE) {
                        for (SequenceMatch match : SequenceBatch.run(SequencePlan.of(compiled), set.events())) {
                            match.events().forEach(e -> actual.add(e.missing() ? -1L : set.id(e.event())));
                            actualKeys.addAll(match.key().render());
                        }
                    } else {
                        List<Long> ids = new ArrayList<>();
                        for (Event event : set.events()) {
                            if (compiled.matches(event)) {
                                ids.add(set.id(event));
                            }
                        }
                        actual.addAll(EventOrder.applyPipes(ids, compiled.pipes()));
                    }
                    List<Long> expected = expectedIds(spec.getArray("expected_event_ids"), actual);
                    assertEquals(expected, actual, query);
                    if (spec.contains("join_keys")) {
                        List<String> expectedKeys = new ArrayList<>();
                        spec.getArray("join_keys").toList().forEach(k -> expectedKeys.add(String.valueOf(k)));
                        assertEquals(expectedKeys, actualKeys, "join_keys of " + query);
                    }
                    synchronized (tally) {
                        tally[0]++;
                    }
                }));
    }

    /** The expected ids; for a list of alternatives (samples), the one equal to actual, else the first. */
    private static List<Long> expectedIds(TomlArray ids, List<Long> actual) {
        if (!ids.isEmpty() && ids.get(0) instanceof TomlArray) {
            List<List<Long>> alternatives = new ArrayList<>();
            for (int i = 0; i < ids.size(); i++) {
                alternatives.add(
                        ids.getArray(i).toList().stream().map(id -> (Long) id).toList());
            }
            return alternatives.contains(actual) ? actual : alternatives.get(0);
        }
        return ids.toList().stream().map(id -> (Long) id).toList();
    }

    /** The [[queries]] of a spec file; bare null in join_keys (not TOML) is quoted first; names unique. */
    static List<TomlTable> load(Path file) {
        try {
            String text = Files.readString(file);
            Matcher m = JOIN_KEYS.matcher(text);
            StringBuilder patched = new StringBuilder();
            while (m.find()) {
                m.appendReplacement(
                        patched,
                        Matcher.quoteReplacement(BARE_NULL.matcher(m.group()).replaceAll("\"null\"")));
            }
            m.appendTail(patched);
            TomlParseResult toml = Toml.parse(patched.toString());
            if (toml.hasErrors()) {
                throw new IllegalStateException(file + ": " + toml.errors());
            }
            TomlArray queries = toml.getArray("queries");
            List<TomlTable> specs = new ArrayList<>();
            Set<String> names = new HashSet<>();
            for (int i = 0; i < queries.size(); i++) {
                TomlTable spec = queries.getTable(i);
                String name = spec.getString("name");
                if (name == null || !names.add(name)) {
                    throw new IllegalStateException(file + ": unnamed or duplicate spec " + name);
                }
                specs.add(spec);
            }
            return specs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T> Supplier<T> memo(Supplier<T> supplier) {
        Map<String, T> cache = new ConcurrentHashMap<>();
        return () -> cache.computeIfAbsent("v", k -> supplier.get());
    }

    @AfterAll
    static void report() {
        new TreeMap<>(TALLY)
                .forEach((file, t) -> System.out.printf("ES EQL spec %-32s passed %d/%d%n", file, t[0], t[1]));
    }
}
