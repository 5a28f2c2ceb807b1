package io.verdict.bench;

import io.verdict.engine.Detector;
import io.verdict.engine.Plan;
import io.verdict.engine.RuleCompiler;
import io.verdict.engine.Selection;
import io.verdict.engine.StateStore;
import io.verdict.event.Event;
import io.verdict.event.Schema;
import io.verdict.rule.Rule;
import io.verdict.rule.RuleFixtures;
import io.verdict.rule.RuleSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the Kafka topology writes to its changelog per commit for one rule an event changed: the rule's whole state
 * in a task, as JSON (the chunks are slices of it). A threshold rule with {@code keys} groups of one event, a
 * new_terms rule with {@code keys} terms, a sequence rule with {@code keys} pending first stages.
 * Run: {@code ./mvnw -Pbench test-compile exec:exec -Djmh.args="SnapshotSaveBench -f 1 -wi 2 -i 3"}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class SnapshotSaveBench {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Param({"1000", "100000"})
    public int keys;

    private StateStore store;
    private Rule threshold;
    private Rule newTerms;
    private Rule sequence;

    @Setup
    public void setUp() {
        threshold = RuleFixtures.rule("00000000-0000-4000-8000-0000000000e1", "Many Failures", "low", """
                type = "threshold"
                language = "kuery"
                query = "event.outcome:failure"
                [rule.threshold]
                field = ["user.name"]
                value = 1000000
                """);
        newTerms = RuleFixtures.newTermsOnHost("00000000-0000-4000-8000-0000000000e2", "New Host");
        sequence = RuleFixtures.rule("00000000-0000-4000-8000-0000000000e3", "Start Then Connect", "low", """
                type = "eql"
                language = "eql"
                query = 'sequence by host.name with maxspan=1h [process where true] [network where true]'
                """);
        Clock clock = Clock.fixed(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC);
        Detector detector = new RuleCompiler(Schema.catalog(), clock)
                .compile(new RuleSet(
                        List.of(threshold, newTerms, sequence), List.of(), List.of(), 3, Instant.now(), Duration.ZERO));
        store = new StateStore(StateStore.Limits.entries(keys * 2, keys * 2));
        Plan plan = detector.plan(Selection.ALL, Plan.Unrouted.ALL_RULES).withState(store);
        for (int i = 0; i < keys; i++) {
            String time = Instant.parse("2026-11-27T10:00:00Z").plusMillis(i).toString();
            plan.evaluate(
                    Event.parse("{\"@timestamp\": \"" + time + "\", \"event\": {\"outcome\": \"failure\"},"
                            + " \"user\": {\"name\": \"user-" + i + "\"}}"),
                    false);
            plan.evaluate(
                    Event.parse("{\"@timestamp\": \"" + time + "\", \"event\": {\"outcome\": \"success\"},"
                            + " \"host\": {\"name\": \"host-" + i + "\"}}"),
                    false);
            plan.evaluate(
                    Event.parse("{\"@timestamp\": \"" + time + "\", \"event\": {\"category\": \"process\"},"
                            + " \"host\": {\"name\": \"host-" + i + "\"}, \"process\": {\"name\": \"cmd.exe\"}}"),
                    false);
        }
    }

    @Benchmark
    public byte[] threshold() {
        return JSON.writeValueAsBytes(store.snapshot(threshold.ruleId()));
    }

    @Benchmark
    public byte[] newTerms() {
        return JSON.writeValueAsBytes(store.snapshot(newTerms.ruleId()));
    }

    @Benchmark
    public byte[] sequence() {
        return JSON.writeValueAsBytes(store.snapshot(sequence.ruleId()));
    }
}
