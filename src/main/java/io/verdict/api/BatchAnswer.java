package io.verdict.api;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.util.RawValue;

/**
 * What a batch answered as one JSON document holds until the batch ends: the results (each alert already written
 * as JSON text, so what is held is what will be sent, and its size is known) and the errors, within
 * {@code maxBytes}. Past it nothing more is held — the counts of the batch still cover every event — and the answer
 * says how much it left out. Not thread-safe: the request thread fills it.
 */
final class BatchAnswer {

    /** What holding a result or an error costs besides its text: the records, the list slots, the map entry. */
    private static final int ENTRY = 96;

    private final long maxBytes;
    private final List<BatchResponse.Result> results = new ArrayList<>();
    /** Per item position, where its result is in {@link #results}. */
    private final Map<Integer, Integer> resultAt = new HashMap<>();

    private final List<BatchResponse.ItemError> errors = new ArrayList<>();
    private long bytes;
    private volatile boolean full;
    private int omittedAlerts;
    private int omittedErrors;

    BatchAnswer(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** Whether anything more would be left out (read by workers, to skip writing alerts nobody will hold). */
    boolean full() {
        return full;
    }

    /**
     * The alerts (as JSON text) of the item at {@code position}, added to its result if it has one; {@code alerts}
     * empty makes a result with none (a rule failed on the event). Left out, and counted, past the bound.
     */
    void add(int position, Integer index, Integer line, List<RawValue> alerts) {
        long weight = ENTRY;
        for (RawValue alert : alerts) {
            weight += ((String) alert.rawValue()).length();
        }
        if (full || bytes + weight > maxBytes) {
            full = true;
            omittedAlerts += alerts.size();
            return;
        }
        bytes += weight;
        Integer at = resultAt.get(position);
        if (at == null) {
            resultAt.put(position, results.size());
            results.add(new BatchResponse.Result(index, line, new ArrayList<>(alerts)));
        } else {
            results.get(at).alerts().addAll(alerts);
        }
    }

    /** Alerts not even written, the answer being full already: counted as left out. */
    void leaveOut(int alerts) {
        full = true;
        omittedAlerts += alerts;
    }

    void error(BatchResponse.ItemError error) {
        long weight = ENTRY + (error.message() == null ? 0 : error.message().length());
        if (full || bytes + weight > maxBytes) {
            full = true;
            omittedErrors++;
            return;
        }
        bytes += weight;
        errors.add(error);
    }

    /** The results held, in input order. */
    List<BatchResponse.Result> results() {
        results.sort(Comparator.comparingInt(r -> r.index() != null ? r.index() : r.line()));
        return results;
    }

    List<BatchResponse.ItemError> errors() {
        return errors;
    }

    boolean truncated() {
        return omittedAlerts > 0 || omittedErrors > 0;
    }

    int omittedAlerts() {
        return omittedAlerts;
    }

    int omittedErrors() {
        return omittedErrors;
    }

    /** What a truncated answer tells its reader. */
    String notice() {
        return "This answer holds the results and errors that fit in " + (maxBytes >> 10) + " KB"
                + " (verdict.evaluate.max-answer-size); " + omittedAlerts + " more alerts and " + omittedErrors
                + " more errors are counted above but not shown. Ask for the streamed form (Accept:"
                + " application/x-ndjson) to receive every alert as it is found.";
    }
}
