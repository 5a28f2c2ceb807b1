package io.verdict.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.verdict.engine.Alert;
import io.verdict.engine.AlertChain;
import io.verdict.engine.Detector;
import io.verdict.engine.Evaluation;
import io.verdict.engine.KibanaAlerts;
import io.verdict.engine.Plan;
import io.verdict.engine.Selection;
import io.verdict.engine.StateStore;
import io.verdict.engine.batch.BatchEvaluator;
import io.verdict.engine.batch.BatchItem;
import io.verdict.engine.batch.BatchListener;
import io.verdict.engine.batch.BatchTotals;
import io.verdict.event.Envelopes;
import io.verdict.event.Event;
import io.verdict.rule.RuleSet;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code evaluate}: run an NDJSON file (or stdin) through the rules and write one line per alert to stdout, in the
 * streamed form of the API ({@code {"type":"alert","line":n,"alert":{...}}}); bad lines are reported and skipped.
 * The file goes through the engine's {@link BatchEvaluator} as an HTTP batch does, so both decide the same events
 * the same way: stateless rules on all cores, stateful rules fed each in its own event-time order (their alerts come
 * after the window of lines they were held in, with the line that completed them), and the ES|QL ticks the stream
 * would still pass run at its end. For large inputs a progress line is kept up to date on stderr. The alerts each
 * line releases are decided again by the rules over the alerts index ({@link AlertChain}), as the service does,
 * unless {@code --no-chain}; theirs are written after them, with the same line.
 */
final class EvaluateCommand {

    private static final JsonMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .changeDefaultPropertyInclusion(i -> i.withValueInclusion(JsonInclude.Include.NON_NULL))
            .build();

    /** Bytes of held events past which the stateful rules are fed, as the service's default window (5 % of the heap). */
    private static final long WINDOW_BYTES =
            Math.max(16L << 20, Runtime.getRuntime().maxMemory() / 20);

    private final Cli.Arguments arguments;
    private final PrintStream out;
    private final PrintStream err;

    EvaluateCommand(Cli.Arguments arguments, PrintStream out, PrintStream err) {
        this.arguments = arguments;
        this.out = out;
        this.err = err;
    }

    /** A line of the input as read. */
    private record Line(int number, String text) {}

    /** A line parsed: its event, or why it holds none. */
    private record Parsed(int position, Event event, String error) implements BatchItem {}

    int run() {
        if (arguments.positional().size() != 1) {
            err.println("verdict evaluate: name one NDJSON file of events, or - for stdin");
            return 2;
        }
        RuleSet rules = Cli.load(arguments, Cli.cache(arguments));
        rules.errors().forEach(p -> err.println(p.render()));
        Detector detector = Cli.compile(rules, arguments);
        // the run owns the state of its stateful rules, from empty, as a fresh service would
        Plan plan = detector.plan(Selection.ALL, Plan.Unrouted.ALL_RULES).withState(new StateStore(100_000, 1_000_000));
        AlertChain chain = arguments.chain() ? new AlertChain(KibanaAlerts.Settings.DEFAULT, arguments.clock()) : null;
        String source = arguments.positional().get(0);
        long size = source.equals("-") ? -1 : sizeOf(Path.of(source));
        Progress progress = new Progress(err, size);
        Written written = new Written(detector);
        BatchEvaluator<Line, Parsed, List<String>> evaluator = new BatchEvaluator<>(
                plan,
                BatchEvaluator.Settings.of(WINDOW_BYTES, false, true),
                chain == null ? null : released -> chain.chain(plan, released, false),
                written);
        BatchTotals totals;
        int lines = 0;
        try (InputStream in = source.equals("-") ? System.in : Files.newInputStream(Path.of(source));
                BufferedReader reader =
                        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16)) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lines++;
                progress.advance(line.length() + 1);
                if (!line.isBlank()) {
                    evaluator.add(new Line(lines, line), line.length() + 1);
                }
            }
            // the stream has ended: the ticks of ES|QL rules it would still have passed run at its end
            totals = evaluator.finish();
        } catch (IOException e) {
            err.println("verdict evaluate: " + Inputs.describe(e));
            return 2;
        } finally {
            evaluator.abandon();
        }
        progress.done();
        int chained = written.chained;
        err.printf(
                "verdict evaluate: %d events, %d alerts%s, %d bad lines; %d rules evaluating, skipped %s%s%n",
                totals.events(),
                totals.alerts(),
                chained == 0 ? "" : " (" + chained + " of rules over alerts, from alerts)",
                written.bad,
                plan.evaluating(),
                plan.skipped(),
                totals.unwrapped().isEmpty() ? "" : "; unwrapped " + totals.unwrapped());
        if (!totals.looping().isEmpty()) {
            // Kibana drops an alert that would loop back to the rule that made one of its ancestors: say which
            err.printf(
                    "verdict evaluate: alert documents not decided by a rule that made one of their ancestors (an"
                            + " alert on them would loop back to it): %s%n",
                    totals.looping());
        }
        int readingNothing = totals.readingNothing();
        if (readingNothing > 0) {
            // events no rule can read a field of are most likely wrapped in something: say so, not "no alerts"
            err.printf(
                    "verdict evaluate: %s none of the fields the rules read (line%s %s); are they wrapped?%n",
                    readingNothing == 1 ? "1 event holds" : readingNothing + " events hold",
                    readingNothing == 1 ? "" : "s",
                    totals.readingNothingAt().stream()
                                    .map(String::valueOf)
                                    .collect(java.util.stream.Collectors.joining(", "))
                            + (readingNothing > BatchTotals.NAMED ? ", …" : ""));
        }
        return written.bad == 0 ? 0 : 1;
    }

    /**
     * Writes what the evaluator finds, as the API streams it: alert lines (rendered on the workers), error lines
     * for lines that hold no event, rule failures on alerts to stderr.
     */
    private final class Written implements BatchListener<Line, Parsed, List<String>> {
        private final Detector detector;
        private int bad;
        private int chained;

        Written(Detector detector) {
            this.detector = detector;
        }

        @Override
        public Parsed parse(Line line) {
            try {
                return new Parsed(line.number(), Envelopes.unwrap(Event.parse(line.text())), null);
            } catch (IllegalArgumentException e) {
                return new Parsed(line.number(), null, e.getMessage());
            }
        }

        @Override
        public List<String> shape(Parsed item, Evaluation evaluation) {
            return lines(evaluation, item.position());
        }

        @Override
        public void decided(Parsed item, Evaluation evaluation, List<String> shaped) {
            if (shaped != null) {
                shaped.forEach(out::println);
            }
        }

        @Override
        public void rejected(Parsed item, RuntimeException failure) {
            bad++;
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("type", "error");
            error.put("line", item.position());
            error.put(
                    "message",
                    failure == null ? item.error() : failure.getClass().getSimpleName() + ": " + failure.getMessage());
            out.println(JSON.writeValueAsString(error));
        }

        @Override
        public boolean released(Parsed item, Evaluation evaluation, boolean chain) {
            if (chain) {
                chained += evaluation.alerts().size();
                evaluation
                        .failures()
                        .forEach(f -> err.printf(
                                "verdict evaluate: line %d: rule %s failed on an alert:" + " %s%n",
                                item.position(), f.ruleId(), f.message()));
            }
            lines(evaluation, item.position()).forEach(out::println);
            return true;
        }

        @Override
        public void failed(Parsed item, RuntimeException failure) {
            err.printf(
                    "verdict evaluate: line %d: %s: %s%n",
                    item.position(), failure.getClass().getSimpleName(), failure.getMessage());
        }

        /** The alerts of an evaluation as lines of the output. */
        private List<String> lines(Evaluation evaluation, int line) {
            List<String> written = new java.util.ArrayList<>(evaluation.alerts().size());
            for (Alert alert : evaluation.alerts()) {
                Object body = arguments.format().equals("kibana")
                        ? KibanaAlerts.document(
                                alert,
                                detector.find(alert.rule().ruleId())
                                        .orElseThrow()
                                        .rule(),
                                arguments.clock().instant())
                        : alert;
                Map<String, Object> shaped = new LinkedHashMap<>();
                shaped.put("type", "alert");
                shaped.put("line", line);
                shaped.put("alert", body);
                written.add(JSON.writeValueAsString(shaped));
            }
            return written;
        }
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A progress line on stderr, redrawn at most twice a second, only for inputs worth waiting for. */
    private static final class Progress {
        private final PrintStream err;
        private final long total;
        private final long started = System.nanoTime();
        private long read;
        private long lastDrawn;
        private boolean drawn;

        Progress(PrintStream err, long total) {
            this.err = err;
            this.total = total;
        }

        void advance(long bytes) {
            read += bytes;
            long now = System.nanoTime();
            if (now - lastDrawn > 500_000_000L && now - started > 1_000_000_000L) {
                lastDrawn = now;
                drawn = true;
                double seconds = (now - started) / 1e9;
                String share = total > 0 ? String.format(" %3d%%", Math.min(100, read * 100 / total)) : "";
                err.printf("\r%s %,d MB read, %.1f MB/s", share, read >> 20, (read >> 20) / seconds);
            }
        }

        void done() {
            if (drawn) {
                err.println();
            }
        }
    }
}
