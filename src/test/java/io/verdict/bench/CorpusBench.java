package io.verdict.bench;

import io.verdict.engine.Detector;
import io.verdict.engine.Evaluation;
import io.verdict.engine.Plan;
import io.verdict.engine.RuleCompiler;
import io.verdict.engine.Selection;
import io.verdict.engine.StateStore;
import io.verdict.event.Dates;
import io.verdict.event.Event;
import io.verdict.event.FieldPath;
import io.verdict.event.FieldSet;
import io.verdict.event.Schema;
import io.verdict.rule.Rule;
import io.verdict.rule.RuleSet;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import tools.jackson.databind.JsonNode;

/**
 * (b) and (c): events per second on one thread (one core) with {@code rules} single-event rules loaded: 10, 100,
 * 1000 of the corpus's evaluated rules (a fixed-seed sample), or {@code all} (the whole corpus, 2,068 files of
 * which 1,269 are decided event by event). Events: the 884 real documents plus 10,000 generated variants (one in
 * five crafted to carry a rule's required literals), cycled. {@code evaluate} takes parsed events through the
 * rules that decide an event alone; {@code parseAndEvaluate} parses each JSON text first, as the service does:
 * with the detector's field set, so only the fields the rules read are kept ({@code parse=TREE}: whole trees, as
 * before). {@code wholeCorpusInTimeOrder} adds the stateful rules (threshold, new_terms, sequences, samples): one
 * operation is a pass over all the events in timestamp order from empty state, as a batch is fed, counted per
 * event. {@code dispatch} compares the rule index with trying every rule, in the same run.
 * Run: {@code ./mvnw -Pbench test-compile exec:exec -Djmh.args="CorpusBench -f 1 -wi 3 -i 5"}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CorpusBench {

    private static final int GENERATED = 10_000;
    /** The real documents and the generated ones; checked at set-up, as {@link OperationsPerInvocation} needs a constant. */
    static final int EVENTS = 884 + GENERATED;

    @Param({"10", "100", "1000", "all"})
    public String rules;

    /** How events are parsed: with the detector's field set (as the service does), or into whole trees. */
    @Param({"FIELD_SET", "TREE"})
    public String parse;

    /** INDEXED: through the rule index (the service's way); SCAN: every rule tried on every event, the baseline. */
    @Param({"INDEXED", "SCAN"})
    public String dispatch;

    private static RuleSet corpus;
    private static List<String> lines;

    private Plan plan;
    private Event[] events;
    /** The events in timestamp order, as a batch feeds the stateful rules. */
    private Event[] timeOrdered;

    private FieldSet fields;
    private byte[][] texts;

    @Setup(Level.Trial)
    public void setUp() {
        synchronized (CorpusBench.class) {
            if (corpus == null) {
                corpus = CorpusEvents.rules();
                lines = CorpusEvents.realAndGenerated(corpus, GENERATED);
            }
        }
        RuleCompiler compiler = new RuleCompiler(Schema.catalog(), Clock.systemUTC());
        Detector whole = compiler.compile(corpus);
        Detector detector = rules.equals("all") ? whole : compiler.compile(sample(whole, Integer.parseInt(rules)));
        plan = detector.plan(Selection.ALL, Plan.Unrouted.ALL_RULES, Plan.Dispatch.valueOf(dispatch));
        // as the service reads them: only the fields the rules read (see FieldSet); TREE: the whole tree, as before
        fields = parse.equals("TREE") ? null : detector.fields();
        events = lines.stream()
                .map(l -> fields == null ? Event.parse(l) : Event.parse(l, fields))
                .toArray(Event[]::new);
        if (events.length != EVENTS) {
            throw new IllegalStateException("expected " + EVENTS + " events, the corpus gave " + events.length);
        }
        texts = lines.stream().map(l -> l.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
        timeOrdered = events.clone();
        FieldPath timestamp = FieldPath.of("@timestamp");
        java.util.Arrays.sort(timeOrdered, java.util.Comparator.comparing((Event e) -> {
            JsonNode value = e.firstValue(timestamp);
            Instant time = value == null || !value.isString() ? null : Dates.parse(value.stringValue());
            return time == null ? Instant.MIN : time;
        }));
        long alerts = 0;
        for (Event e : events) {
            alerts += plan.evaluateStateless(e, false).alerts().size();
        }
        System.out.printf(
                "%n%s rules evaluating (%s), %d events, %d alerts per pass; index %s%n",
                plan.evaluating(), dispatch, events.length, alerts, detector.indexStats());
    }

    /** {@code n} rules decided event by event, sampled with a fixed seed. */
    static RuleSet sample(Detector whole, int n) {
        List<String> ids = new ArrayList<>(whole.rules().stream()
                .filter(r -> r.coverage().evaluated())
                .map(r -> r.ruleId())
                .toList());
        Collections.shuffle(ids, new Random(7));
        Set<String> chosen = ids.stream().limit(n).collect(Collectors.toSet());
        List<Rule> picked =
                corpus.rules().stream().filter(r -> chosen.contains(r.ruleId())).toList();
        return new RuleSet(picked, List.of(), List.of(), picked.size(), Instant.now(), Duration.ZERO);
    }

    /** Where each thread is in the event list. */
    @State(Scope.Thread)
    public static class Cursor {
        int next;
    }

    @Benchmark
    public Evaluation evaluate(Cursor cursor) {
        Event event = events[cursor.next];
        cursor.next = cursor.next + 1 == events.length ? 0 : cursor.next + 1;
        return plan.evaluateStateless(event, false);
    }

    @Benchmark
    public Evaluation parseAndEvaluate(Cursor cursor) {
        byte[] text = texts[cursor.next];
        cursor.next = cursor.next + 1 == texts.length ? 0 : cursor.next + 1;
        return plan.evaluateStateless(fields == null ? Event.parse(text) : Event.parse(text, fields), false);
    }

    /** Every rule that runs on events, stateful ones included, over one pass in time order from empty state. */
    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public long wholeCorpusInTimeOrder() {
        Plan fresh = plan.withState(new StateStore(100_000, 1_000_000));
        long alerts = 0;
        for (Event event : timeOrdered) {
            alerts += fresh.evaluate(event, false).alerts().size();
        }
        return alerts;
    }
}
