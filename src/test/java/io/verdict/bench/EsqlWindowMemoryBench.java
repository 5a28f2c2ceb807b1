package io.verdict.bench;

import io.verdict.engine.Detector;
import io.verdict.engine.Evaluation;
import io.verdict.engine.Plan;
import io.verdict.engine.RuleCompiler;
import io.verdict.engine.Selection;
import io.verdict.engine.StateStore;
import io.verdict.event.Event;
import io.verdict.event.Schema;
import io.verdict.rule.RuleDirectories;
import io.verdict.rule.RuleLoader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What an aggregating ES|QL rule's window costs: {@code events} network events (about 300 bytes of JSON each) kept
 * by the service-scan rule of {@code rules/} within one look-back, spread over {@code groups} source addresses. The
 * retained heap after full GCs per kept event ({@code bytesPerEvent}, next to the window's own estimate
 * {@code estimatePerEvent}), then one tick run over all of them: the bytes it allocates per group
 * ({@code allocatedPerGroup}) and its time ({@code tickMillis}).
 *
 * <p>Run: {@code ./mvnw -Pbench test-compile exec:exec -Djmh.args="EsqlWindowMemoryBench -f 1 -wi 0 -i 1
 * -jvmArgsAppend -Xmx2g"}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
public class EsqlWindowMemoryBench {

    private static final String SCAN = "2d6c1a8e-3b7f-4c55-8e2a-6a0f4b9d7c21";

    @Param({"200000"})
    public int events;

    @Param({"20000"})
    public int groups;

    private Plan plan;
    private StateStore store;

    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Measured {
        public long bytesPerEvent;
        public long estimatePerEvent;
        public long allocatedPerGroup;
        public long tickMillis;
        public long alerts;

        @Setup(Level.Iteration)
        public void reset() {
            bytesPerEvent = estimatePerEvent = allocatedPerGroup = tickMillis = alerts = 0;
        }
    }

    @Setup
    public void setUp() {
        var rules = new RuleDirectories(new RuleLoader(), Clock.systemUTC())
                .load(List.of(Path.of(System.getProperty("verdict.basedir", "."), "rules")));
        Detector detector = new RuleCompiler(Schema.catalog(), Clock.systemUTC()).compile(rules);
        store = new StateStore(
                new StateStore.Limits(10_000_000, 1_000, Long.MAX_VALUE, 0, Long.MAX_VALUE, Long.MAX_VALUE));
        plan = detector.plan(
                        new Selection(java.util.Set.of(SCAN), java.util.Set.of(), java.util.Set.of()),
                        Plan.Unrouted.ALL_RULES)
                .withState(store);
    }

    private String event(int i) {
        // all within four minutes: one window holds them all
        long millis = Instant.parse("2026-12-07T10:00:00Z").toEpochMilli() + (long) i * 240_000 / events;
        String time = Instant.ofEpochMilli(millis).toString();
        int group = i % groups;
        return "{\"@timestamp\":\"" + time + "\",\"event\":{\"category\":[\"network\"],\"ingested\":\"" + time + "\"},"
                + "\"data_stream\":{\"type\":\"logs\",\"dataset\":\"endpoint.events.network\",\"namespace\":\"default\"},"
                + "\"source\":{\"ip\":\"10." + (group >> 16 & 255) + "." + (group >> 8 & 255) + "." + (group & 255)
                + "\",\"port\":" + (40000 + i % 20000) + "},\"destination\":{\"ip\":\"10.200.0.1\",\"port\":"
                + (1 + i % 1000) + "},\"process\":{\"name\":\"scanner\",\"pid\":" + i + "},\"host\":{\"name\":\"ws-"
                + group + "\"}}";
    }

    @Benchmark
    public void fillAndRun(Measured measured) {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        gc();
        long before = memory.getHeapMemoryUsage().getUsed();
        for (int i = 0; i < events; i++) {
            plan.feed(Event.parse(event(i)), positions(), false);
        }
        gc();
        long after = memory.getHeapMemoryUsage().getUsed();
        measured.bytesPerEvent = (after - before) / events;
        measured.estimatePerEvent = store.memoryBytes() / events;
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long allocated = threads.getCurrentThreadAllocatedBytes();
        long started = System.nanoTime();
        Evaluation released =
                plan.advance(Instant.parse("2026-12-07T10:05:00.001Z").toEpochMilli(), false);
        measured.tickMillis = (System.nanoTime() - started) / 1_000_000;
        measured.allocatedPerGroup = (threads.getCurrentThreadAllocatedBytes() - allocated) / groups;
        measured.alerts = released.alerts().size();
        store.clear();
    }

    private int[] positions;

    /** The plan's position of the scan rule, as {@link Plan#decide} names it. */
    private int[] positions() {
        if (positions == null) {
            positions = plan.decide(Event.parse(event(0)), false).stateful();
            if (positions.length == 0) {
                throw new IllegalStateException("the scan rule does not keep " + event(0) + ": " + plan.skipped());
            }
        }
        return positions;
    }

    private static void gc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
