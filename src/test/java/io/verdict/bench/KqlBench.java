package io.verdict.bench;

import io.verdict.Shared;
import io.verdict.event.Event;
import io.verdict.kql.CompiledKql;
import io.verdict.kql.CorpusQueries;
import io.verdict.kql.KqlCompiler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * KQL over the corpus: compiling all 735 KQL texts, and deciding one real ECS document against all of them.
 * Run: {@code ./mvnw -Pbench test-compile exec:exec -Djmh.args="KqlBench -f 1 -wi 2 -i 3"}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class KqlBench {

    private List<CorpusQueries.Query> queries;
    private CompiledKql[] compiled;
    private Event[] events;
    private int next;

    @Setup
    public void setUp() throws IOException {
        queries = CorpusQueries.kql();
        compiled = queries.stream().map(q -> KqlCompiler.compile(q.source())).toArray(CompiledKql[]::new);
        List<Event> loaded = new ArrayList<>();
        try (Stream<Path> files = Files.list(Shared.require("corpus/ecs-events"))) {
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".ndjson")).sorted().toList()) {
                for (String line : Files.readAllLines(file)) {
                    if (!line.isBlank()) {
                        loaded.add(Event.parse(line));
                    }
                }
            }
        }
        events = loaded.toArray(Event[]::new);
    }

    /** One document (cycling through all 884) against all 735 compiled queries. */
    @Benchmark
    public int oneEventAllQueries() {
        Event event = events[next++ % events.length];
        int matched = 0;
        for (CompiledKql query : compiled) {
            if (query.matches(event)) {
                matched++;
            }
        }
        return matched;
    }

    /** Parse and compile all 735 corpus KQL texts. */
    @Benchmark
    public void compileAll(Blackhole sink) {
        for (CorpusQueries.Query q : queries) {
            sink.consume(KqlCompiler.compile(q.source()));
        }
    }
}
