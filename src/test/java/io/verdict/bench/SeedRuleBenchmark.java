package io.verdict.bench;

import io.verdict.eql.CompiledEql;
import io.verdict.eql.EqlCompiler;
import io.verdict.eql.EqlOptions;
import io.verdict.event.Event;
import io.verdict.query.SourceText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.tomlj.Toml;
import org.tomlj.TomlParseResult;

/**
 * The seed rule (rclone exfiltration) against one real Elastic Defend process event
 * ({@code corpus/ecs-events/endpoint_process.ndjson}): the cost of one verdict on a parsed event, and of parsing
 * the event JSON first. The real event (svchost.exe) passes the category, OS and event-type clauses and fails on
 * the name; {@code evaluateMatchingEvent} runs the same document made into an rclone copy, through every clause. Run: {@code ./mvnw -Pbench test-compile exec:exec -Djmh.args="SeedRule -f 1 -wi 2 -i 3"}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SeedRuleBenchmark {

    private CompiledEql rule;
    private Event event;
    private Event matching;
    private String json;

    @Setup
    public void setUp() throws IOException {
        Path shared = Paths.get(System.getProperty("verdict.shared", "../shared"));
        TomlParseResult toml = Toml.parse(shared.resolve("seed/rclone_exfiltration.toml"));
        rule = new EqlCompiler().compile(SourceText.of(toml.getString("rule.query")), EqlOptions.defaults());
        // the first Windows process start event of the file, as a real document with many fields
        json = Files.readAllLines(shared.resolve("corpus/ecs-events/endpoint_process.ndjson")).stream()
                .filter(line -> line.contains("\"process\"") && line.contains("\"windows\""))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no Windows process event in endpoint_process.ndjson"));
        event = Event.parse(json);
        // the same document turned into an rclone copy, so that every clause of the rule is evaluated
        tools.jackson.databind.node.ObjectNode tree =
                (tools.jackson.databind.node.ObjectNode) Event.parse(json).root();
        tools.jackson.databind.node.ObjectNode process = (tools.jackson.databind.node.ObjectNode) tree.get("process");
        process.put("name", "rclone.exe");
        process.putArray("args").add("rclone.exe").add("copy").add("C:\\Data").add(":s3:bucket");
        matching = Event.of(tree);
        if (rule.matches(event) || !rule.matches(matching)) {
            throw new IllegalStateException("the benchmark events do not give the expected verdicts");
        }
    }

    @Benchmark
    public boolean evaluateParsedEvent() {
        return rule.matches(event);
    }

    @Benchmark
    public boolean evaluateMatchingEvent() {
        return rule.matches(matching);
    }

    @Benchmark
    public boolean parseAndEvaluate() {
        return rule.matches(Event.parse(json));
    }
}
