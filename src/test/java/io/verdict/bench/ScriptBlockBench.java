package io.verdict.bench;

import io.verdict.engine.Detector;
import io.verdict.engine.Evaluation;
import io.verdict.engine.Plan;
import io.verdict.engine.RuleCompiler;
import io.verdict.engine.Selection;
import io.verdict.event.Event;
import io.verdict.event.Schema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * PowerShell script-block events (event 4104, blocks of 0.2–3 KB) through the whole corpus, parsed, as the service
 * takes them: what analysing the blocks into words costs beside the other rules. The events are the script-block
 * test events ({@code powershell-script-blocks.ndjson}), cycled.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ScriptBlockBench {

    private Plan plan;
    private Event[] events;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        RuleCompiler compiler = new RuleCompiler(Schema.catalog(), Clock.systemUTC());
        Detector detector = compiler.compile(CorpusEvents.rules());
        plan = detector.plan(Selection.ALL, Plan.Unrouted.ALL_RULES, Plan.Dispatch.INDEXED);
        Path file = Path.of(
                System.getProperty("verdict.basedir", "."),
                "src/test/resources/io/verdict/engine/powershell-script-blocks.ndjson");
        JsonMapper json = JsonMapper.builder().build();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                .filter(l -> !l.isBlank())
                .toList();
        events = lines.stream()
                .map(l -> {
                    JsonNode event = json.readTree(l).get("event");
                    return Event.parse(event.toString().getBytes(StandardCharsets.UTF_8), detector.fields());
                })
                .toArray(Event[]::new);
        long alerts = 0;
        for (Event e : events) {
            alerts += plan.evaluateStateless(e, false).alerts().size();
        }
        System.out.printf("%n%d script-block events, %d alerts per pass%n", events.length, alerts);
    }

    @Benchmark
    public Evaluation evaluate(CorpusBench.Cursor cursor) {
        Event event = events[cursor.next];
        cursor.next = cursor.next + 1 == events.length ? 0 : cursor.next + 1;
        return plan.evaluateStateless(event, false);
    }
}
