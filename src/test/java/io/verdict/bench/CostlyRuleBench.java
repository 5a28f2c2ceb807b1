package io.verdict.bench;

import io.verdict.engine.Detector;
import io.verdict.engine.Evaluation;
import io.verdict.engine.Plan;
import io.verdict.engine.RuleCompiler;
import io.verdict.engine.Selection;
import io.verdict.event.Event;
import io.verdict.event.Schema;
import io.verdict.rule.Rule;
import io.verdict.rule.RuleFixtures;
import io.verdict.rule.RuleSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One costly rule on one long event: {@code patterns} case-insensitive substring patterns ({@code like~ "*abcdefgh*"}
 * in EQL, {@code field : *abcdefgh*} terms in KQL) against a {@code process.command_line} of {@code kilobytes} KB of
 * random words that contains none of them, so every pattern is tried on the whole value. One operation is one event
 * through the rule's plan; {@code budget} is the per-rule evaluation budget ({@code 0}: none), which ends the rule's
 * work on the event once spent. Run:
 * {@code ./mvnw -Pbench test-compile exec:exec -Djmh.args="CostlyRuleBench -f 1 -wi 1 -i 3 -bm ss"}; on a shared
 * machine {@link #main} (arguments: language, patterns, kilobytes, budget in ms, repetitions) reports the CPU time
 * of the evaluating thread per event instead, which other processes do not inflate.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class CostlyRuleBench {

    @Param({"eql", "kql"})
    public String language;

    @Param({"10000"})
    public int patterns;

    @Param({"900"})
    public int kilobytes;

    /** The budget per rule and event in ms; 0: none; -1: the plan's default. */
    @Param({"0", "100"})
    public long budgetMillis;

    private Plan plan;
    private Event event;

    @Setup
    public void setUp() {
        Random random = new Random(11);
        List<String> words =
                IntStream.range(0, patterns).mapToObj(i -> word(random, 8)).toList();
        String query = language.equals("eql")
                ? "process where process.command_line like~ ("
                        + words.stream().map(w -> "\"*" + w + "*\"").collect(Collectors.joining(", ")) + ")"
                : "process.command_line : ("
                        + words.stream().map(w -> "*" + w + "*").collect(Collectors.joining(" or ")) + ")";
        Rule rule = RuleFixtures.rule("00000000-0000-4000-8000-00000000c057", "Costly", "low", """
                type = "%s"
                language = "%s"
                query = '''%s'''
                """.formatted(
                        language.equals("eql") ? "eql" : "query", language.equals("eql") ? "eql" : "kuery", query));
        Detector detector = new RuleCompiler(Schema.catalog(), Clock.systemUTC())
                .compile(new RuleSet(List.of(rule), List.of(), List.of(), 1, Instant.now(), Duration.ZERO));
        if (!detector.rules().get(0).problems().isEmpty()) {
            throw new IllegalStateException(detector.rules().get(0).problems().toString());
        }
        Plan planned = detector.plan(Selection.ALL, Plan.Unrouted.ALL_RULES);
        // -1: the plan as made (the default budget); for comparing with a build that has no budgets
        plan = budgetMillis < 0 ? planned : withBudget(planned, budgetMillis);
        StringBuilder line = new StringBuilder(kilobytes * 1024);
        while (line.length() < kilobytes * 1024) {
            line.append(word(random, 3 + random.nextInt(8))).append(' ');
        }
        event = Event.parse("{\"event\":{\"category\":\"process\"},\"process\":{\"command_line\":\"" + line + "\"}}");
    }

    static Plan withBudget(Plan plan, long budgetMillis) {
        return plan.withBudget(Duration.ofMillis(budgetMillis));
    }

    private static String word(Random random, int length) {
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = (char) ('a' + random.nextInt(26));
        }
        return new String(chars);
    }

    @Benchmark
    public Evaluation evaluate() {
        return plan.evaluate(event, false);
    }

    public static void main(String[] args) {
        CostlyRuleBench bench = new CostlyRuleBench();
        bench.language = args.length > 0 ? args[0] : "eql";
        bench.patterns = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        bench.kilobytes = args.length > 2 ? Integer.parseInt(args[2]) : 900;
        bench.budgetMillis = args.length > 3 ? Long.parseLong(args[3]) : 0;
        int repetitions = args.length > 4 ? Integer.parseInt(args[4]) : 10;
        bench.setUp();
        java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int round = 0; round < 2; round++) {
            long started = cpu.getCurrentThreadCpuTime();
            Evaluation last = null;
            for (int i = 0; i < repetitions; i++) {
                last = bench.evaluate();
            }
            double millis = (cpu.getCurrentThreadCpuTime() - started) / 1e6 / repetitions;
            System.out.printf(
                    "%s, %d patterns, %d KB, budget %d ms: %.1f ms CPU per event (%s, %d runs)%n",
                    bench.language,
                    bench.patterns,
                    bench.kilobytes,
                    bench.budgetMillis,
                    millis,
                    round == 0 ? "cold" : "warm",
                    repetitions);
            if (round == 1) {
                System.out.println("failures: " + last.failures());
            }
        }
    }
}
