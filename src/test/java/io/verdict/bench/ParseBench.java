package io.verdict.bench;

import io.verdict.engine.Detector;
import io.verdict.engine.Evaluation;
import io.verdict.engine.Plan;
import io.verdict.engine.RuleCompiler;
import io.verdict.engine.Selection;
import io.verdict.event.Event;
import io.verdict.event.FieldSet;
import io.verdict.event.Schema;
import io.verdict.event.TimeFields;
import io.verdict.event.Utf8CheckingInput;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/**
 * Parsing alone, as the service parses an NDJSON line: {@link Event#parse(byte[], FieldSet)} with the field set of
 * the whole corpus (every field a loaded rule reads), over the real and generated documents of
 * {@link CorpusBench}, cycled; one operation is one event. Nothing is read from the event, so values decoded
 * lazily are not paid here: {@code parseAndEvaluate} (as {@code CorpusBench.parseAndEvaluate} with every rule,
 * indexed) is the figure that counts them, and {@code evaluate} the same on events parsed beforehand. Each
 * iteration also prints the thread's CPU time per event, the figure to compare on a machine whose cores are shared.
 * Run: {@code ./mvnw -Pbench test-compile exec:exec -Djmh.args="ParseBench -f 1 -wi 3 -i 5 -prof gc"}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ParseBench {

    private FieldSet fields;
    private byte[][] texts;
    private Event[] events;
    private Plan plan;

    @Setup
    public void setUp() {
        var corpus = CorpusEvents.rules();
        List<String> lines = CorpusEvents.realAndGenerated(corpus, 10_000);
        Detector detector = new RuleCompiler(Schema.catalog(), Clock.systemUTC()).compile(corpus);
        fields = detector.fields();
        plan = detector.plan(Selection.ALL, Plan.Unrouted.ALL_RULES, Plan.Dispatch.INDEXED);
        texts = lines.stream().map(l -> l.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
        if (texts.length != CorpusBench.EVENTS) {
            throw new IllegalStateException("expected " + CorpusBench.EVENTS + " events, got " + texts.length);
        }
        events = java.util.Arrays.stream(texts).map(t -> Event.parse(t, fields)).toArray(Event[]::new);
        long bytes = 0;
        for (byte[] text : texts) {
            bytes += text.length;
        }
        System.out.printf(
                "%n%d events, %d bytes on average, %d fields in the set%n",
                texts.length, bytes / texts.length, fields.size());
    }

    /**
     * Where each thread is in the event list; also prints the thread's CPU time per event of each iteration,
     * steadier than throughput on a machine whose cores are shared (a busy neighbour stretches wall time, not
     * this thread's CPU time).
     */
    @State(Scope.Thread)
    public static class Cursor {
        private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
        int next;
        long ops;
        private long cpuStart;

        @Setup(Level.Iteration)
        public void start() {
            ops = 0;
            cpuStart = THREADS.getCurrentThreadCpuTime();
        }

        /** The index of this operation's event. */
        int advance() {
            int at = next;
            next = next + 1 == CorpusBench.EVENTS ? 0 : next + 1;
            ops++;
            return at;
        }

        @TearDown(Level.Iteration)
        public void stop() {
            long cpu = THREADS.getCurrentThreadCpuTime() - cpuStart;
            System.out.printf("  cpu %.0f ns/event%n", cpu / (double) Math.max(1, ops));
        }
    }

    /** Events in one array body of {@link #readArray}. */
    static final int ARRAY = 256;

    /** The first {@link #ARRAY} corpus documents as one JSON array body. */
    @State(Scope.Benchmark)
    public static class ArrayBody {
        @Param({"false", "true"})
        public boolean checked;

        private final JsonMapper json = JsonMapper.builder().build();
        private byte[] body;

        @Setup
        public void setUp() {
            List<String> lines = CorpusEvents.real();
            body = ("[" + String.join(",", lines.subList(0, ARRAY)) + "]").getBytes(StandardCharsets.UTF_8);
        }

        int read(FieldSet fields) {
            InputStream in = new ByteArrayInputStream(body);
            Utf8CheckingInput input = checked ? new Utf8CheckingInput(in) : null;
            int events = 0;
            try (JsonParser parser = json.createParser(checked ? input : in)) {
                parser.nextToken();
                while (parser.nextToken() == JsonToken.START_OBJECT) {
                    Event.read(json, parser, fields);
                    if (input == null
                            || input.invalidBefore(parser.currentLocation().getByteOffset()) == null) {
                        events++;
                    }
                }
            }
            return events;
        }
    }

    @Benchmark
    public Event parse(Cursor cursor) {
        return Event.parse(texts[cursor.advance()], fields);
    }

    /** Parsing and the check of the time fields every event read by the service gets ({@link TimeFields}). */
    @Benchmark
    public String parseAndCheckTimeFields(Cursor cursor) {
        return TimeFields.invalid(Event.parse(texts[cursor.advance()], fields));
    }

    /**
     * A JSON array body of {@link #ARRAY} events read element by element as the batch reader reads it, straight
     * ({@code checked} false) or through the UTF-8 check ({@link Utf8CheckingInput}); one operation is one body
     * (the CPU time printed is per body).
     */
    @Benchmark
    public int readArray(ArrayBody body, Cursor cursor) {
        cursor.advance();
        return body.read(fields);
    }

    @Benchmark
    public Evaluation parseAndEvaluate(Cursor cursor) {
        return plan.evaluateStateless(Event.parse(texts[cursor.advance()], fields), false);
    }

    @Benchmark
    public Evaluation evaluate(Cursor cursor) {
        return plan.evaluateStateless(events[cursor.advance()], false);
    }
}
