package io.verdict.bench;

import io.verdict.Shared;
import io.verdict.engine.Detector;
import io.verdict.engine.Evaluation;
import io.verdict.engine.Plan;
import io.verdict.engine.RuleCompiler;
import io.verdict.engine.Selection;
import io.verdict.event.Event;
import io.verdict.event.Schema;
import io.verdict.rule.RuleLoad;
import io.verdict.rule.RuleLoader;
import io.verdict.rule.RuleSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * (a) The seed rule ({@code shared/seed/rclone_exfiltration.toml}) against one real process event of the corpus
 * (no match), and against the renamed-rclone event of {@code http-examples} (a match, so an alert is built).
 * Run: {@code ./mvnw -Pbench test-compile exec:exec -Djmh.args="SeedRuleBench -f 1 -wi 3 -i 5"}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SeedRuleBench {

    private Plan plan;
    private Event realProcess;
    private Event rclone;

    @Setup
    public void setUp() throws IOException {
        Path seed = Shared.require("seed/rclone_exfiltration.toml");
        RuleLoad load = new RuleLoader().load(seed, "seed/rclone_exfiltration.toml");
        if (!load.loaded()) {
            throw new IllegalStateException("the seed rule does not load: " + load.errors());
        }
        RuleSet set = new RuleSet(List.of(load.rule()), List.of(), List.of(), 1, Instant.now(), Duration.ZERO);
        Detector detector = new RuleCompiler(Schema.catalog(), Clock.systemUTC()).compile(set);
        plan = detector.plan(Selection.ALL, Plan.Unrouted.ALL_RULES);
        realProcess = Files.readAllLines(Shared.require("corpus/ecs-events/endpoint_process.ndjson")).stream()
                .map(Event::parse)
                .filter(e -> e.root().path("event").path("category").toString().contains("process"))
                .findFirst()
                .orElseThrow();
        rclone = Event.parse(Files.readString(
                Path.of(System.getProperty("verdict.basedir", "."), "http-examples/events/rclone-copy-to-s3.json")));
        if (plan.evaluate(realProcess, false).matched()
                || !plan.evaluate(rclone, false).matched()) {
            throw new IllegalStateException("the seed rule should pass over the real event and match the rclone one");
        }
    }

    @Benchmark
    public Evaluation realProcessEvent() {
        return plan.evaluate(realProcess, false);
    }

    @Benchmark
    public Evaluation matchingEvent() {
        return plan.evaluate(rclone, false);
    }
}
