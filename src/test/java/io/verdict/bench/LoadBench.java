package io.verdict.bench;

import io.verdict.Shared;
import io.verdict.engine.Detector;
import io.verdict.engine.RuleCompiler;
import io.verdict.event.Schema;
import io.verdict.rule.RuleDirectories;
import io.verdict.rule.RuleLoadCache;
import io.verdict.rule.RuleLoader;
import io.verdict.rule.RuleSet;
import java.io.IOException;
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

/**
 * (d) Loading the whole corpus (2,068 TOML files) and compiling it into a detector, as the service does at
 * start-up: without the load cache, with an empty one (every file parsed, the cache written) and with a warm one
 * (every file read from the cache). Cold, the first load in a fresh JVM (what start-up pays):
 * {@code -Djmh.args="LoadBench -bm ss -f 3 -wi 0 -i 1"}; warm: {@code -Djmh.args="LoadBench -f 1 -wi 3 -i 5"}.
 * The cache lives in {@code target/load-bench-cache}; the warm case fills it first in a separate JVM, so that its
 * own JVM stays cold.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class LoadBench {

    static final Path CACHE = Path.of("load-bench-cache");

    @Benchmark
    public Detector loadAndCompile() {
        return compile(CorpusEvents.rules());
    }

    @Benchmark
    public RuleSet loadOnly() {
        return CorpusEvents.rules();
    }

    @Benchmark
    public Detector cacheEmptyLoadAndCompile(EmptyCache cache) {
        return compile(load());
    }

    @Benchmark
    public Detector cacheWarmLoadAndCompile(WarmCache cache) {
        return compile(load());
    }

    @Benchmark
    public RuleSet cacheWarmLoadOnly(WarmCache cache) {
        return load();
    }

    /** Removes the cache before each measurement: every file is parsed and the cache written. */
    @State(Scope.Thread)
    public static class EmptyCache {
        @Setup(Level.Invocation)
        public void empty() throws IOException {
            if (Files.isDirectory(CACHE)) {
                try (var files = Files.list(CACHE)) {
                    for (Path file : files.toList()) {
                        Files.delete(file);
                    }
                }
            }
        }
    }

    /** Makes sure the cache holds the corpus, filling it in another JVM when it does not. */
    @State(Scope.Benchmark)
    public static class WarmCache {
        @Setup(Level.Trial)
        public void fill() throws IOException, InterruptedException {
            RuleLoadCache probe = cache();
            if (Files.exists(probe.file())) {
                return;
            }
            String java = ProcessHandle.current().info().command().orElse("java");
            Process fill = new ProcessBuilder(
                            java,
                            "-Dverdict.shared=" + System.getProperty("verdict.shared", "../shared"),
                            "-cp",
                            System.getProperty("java.class.path"),
                            LoadBench.class.getName())
                    .inheritIO()
                    .start();
            if (fill.waitFor() != 0 || !Files.exists(probe.file())) {
                throw new IllegalStateException("could not fill the load cache " + probe.file());
            }
        }
    }

    /** Fills the cache (run by {@link WarmCache} in its own JVM). */
    public static void main(String[] args) {
        load();
    }

    private static RuleLoadCache cache() {
        Path corpus = Shared.require("corpus/detection-rules");
        return RuleLoadCache.in(CACHE, List.of(corpus), new RuleLoader());
    }

    private static RuleSet load() {
        Path corpus = Shared.require("corpus/detection-rules");
        return new RuleDirectories(cache(), Clock.systemUTC()).load(List.of(corpus));
    }

    private static Detector compile(RuleSet set) {
        return new RuleCompiler(Schema.catalog(), Clock.systemUTC()).compile(set);
    }
}
