package io.verdict.bench;

import java.time.Clock;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

import io.verdict.engine.Detector;
import io.verdict.engine.RuleCompiler;
import io.verdict.event.Schema;
import io.verdict.rule.RuleSet;

/**
 * (d) Loading the whole corpus (2,068 TOML files) and compiling it into a detector, as the service does at
 * start-up. Warm: {@code -Djmh.args="LoadBench -f 1 -wi 3 -i 5"}; cold, the first load in a fresh JVM (what start-up
 * pays): {@code -Djmh.args="LoadBench -bm ss -f 5 -wi 0 -i 1"}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class LoadBench {

    @Benchmark
    public Detector loadAndCompile() {
        RuleSet set = CorpusEvents.rules();
        return new RuleCompiler(Schema.ecs(), Clock.systemUTC()).compile(set);
    }

    @Benchmark
    public RuleSet loadOnly() {
        return CorpusEvents.rules();
    }
}
