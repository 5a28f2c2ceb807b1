package io.verdict.battery;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * What the phases share: the options, the API keys, the run's work directory (every service's data and rule
 * directories live under it), the leak scanner that sees every answer, the battery's rule directory, and the
 * standard service that the request-level phases (events, auth, nesting, uploads, leaks) run against one after
 * another. Phases with their own needs (heap, rules, a service they may break) start their own.
 */
final class BatteryContext implements AutoCloseable {

    private final BatteryOptions options;
    private final BatteryKeys keys;
    private final Path workRoot;
    private final Path rules;
    private final Path corpus;
    private final LeakScanner leaks;
    private final List<Path> serviceDirs = new ArrayList<>();
    private ServiceProcess standard;
    private String standardFailure;

    BatteryContext(BatteryOptions options) throws IOException {
        this.options = options;
        this.keys = BatteryKeys.random();
        this.workRoot = Files.createTempDirectory("verdict-battery-");
        this.rules = BatteryRules.write(workRoot.resolve("rules"));
        Path withError = Files.createDirectories(workRoot.resolve("rules-with-error"));
        Files.writeString(withError.resolve("broken.toml"), BatteryRules.brokenRule());
        Path corpusRules = options.shared().resolve("corpus/detection-rules");
        this.corpus = options.corpus() && Files.isDirectory(corpusRules) ? corpusRules : null;
        List<String> known = new ArrayList<>(BatteryRules.files().values());
        if (corpus != null) {
            try (Stream<Path> files = Files.walk(corpus)) {
                for (Path file :
                        files.filter(f -> f.toString().endsWith(".toml")).toList()) {
                    known.add(Files.readString(file));
                }
            }
        }
        this.leaks = new LeakScanner(
                List.of(workRoot.toString(), Path.of("").toAbsolutePath().toString()), known);
    }

    BatteryOptions options() {
        return options;
    }

    BatteryKeys keys() {
        return keys;
    }

    Path workRoot() {
        return workRoot;
    }

    /** The battery's own rules (one of each kind). */
    Path rules() {
        return rules;
    }

    /** The Elastic corpus rule directory when it is there and wanted, else null. */
    Path corpus() {
        return corpus;
    }

    LeakScanner leaks() {
        return leaks;
    }

    Duration timeout() {
        return options.requestTimeout();
    }

    /** Why the corpus is not loaded, for the report; null when it is. */
    String corpusNote() {
        if (corpus != null) {
            return null;
        }
        return options.corpus()
                ? "SKIPPED the corpus: " + options.shared().resolve("corpus/detection-rules") + " is absent"
                : "the corpus is not loaded (--corpus no" + (options.quick() ? ", the default with --quick" : "") + ")";
    }

    /**
     * The standard service (512 MB heap; the battery's rules, a rule file that does not compile, and the corpus when
     * loaded), started on first use and kept for the next phase while it is alive; null with {@link
     * #standardFailure()} when it could not start.
     */
    ServiceProcess standard() throws IOException, InterruptedException {
        if (standard != null && standard.alive()) {
            return standard;
        }
        if (standard != null) {
            standard.close();
        }
        List<Path> paths = new ArrayList<>(List.of(rules, workRoot.resolve("rules-with-error")));
        if (corpus != null) {
            paths.add(corpus);
        }
        standard = launch(new ServiceProcess.Spec("standard", "512m", paths, List.of(), Duration.ofMinutes(4)));
        standardFailure = standard.awaitReady(this);
        if (standardFailure != null) {
            standard.close();
            standard = null;
        }
        return standard;
    }

    String standardFailure() {
        return standardFailure;
    }

    /** Stops the standard service (a phase that must not inherit another's leftovers calls it first). */
    void restartStandard() {
        if (standard != null) {
            standard.close();
            standard = null;
        }
    }

    ServiceProcess launch(ServiceProcess.Spec spec) throws IOException {
        ServiceProcess service = ServiceProcess.start(this, spec);
        serviceDirs.add(service.dir());
        return service;
    }

    /** Every service directory of the run (their logs are copied into the report folder). */
    List<Path> serviceDirs() {
        return List.copyOf(serviceDirs);
    }

    /** Sends a request and records it in the phase's tally (counts and leak scan). */
    Answer exchange(Tally tally, RawHttp http, RawHttp.Request request, Duration timeout) {
        Answer answer = http.send(request, timeout);
        tally.record(request, answer);
        return answer;
    }

    @Override
    public void close() {
        restartStandard();
    }
}
