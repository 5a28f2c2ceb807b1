package io.verdict.bench;

import io.verdict.eql.EqlCompiler;
import io.verdict.eql.sequence.SequenceLimits;
import io.verdict.eql.sequence.SequenceMatcher;
import io.verdict.eql.sequence.SequencePlan;
import io.verdict.eql.sequence.SequenceStats;
import io.verdict.event.Event;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
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
 * Retained heap of sequence state: {@code keys} events, each the first step of a two-step sequence for its own join
 * key (an ECS process event of about 330 bytes of JSON), all within maxspan, so every key holds one pending sequence.
 * After each quarter of the events the heap is measured after full GCs (MemoryMXBean, minus the heap before the
 * matcher existed) and printed; the final numbers are JMH secondary results ({@code retainedMiB},
 * {@code bytesPerKey}, {@code estimateMiB}, {@code keysHeld}, {@code evicted}, {@code expired}). With a bound
 * ({@link #bound}), eviction or expiry must keep the quarters flat.
 *
 * <p>Run: {@code ./mvnw -Pbench test-compile exec:exec -Djmh.args="SequenceStateMemoryBench -f 1 -wi 0 -i 1
 * -jvmArgs -Xmx3g"}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SequenceStateMemoryBench {

    private static final String QUERY = """
            sequence by host.name, user.name with maxspan=1h
              [process where event.type == "start" and process.name == "cmd.exe"]
              [network where destination.port == 443]
            """;

    @Param({"1000000"})
    public int keys;

    /**
     * {@code unbounded}: every key stays (maxKeys 2M, events 1 ms apart per 1000, all within maxspan);
     * {@code lru-250000}: at most 250,000 keys, the least recently used evicted;
     * {@code expiry-15ms}: no key bound reached, events 15 ms apart, so keys older than maxspan (1 h, i.e. about
     * 240,000 keys) expire by event time.
     */
    @Param({"unbounded", "lru-250000", "expiry-15ms"})
    public String bound;

    private SequencePlan plan;

    /** The measured numbers, reported by JMH next to the time. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Heap {
        public long retainedMiB;
        public long bytesPerKey;
        public long estimateMiB;
        public long keysHeld;
        public long evicted;
        public long expired;

        @Setup(Level.Iteration)
        public void reset() {
            retainedMiB = bytesPerKey = estimateMiB = keysHeld = evicted = expired = 0;
        }
    }

    @Setup
    public void setUp() {
        plan = SequencePlan.of(new EqlCompiler().compile(QUERY));
    }

    @Benchmark
    public SequenceMatcher pendingKeys(Heap heap) {
        long baseline = usedAfterGc();
        int maxKeys = bound.startsWith("lru-") ? Integer.parseInt(bound.substring(4)) : 2_000_000;
        int msPerEvent = bound.startsWith("expiry-") ? Integer.parseInt(bound.substring(7, bound.length() - 2)) : 0;
        SequenceMatcher matcher = new SequenceMatcher(plan, new SequenceLimits(maxKeys, 0));
        long t0 = 1_700_000_000_000L;
        List<Long> quarters = new ArrayList<>();
        for (int i = 0; i < keys; i++) {
            long time = msPerEvent == 0 ? t0 + i / 1000 : t0 + (long) i * msPerEvent;
            matcher.offer(Event.parse(event(time, i)));
            if ((i + 1) % (keys / 4) == 0) {
                quarters.add((usedAfterGc() - baseline) >> 20);
            }
        }
        long retained = usedAfterGc() - baseline;
        SequenceStats stats = matcher.state().stats();
        heap.retainedMiB = retained >> 20;
        heap.bytesPerKey = retained / Math.max(1, stats.keys());
        heap.estimateMiB = stats.memoryEstimate() >> 20;
        heap.keysHeld = stats.keys();
        heap.evicted = stats.evicted();
        heap.expired = stats.expired();
        System.out.printf(
                "%n%d events, %s: retained MiB after each quarter %s; keys held %d, pending %d,"
                        + " evicted %d, expired %d, estimate %d MiB, %d bytes/key%n",
                keys,
                bound,
                quarters,
                stats.keys(),
                stats.pending(),
                stats.evicted(),
                stats.expired(),
                heap.estimateMiB,
                heap.bytesPerKey);
        return matcher;
    }

    private static String event(long timestamp, int i) {
        return "{\"@timestamp\":" + timestamp + ",\"event\":{\"category\":\"process\",\"type\":\"start\"},"
                + "\"host\":{\"name\":\"host-" + i + "\",\"os\":{\"family\":\"windows\"}},"
                + "\"user\":{\"name\":\"user-" + (i % 5000) + "\"},"
                + "\"process\":{\"name\":\"cmd.exe\",\"pid\":" + (1000 + i % 60000)
                + ",\"executable\":\"C:\\\\Windows\\\\System32\\\\cmd.exe\",\"command_line\":\"cmd.exe /c whoami\","
                + "\"parent\":{\"name\":\"explorer.exe\"}}}";
    }

    private static long usedAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
