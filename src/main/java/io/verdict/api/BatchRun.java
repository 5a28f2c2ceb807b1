package io.verdict.api;

import io.verdict.api.EvaluateController.Options;
import io.verdict.engine.Detector;
import io.verdict.engine.Evaluation;
import io.verdict.engine.Plan;
import io.verdict.engine.batch.BatchEvaluator;
import io.verdict.engine.batch.BatchListener;
import io.verdict.engine.batch.BatchTotals;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.util.RawValue;

/**
 * One batch request over HTTP: reads its items, hands them to the engine's {@link BatchEvaluator} (which decides
 * them on all cores, feeds the stateful rules in their order and chains alerts, as the CLI does), and collects or
 * streams the answer it is told item by item: shaped alerts, errors, metrics, and every alert published to the
 * outputs. Items are read and counted against the limits on the request thread; parsing (NDJSON) and shaping run
 * on the evaluator's workers.
 *
 * <p>What it holds is bounded whatever the batch: the evaluator's chunks in flight and held events (by
 * {@code statefulWindow} bytes of their JSON); a collected answer by {@code maxAnswerSize} ({@link BatchAnswer});
 * a streamed answer holds nothing but counts.
 */
final class BatchRun implements BatchListener<Object, EventReader.Item, Object> {

    private final EvaluateController owner;
    private final Detector detector;
    private final Plan plan;
    private final Options options;
    private final boolean ndjsonIn;
    private final long statefulWindow;
    /** The collected answer; null when it streams. */
    private BatchAnswer answer;

    private OutputStream out;
    private int items;
    private int errors;
    private BatchTotals totals;

    BatchRun(EvaluateController owner, Detector detector, Plan plan, Options options, boolean ndjsonIn) {
        this.owner = owner;
        this.detector = detector;
        this.plan = plan;
        this.options = options;
        this.ndjsonIn = ndjsonIn;
        this.statefulWindow = owner.limits.statefulWindowBytes();
    }

    BatchResponse collect(InputStream body) {
        answer = new BatchAnswer(owner.limits.maxAnswerSizeBytes());
        run(body, first -> {
            throw BadInputException.tooLarge(
                    "The batch has more than " + owner.limits.maxBatchEvents() + " events; split it.");
        });
        List<String> notices = new ArrayList<>(2);
        if (answer.truncated()) {
            notices.add(answer.notice());
        }
        windowNotice().ifPresent(notices::add);
        readingNothingNotice().ifPresent(notices::add);
        loopingNotice().ifPresent(notices::add);
        return new BatchResponse(
                items,
                totals.events(),
                totals.matched(),
                totals.alerts(),
                plan.evaluating(),
                plan.skipped(),
                totals.notRouted(),
                totals.unwrapped().isEmpty() ? null : totals.unwrapped(),
                answer.results(),
                answer.errors(),
                answer.truncated(),
                answer.truncated() ? answer.omittedAlerts() : null,
                answer.truncated() ? answer.omittedErrors() : null,
                notices.isEmpty() ? null : notices);
    }

    void stream(InputStream body, OutputStream out) throws IOException {
        this.out = out;
        BatchResponse.ItemError[] overflow = new BatchResponse.ItemError[1];
        run(
                body,
                first -> overflow[0] = new BatchResponse.ItemError(
                        ndjsonIn ? null : first,
                        ndjsonIn ? first : null,
                        null,
                        null,
                        "the batch has more than " + owner.limits.maxBatchEvents() + " events; the rest is not read"));
        if (overflow[0] != null) {
            error(overflow[0]);
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("type", "summary");
        summary.put("items", items);
        summary.put("events", totals.events());
        summary.put("matched_events", totals.matched());
        summary.put("alerts", totals.alerts());
        summary.put("evaluating_rules", plan.evaluating());
        summary.put("skipped_rules", plan.skipped());
        summary.put("not_routed", totals.notRouted());
        summary.put("errors", errors);
        if (!totals.unwrapped().isEmpty()) {
            summary.put("unwrapped", totals.unwrapped());
        }
        List<String> notices = new ArrayList<>(2);
        windowNotice().ifPresent(notices::add);
        readingNothingNotice().ifPresent(notices::add);
        loopingNotice().ifPresent(notices::add);
        if (!notices.isEmpty()) {
            summary.put("notices", notices);
        }
        write(summary);
        out.flush();
    }

    /** A batch of events no selected rule can read anything of is most likely wrapped: say so, not "no match". */
    private java.util.Optional<String> readingNothingNotice() {
        int readingNothing = totals.readingNothing();
        List<Integer> readingNothingAt = totals.readingNothingAt();
        if (readingNothing == 0) {
            return java.util.Optional.empty();
        }
        String where = (ndjsonIn ? "line" : "index")
                + (readingNothingAt.size() > 1 ? "s " : " ")
                + readingNothingAt.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(", "))
                + (readingNothing > readingNothingAt.size() ? ", …" : "");
        return java.util.Optional.of(readingNothing + (readingNothing == 1 ? " event holds" : " events hold")
                + " none of the fields the selected rules read (" + where + "); are they wrapped?");
    }

    /** Rules that passed over alert documents, as Kibana drops alerts that would loop back to their rule. */
    private java.util.Optional<String> loopingNotice() {
        Map<String, Integer> looping = totals.looping();
        if (looping.isEmpty()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of("Alert documents not decided by a rule that made one of their ancestors, as an"
                + " alert on them would loop back to it (Kibana drops such alerts): "
                + looping.entrySet().stream()
                        .map(e -> "rule " + e.getKey() + " (" + e.getValue()
                                + (e.getValue() == 1 ? " document)" : " documents)"))
                        .collect(java.util.stream.Collectors.joining(", "))
                + ".");
    }

    private java.util.Optional<String> windowNotice() {
        int windows = totals.windows();
        return windows <= 1
                ? java.util.Optional.empty()
                : java.util.Optional.of("The stateful rules saw this batch"
                        + " in " + windows + " windows of event-time order, each at most " + (statefulWindow >> 10)
                        + " KB"
                        + " of events (verdict.evaluate.stateful-window); an event earlier than the window before it was"
                        + " taken as events across requests are.");
    }

    /**
     * Reads and evaluates every item; {@code overLimit} gets (on the request thread) the position (line or index)
     * of the first item past the batch limit, which is then neither counted nor read further.
     */
    private void run(InputStream body, java.util.function.IntConsumer overLimit) {
        BatchEvaluator<Object, EventReader.Item, Object> evaluator = new BatchEvaluator<>(
                plan,
                BatchEvaluator.Settings.of(statefulWindow, options.includeEvent(), false),
                released -> owner.outputs.chain(detector, released, options.includeEvent()),
                this);
        Counted counted = new Counted(body);
        try {
            java.util.function.Predicate<Object> next = item -> {
                if (++items > owner.limits.maxBatchEvents()) {
                    items--;
                    overLimit.accept(
                            item instanceof EventReader.RawLine line
                                    ? line.number()
                                    : ((EventReader.Item) item).position());
                    return false;
                }
                // a line's own length; an array element, the body read since the one before (the parser reads ahead)
                long bytes = item instanceof EventReader.RawLine line ? line.bytes().length + 1 : counted.take();
                evaluator.add(item, bytes);
                return true;
            };
            if (ndjsonIn) {
                owner.reader.lines(counted, next::test);
            } else {
                owner.reader.array(counted, next::test);
            }
            totals = evaluator.finish();
        } finally {
            evaluator.abandon();
        }
    }

    @Override
    public EventReader.Item parse(Object raw) {
        return raw instanceof EventReader.RawLine line ? owner.reader.parse(line) : (EventReader.Item) raw;
    }

    /** On a worker: the alerts as JSON text for a collected answer (none once it is full), as lines for a stream. */
    @Override
    public Object shape(EventReader.Item item, Evaluation evaluation) {
        if (answer != null && answer.full()) {
            return null;
        }
        List<Object> shaped = owner.alerts(detector, evaluation, item.event(), options);
        return answer == null ? alertLines(item, shaped) : json(shaped);
    }

    @Override
    public void measured(Evaluation evaluation, long nanos) {
        owner.metrics.record(evaluation, nanos);
    }

    @Override
    public void decided(EventReader.Item item, Evaluation evaluation, Object shaped) {
        if (evaluation.matched()) {
            // in input order on the request thread, as answered (also when a full answer leaves them out)
            owner.outputs.publish(detector, evaluation.alerts());
        }
        if (answer != null) {
            if (evaluation.matched() || !evaluation.failures().isEmpty()) {
                if (evaluation.matched() && shaped == null) {
                    answer.leaveOut(evaluation.alerts().size()); // the answer was full when a worker shaped them
                } else {
                    answer.add(item.position(), index(item), line(item), shaped == null ? List.of() : raw(shaped));
                }
            }
        } else {
            writeBytes((byte[]) shaped);
        }
        for (Evaluation.RuleFailure failure : evaluation.failures()) {
            error(new BatchResponse.ItemError(index(item), line(item), null, failure.ruleId(), failure.message()));
        }
    }

    @Override
    public void rejected(EventReader.Item item, RuntimeException failure) {
        owner.metrics.rejected();
        error(
                failure == null
                        ? new BatchResponse.ItemError(index(item), line(item), item.column(), null, item.error())
                        : new BatchResponse.ItemError(
                                index(item), line(item), null, null, EventFailure.describe(failure)));
    }

    /** What the stateful rules, the ticks or the chain released for {@code item}: added to its results. */
    @Override
    public boolean released(EventReader.Item item, Evaluation released, boolean chained) {
        List<RawValue> written = null;
        byte[] lines = null;
        try {
            List<Object> shaped = owner.alerts(detector, released, item.event(), options);
            if (answer != null) {
                written = json(shaped);
            } else {
                lines = alertLines(item, shaped);
            }
        } catch (RuntimeException e) {
            // one event's failure (a time out of range, a value that cannot be written) is that event's error
            failed(item, e);
            return false;
        }
        owner.metrics.alerts(released);
        owner.outputs.publish(detector, released.alerts());
        if (answer != null) {
            answer.add(item.position(), index(item), line(item), written);
        } else {
            writeBytes(lines);
        }
        for (Evaluation.RuleFailure failure : released.failures()) {
            error(new BatchResponse.ItemError(index(item), line(item), null, failure.ruleId(), failure.message()));
        }
        return true;
    }

    @Override
    public void failed(EventReader.Item item, RuntimeException failure) {
        error(new BatchResponse.ItemError(index(item), line(item), null, null, EventFailure.describe(failure)));
    }

    /** A streamed event's alert lines, written out before any reaches the answer, so a failure cuts none. */
    private byte[] alertLines(EventReader.Item item, List<Object> shaped) {
        java.io.ByteArrayOutputStream lines = new java.io.ByteArrayOutputStream();
        for (Object alert : shaped) {
            lines.writeBytes(owner.json.writeValueAsBytes(line("alert", item, Map.of("alert", alert))));
            lines.write('\n');
        }
        return lines.toByteArray();
    }

    private void error(BatchResponse.ItemError error) {
        errors++;
        if (answer != null) {
            answer.error(error);
        } else {
            write(errorLine(error));
        }
    }

    /**
     * Each alert as JSON text, as the answer will carry it: written as UTF-8 here, so that a value UTF-8 cannot
     * hold (half a surrogate pair from a {@code \\ud800} escape) fails its own event, not the answer.
     */
    private List<RawValue> json(List<Object> shaped) {
        List<RawValue> out = new ArrayList<>(shaped.size());
        for (Object alert : shaped) {
            out.add(new RawValue(
                    new String(owner.json.writeValueAsBytes(alert), java.nio.charset.StandardCharsets.UTF_8)));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static List<RawValue> raw(Object written) {
        return (List<RawValue>) written;
    }

    private Integer index(EventReader.Item item) {
        return ndjsonIn ? null : item.position();
    }

    private Integer line(EventReader.Item item) {
        return ndjsonIn ? item.position() : null;
    }

    private static Map<String, Object> errorLine(BatchResponse.ItemError error) {
        return line(
                "error",
                error.index(),
                error.line(),
                Map.of("message", error.message()),
                error.ruleId(),
                error.column());
    }

    private Map<String, Object> line(String type, EventReader.Item item, Map<String, Object> body) {
        return line(type, index(item), line(item), body, null, null);
    }

    private static Map<String, Object> line(
            String type, Integer index, Integer line, Map<String, Object> body, String ruleId, Integer column) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("type", type);
        if (index != null) {
            out.put("index", index);
        }
        if (line != null) {
            out.put("line", line);
        }
        if (column != null) {
            out.put("column", column);
        }
        if (ruleId != null) {
            out.put("rule_id", ruleId);
        }
        out.putAll(body);
        return out;
    }

    private void write(Object line) {
        try {
            out.write(owner.json.writeValueAsBytes(line));
            out.write('\n');
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void writeBytes(byte[] lines) {
        if (lines == null) {
            return;
        }
        try {
            out.write(lines);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** After each chunk: what was found so far goes out now (the answer streams). */
    @Override
    public void afterChunk() {
        if (out != null) {
            try {
                out.flush();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    /** The body, counting the bytes read from it, so each array element can be weighed by what it took. */
    private static final class Counted extends FilterInputStream {
        private long read;
        private long taken;

        Counted(InputStream in) {
            super(in);
        }

        /** Bytes read since the last call. */
        long take() {
            long bytes = read - taken;
            taken = read;
            return bytes;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            read += b < 0 ? 0 : 1;
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            read += Math.max(0, n);
            return n;
        }
    }
}
