package io.verdict.battery;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one phase saw: inputs tried, requests sent, answers by status class, 5xx, timeouts, connection errors, cut
 * answers, findings (each kind counted, with its first few examples), the phase's own figures and notes. Every
 * answer recorded here is also handed to the leak scanner. Thread-safe.
 */
final class Tally {

    private static final int EXAMPLES = 5;

    /** One kind of finding: how often, and the first examples (request, answer excerpt). */
    static final class Finding {
        long count;
        final List<String> examples = new ArrayList<>();

        long count() {
            return count;
        }

        List<String> examples() {
            return examples;
        }
    }

    final String phase;
    private final LeakScanner leaks;
    private long inputs;
    private long requests;
    private final Map<String, Long> statusClasses = new TreeMap<>();
    private long serverErrors;
    private long documentedRefusals;
    private long timeouts;
    private long connectionErrors;
    private long cut;
    private final Map<String, Finding> findings = new LinkedHashMap<>();
    private final Map<String, Object> figures = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();
    private String skipped;
    private double seconds;

    Tally(String phase, LeakScanner leaks) {
        this.phase = phase;
        this.leaks = leaks;
    }

    synchronized void inputs(long n) {
        inputs += n;
    }

    /** Counts one exchange and scans its body for leaks; a 5xx and a timeout are findings of their own. */
    void record(RawHttp.Request request, Answer answer) {
        leaks.scan(phase, request, answer);
        synchronized (this) {
            requests++;
            if (answer.answered()) {
                statusClasses.merge(answer.status() / 100 + "xx", 1L, Long::sum);
            }
            if (refusedAsDocumented(answer)) {
                documentedRefusals++;
            } else if (answer.status() >= 500) {
                serverErrors++;
            }
            switch (answer.outcome()) {
                case TIMEOUT -> timeouts++;
                case NOT_CONNECTED, CONNECTION_ERROR -> connectionErrors++;
                case CUT -> cut++;
                case COMPLETE -> {}
            }
        }
        if (answer.status() >= 500 && !refusedAsDocumented(answer)) {
            finding("5xx answer", request, answer);
        }
        if (answer.outcome() == Answer.Outcome.TIMEOUT) {
            finding("timeout", request, answer);
        }
        if (answer.outcome() == Answer.Outcome.CUT) {
            finding("answer cut short", request, answer);
        }
    }

    /**
     * A 503 the service documents, as a problem with Retry-After: rules not loaded yet ({@code not-ready}) or no
     * request thread free to wait for a slow body ({@code busy}). Not a server error: the client is told to retry.
     */
    static boolean refusedAsDocumented(Answer answer) {
        return answer.status() == 503
                && answer.isProblem()
                && answer.header("Retry-After") != null
                && (answer.text().contains("urn:verdict:problem:not-ready")
                        || answer.text().contains("urn:verdict:problem:busy"));
    }

    void finding(String kind, RawHttp.Request request, Answer answer) {
        finding(kind, (request == null ? "" : request.describe() + " → ") + answer.excerpt(240));
    }

    synchronized void finding(String kind, String example) {
        Finding finding = findings.computeIfAbsent(kind, k -> new Finding());
        finding.count++;
        if (finding.examples.size() < EXAMPLES) {
            finding.examples.add(example);
        }
    }

    /** A finding counted elsewhere (the leak scanner's), with its examples. */
    synchronized void finding(String kind, long count, List<String> examples) {
        Finding finding = findings.computeIfAbsent(kind, k -> new Finding());
        finding.count += count;
        finding.examples.addAll(examples);
    }

    synchronized void figure(String name, Object value) {
        figures.put(name, value);
    }

    synchronized void note(String note) {
        notes.add(note);
    }

    synchronized void skip(String why) {
        skipped = why;
    }

    synchronized void seconds(double seconds) {
        this.seconds = seconds;
    }

    synchronized long inputs() {
        return inputs;
    }

    synchronized long requests() {
        return requests;
    }

    synchronized Map<String, Long> statusClasses() {
        return new TreeMap<>(statusClasses);
    }

    synchronized long serverErrors() {
        return serverErrors;
    }

    /** 503 not-ready and busy problems (see {@link #refusedAsDocumented}), which {@link #serverErrors} leaves out. */
    synchronized long documentedRefusals() {
        return documentedRefusals;
    }

    synchronized long timeouts() {
        return timeouts;
    }

    synchronized long connectionErrors() {
        return connectionErrors;
    }

    synchronized long cut() {
        return cut;
    }

    synchronized Map<String, Finding> findings() {
        return new LinkedHashMap<>(findings);
    }

    synchronized long count(String finding) {
        Finding f = findings.get(finding);
        return f == null ? 0 : f.count;
    }

    synchronized Map<String, Object> figures() {
        return new LinkedHashMap<>(figures);
    }

    synchronized List<String> notes() {
        return List.copyOf(notes);
    }

    synchronized String skipped() {
        return skipped;
    }

    synchronized double seconds() {
        return seconds;
    }
}
