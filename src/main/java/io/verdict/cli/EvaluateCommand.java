package io.verdict.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.verdict.engine.Alert;
import io.verdict.engine.AlertChain;
import io.verdict.engine.Detector;
import io.verdict.engine.Evaluation;
import io.verdict.engine.KibanaAlerts;
import io.verdict.engine.Plan;
import io.verdict.engine.Selection;
import io.verdict.event.Envelopes;
import io.verdict.event.Event;
import io.verdict.rule.RuleSet;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code evaluate}: run an NDJSON file (or stdin) through the rules and write one line per alert to stdout, in the
 * streamed form of the API ({@code {"type":"alert","line":n,"alert":{...}}}); bad lines are reported and skipped.
 * For large inputs a progress line is kept up to date on stderr. The alerts each line releases are decided again by
 * the rules over the alerts index ({@link AlertChain}), as the service does, unless {@code --no-chain}; theirs are
 * written after them, with the same line.
 */
final class EvaluateCommand {

    private static final JsonMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .changeDefaultPropertyInclusion(i -> i.withValueInclusion(JsonInclude.Include.NON_NULL))
            .build();

    private final Cli.Arguments arguments;
    private final PrintStream out;
    private final PrintStream err;

    EvaluateCommand(Cli.Arguments arguments, PrintStream out, PrintStream err) {
        this.arguments = arguments;
        this.out = out;
        this.err = err;
    }

    int run() {
        if (arguments.positional().size() != 1) {
            err.println("verdict evaluate: name one NDJSON file of events, or - for stdin");
            return 2;
        }
        RuleSet rules = Cli.load(arguments, Cli.cache(arguments));
        rules.errors().forEach(p -> err.println(p.render()));
        Detector detector = Cli.compile(rules, arguments);
        Plan plan = detector.plan(Selection.ALL, Plan.Unrouted.ALL_RULES);
        AlertChain chain = arguments.chain() ? new AlertChain(KibanaAlerts.Settings.DEFAULT, Clock.systemUTC()) : null;
        String source = arguments.positional().get(0);
        long size = source.equals("-") ? -1 : sizeOf(Path.of(source));
        Progress progress = new Progress(err, size);
        int lines = 0;
        int events = 0;
        int alerts = 0;
        int bad = 0;
        int chained = 0;
        Map<String, Integer> unwrapped = new java.util.TreeMap<>();
        List<Integer> readingNothing = new java.util.ArrayList<>();
        Map<String, Integer> looping = new java.util.TreeMap<>();
        try (InputStream in = source.equals("-") ? System.in : Files.newInputStream(Path.of(source));
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16)) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lines++;
                progress.advance(line.length() + 1);
                if (line.isBlank()) {
                    continue;
                }
                Event event;
                try {
                    event = Envelopes.unwrap(Event.parse(line));
                } catch (IllegalArgumentException e) {
                    bad++;
                    Map<String, Object> error = new LinkedHashMap<>();
                    error.put("type", "error");
                    error.put("line", lines);
                    error.put("message", e.getMessage());
                    out.println(JSON.writeValueAsString(error));
                    continue;
                }
                events++;
                Evaluation evaluation = plan.evaluate(event, false);
                if (!event.envelope().isEmpty()) {
                    unwrapped.merge(event.envelope().get(0), 1, Integer::sum);
                }
                if (event.alertDocument() != null) {
                    plan.loopingRules(event).forEach(ruleId -> looping.merge(ruleId, 1, Integer::sum));
                }
                if (!evaluation.matched() && plan.readsNothingOf(event)) {
                    readingNothing.add(lines);
                }
                alerts += write(out, evaluation, detector, lines);
                chained += chain(chain, plan, evaluation, detector, lines);
            }
            // the stream has ended: the ticks of ES|QL rules it would still have passed run now
            Evaluation flushed = plan.flush(false);
            alerts += write(out, flushed, detector, lines);
            chained += chain(chain, plan, flushed, detector, lines);
        } catch (IOException e) {
            err.println("verdict evaluate: " + Inputs.describe(e));
            return 2;
        }
        progress.done();
        err.printf("verdict evaluate: %d events, %d alerts%s, %d bad lines; %d rules evaluating, skipped %s%s%n", events,
                alerts + chained, chained == 0 ? "" : " (" + chained + " of rules over alerts, from alerts)", bad, plan.evaluating(), plan.skipped(), unwrapped.isEmpty() ? "" : "; unwrapped " + unwrapped);
        if (!looping.isEmpty()) {
            // Kibana drops an alert that would loop back to the rule that made one of its ancestors: say which
            err.printf("verdict evaluate: alert documents not decided by a rule that made one of their ancestors (an"
                    + " alert on them would loop back to it): %s%n", looping);
        }
        if (!readingNothing.isEmpty()) {
            // events no rule can read a field of are most likely wrapped in something: say so, not "no alerts"
            err.printf("verdict evaluate: %s none of the fields the rules read (line%s %s); are they wrapped?%n",
                    readingNothing.size() == 1 ? "1 event holds" : readingNothing.size() + " events hold",
                    readingNothing.size() == 1 ? "" : "s", readingNothing.stream().limit(5).map(String::valueOf)
                    .collect(java.util.stream.Collectors.joining(", ")) + (readingNothing.size() > 5 ? ", …" : ""));
        }
        return bad == 0 ? 0 : 1;
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

    /** Writes the alerts the rules over the alerts index make of an evaluation's alerts; returns how many. */
    private int chain(AlertChain chain, Plan plan, Evaluation evaluation, Detector detector, int line) {
        if (chain == null || evaluation.alerts().isEmpty()) {
            return 0;
        }
        Evaluation chained = chain.chain(plan, evaluation.alerts(), false);
        chained.failures().forEach(f -> err.printf("verdict evaluate: line %d: rule %s failed on an alert: %s%n", line,
                f.ruleId(), f.message()));
        return write(out, chained, detector, line);
    }

    /** Writes the alerts of an evaluation as lines of the output; returns how many. */
    private int write(java.io.PrintStream out, Evaluation evaluation, io.verdict.engine.Detector detector, int line) {
        for (Alert alert : evaluation.alerts()) {
            Object body = arguments.format().equals("kibana")
                    ? KibanaAlerts.document(alert, detector.find(alert.rule().ruleId()).orElseThrow().rule(), Instant.now())
                    : alert;
            Map<String, Object> written = new LinkedHashMap<>();
            written.put("type", "alert");
            written.put("line", line);
            written.put("alert", body);
            out.println(JSON.writeValueAsString(written));
        }
        return evaluation.alerts().size();
    }
}
