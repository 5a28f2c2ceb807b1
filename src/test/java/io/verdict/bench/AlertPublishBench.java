package io.verdict.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.verdict.config.VerdictProperties;
import io.verdict.engine.Alert;
import io.verdict.engine.Detections;
import io.verdict.engine.Detector;
import io.verdict.engine.Plan;
import io.verdict.engine.RuleCompiler;
import io.verdict.engine.Selection;
import io.verdict.event.Event;
import io.verdict.event.Schema;
import io.verdict.output.AlertOutputs;
import io.verdict.rule.RuleDirectories;
import io.verdict.rule.RuleLoader;
import io.verdict.rule.RuleSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * What releasing an alert costs the request that released it ({@link AlertOutputs#publish}): the feed append, the
 * footprint estimate, the offer to a webhook's queue (a webhook at a closed port, so its queue stays full and every
 * offer is a counted drop, the dearest case), and a release of no alert, which every event without one makes.
 * Run: {@code ./mvnw -Pbench test-compile exec:exec -Djmh.args="AlertPublishBench -f 1 -wi 3 -i 5 -prof gc"}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class AlertPublishBench {

    private AlertOutputs outputs;
    private AlertOutputs withWebhook;
    private Detector detector;
    private List<Alert> alerts;

    @Setup
    public void setUp() throws IOException {
        Path base = Path.of(System.getProperty("verdict.basedir", "."));
        RuleSet rules = new RuleDirectories(new RuleLoader(), Clock.systemUTC()).load(List.of(base.resolve("rules")));
        detector = new RuleCompiler(Schema.catalog(), Clock.systemUTC()).compile(rules);
        byte[] json = Files.readAllBytes(base.resolve("http-examples/events/rclone-copy-to-s3.json"));
        Event event = Event.parse(JsonMapper.builder().build(), json, detector.fields());
        alerts = detector.plan(Selection.ALL, Plan.Unrouted.ALL_RULES)
                .evaluate(event, false)
                .alerts();
        if (alerts.isEmpty()) {
            throw new IllegalStateException("the rclone event raises no alert with the rules of rules/");
        }
        JsonMapper mapper = JsonMapper.builder().build();
        Detections detections = new Detections(new RuleCompiler(Schema.catalog(), Clock.systemUTC()));
        outputs = new AlertOutputs(
                properties(Map.of()), mapper, new SimpleMeterRegistry(), detections, Clock.systemUTC());
        withWebhook = new AlertOutputs(
                properties(Map.of(
                        "verdict.alerts.webhooks[0].url",
                        "http://127.0.0.1:9/x",
                        "verdict.alerts.webhooks[0].queue-size",
                        "1")),
                mapper,
                new SimpleMeterRegistry(),
                detections,
                Clock.systemUTC());
        withWebhook.publish(detector, alerts); // fills the queue of 1: the sender is not started
    }

    private static VerdictProperties properties(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate("verdict", VerdictProperties.class);
    }

    @Benchmark
    public AlertOutputs publishOneAlert() {
        outputs.publish(detector, alerts);
        return outputs;
    }

    @Benchmark
    public AlertOutputs publishOneAlertToAFullWebhook() {
        withWebhook.publish(detector, alerts);
        return withWebhook;
    }

    @Benchmark
    public AlertOutputs publishNoAlert() {
        outputs.publish(detector, List.of());
        return outputs;
    }
}
