package io.verdict.api;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.verdict.api.EvaluateController.Options;
import io.verdict.engine.Detector;
import io.verdict.engine.Evaluation;
import io.verdict.engine.Plan;
import tools.jackson.databind.util.RawValue;

/**
 * One batch request: reads its items, evaluates them, and collects or streams the answer. Items are read on
 * the request thread and counted there against the limits; past one chunk they are parsed (NDJSON) and
 * evaluated on all cores by a {@link ChunkedPipeline}, and accounted for back on the request thread in input
 * order, so the answer is the same as evaluating them one by one.
 *
 * <p>What it holds is bounded whatever the batch: chunks in flight by count and bytes; the events waiting for the
 * stateful rules by {@code statefulWindow} bytes of their JSON (past it they are fed in event-time order and a new
 * window begins); a collected answer by {@code maxAnswerSize} ({@link BatchAnswer}); a streamed answer holds
 * nothing but counts.
 */
final class BatchRun {

    /** Items per chunk handed to a worker: large enough to amortise the hand-over, small enough to stream. */
    private static final int CHUNK = 256;
    /** Input bytes per chunk at most (besides the one item that crosses it), so a chunk of large events stays small. */
    private static final long CHUNK_BYTES = 1 << 20;
    /** What a held event costs besides its JSON: the records, its parsed fields, the list slot. */
    private static final int HELD_EVENT = 400;

    /**
     * An event waiting for the stateful rules whose queries it passes ({@code stateful}): its time, then its
     * place in the batch, order them.
     */
    private record Deferred(EventReader.Item item, int[] stateful, long time, int order) {
    }

    /** An item as read, with the bytes of the body it took. */
    private record Read(Object item, int bytes) {
    }

    /**
     * One item evaluated: its alerts already shaped for the response (as JSON text when the answer is collected,
     * as alert lines when it streams; none when it is not an event), the stateful rules to feed it to, its time for
     * them and the bytes of the body it took.
     */
    private record Outcome(EventReader.Item item, Evaluation evaluation, List<Object> alerts, byte[] lines,
                           int[] stateful, long time, int bytes, boolean readsNothing, List<String> looping) {
    }

    /** Positions of events named in a notice, at most; the count covers them all. */
    private static final int NAMED = 5;

    private final EvaluateController owner;
    private final Detector detector;
    private final Plan plan;
    private final Options options;
    private final boolean ndjsonIn;
    private final long statefulWindow;
    /** The collected answer; null when it streams. */
    private BatchAnswer answer;
    /** Events kept for the stateful rules, fed in (time, input order) once the batch or the window is read. */
    private final List<Deferred> deferred = new ArrayList<>();
    private long deferredBytes;
    /** The event of the batch latest in event time, which moves event time for the ES|QL rules' ticks. */
    private EventReader.Item latestItem;
    private long latestTime;
    private int windows;
    private final BitSet matchedItems = new BitSet();
    private OutputStream out;
    private int items;
    private int events;
    private int matched;
    private int alerts;
    private int errors;
    private long notRouted;
    /** Events taken out of an envelope, by the outermost envelope's kind. */
    private final Map<String, Integer> unwrapped = new java.util.TreeMap<>();
    /** Events holding none of the fields the selected rules read, and the first few of them. */
    private int readingNothing;
    private final List<Integer> readingNothingAt = new ArrayList<>(NAMED);
    /** Alert documents a rule did not decide because it made one of their ancestors: documents per rule. */
    private final Map<String, Integer> looping = new java.util.TreeMap<>();

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
            throw BadInputException.tooLarge("The batch has more than " + owner.limits.maxBatchEvents()
                    + " events; split it.");
        });
        List<String> notices = new ArrayList<>(2);
        if (answer.truncated()) {
            notices.add(answer.notice());
        }
        windowNotice().ifPresent(notices::add);
        readingNothingNotice().ifPresent(notices::add);
        loopingNotice().ifPresent(notices::add);
        return new BatchResponse(items, events, matched, alerts, plan.evaluating(), plan.skipped(), notRouted,
                unwrapped.isEmpty() ? null : Map.copyOf(unwrapped),
                answer.results(), answer.errors(), answer.truncated(),
                answer.truncated() ? answer.omittedAlerts() : null, answer.truncated() ? answer.omittedErrors() : null,
                notices.isEmpty() ? null : notices);
    }

    void stream(InputStream body, OutputStream out) throws IOException {
        this.out = out;
        BatchResponse.ItemError[] overflow = new BatchResponse.ItemError[1];
        run(body, first -> overflow[0] = new BatchResponse.ItemError(ndjsonIn ? null : first, ndjsonIn ? first : null,
                null, null, "the batch has more than " + owner.limits.maxBatchEvents() + " events; the rest is not read"));
        if (overflow[0] != null) {
            error(overflow[0]);
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("type", "summary");
        summary.put("items", items);
        summary.put("events", events);
        summary.put("matched_events", matched);
        summary.put("alerts", alerts);
        summary.put("evaluating_rules", plan.evaluating());
        summary.put("skipped_rules", plan.skipped());
        summary.put("not_routed", notRouted);
        summary.put("errors", errors);
        if (!unwrapped.isEmpty()) {
            summary.put("unwrapped", unwrapped);
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
        if (readingNothing == 0) {
            return java.util.Optional.empty();
        }
        String where = (ndjsonIn ? "line" : "index") + (readingNothingAt.size() > 1 ? "s " : " ")
                + readingNothingAt.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(", "))
                + (readingNothing > readingNothingAt.size() ? ", …" : "");
        return java.util.Optional.of(readingNothing + (readingNothing == 1 ? " event holds" : " events hold")
                + " none of the fields the selected rules read (" + where + "); are they wrapped?");
    }

    /** Rules that passed over alert documents, as Kibana drops alerts that would loop back to their rule. */
    private java.util.Optional<String> loopingNotice() {
        if (looping.isEmpty()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of("Alert documents not decided by a rule that made one of their ancestors, as an"
                + " alert on them would loop back to it (Kibana drops such alerts): " + looping.entrySet().stream()
                .map(e -> "rule " + e.getKey() + " (" + e.getValue() + (e.getValue() == 1 ? " document)" : " documents)"))
                .collect(java.util.stream.Collectors.joining(", ")) + ".");
    }

    private java.util.Optional<String> windowNotice() {
        return windows <= 1 ? java.util.Optional.empty() : java.util.Optional.of("The stateful rules saw this batch"
                + " in " + windows + " windows of event-time order, each at most " + (statefulWindow >> 10) + " KB"
                + " of events (verdict.evaluate.stateful-window); an event earlier than the window before it was"
                + " taken as events across requests are.");
    }

    /**
     * Reads, evaluates and accounts for every item; {@code overLimit} gets (on the request thread) the position
     * (line or index) of the first item past the batch limit, which is then neither counted nor read further.
     */
    private void run(InputStream body, java.util.function.IntConsumer overLimit) {
        ChunkedPipeline<Read, Outcome> pipeline = new ChunkedPipeline<>(this::evaluate, this::account,
                this::flush, CHUNK, CHUNK_BYTES);
        Counted counted = new Counted(body);
        try {
            java.util.function.Predicate<Object> next = item -> {
                if (++items > owner.limits.maxBatchEvents()) {
                    items--;
                    overLimit.accept(item instanceof EventReader.RawLine line ? line.number()
                            : ((EventReader.Item) item).position());
                    return false;
                }
                // a line's own length; an array element, the body read since the one before (the parser reads ahead)
                long bytes = item instanceof EventReader.RawLine line ? line.bytes().length + 1 : counted.take();
                pipeline.add(new Read(item, (int) Math.min(Integer.MAX_VALUE, bytes)), bytes);
                return true;
            };
            if (ndjsonIn) {
                owner.reader.lines(counted, next::test);
            } else {
                owner.reader.array(counted, next::test);
            }
            pipeline.finish();
            feedStateful();
            releaseTicks();
        } finally {
            pipeline.abandon();
        }
    }

    /**
     * The stateful rules over the held events in event-time order (ties in input order), as Elasticsearch orders
     * a search; their alerts join the results of the events that completed them.
     */
    private void feedStateful() {
        if (deferred.isEmpty()) {
            return;
        }
        windows++;
        deferred.sort(java.util.Comparator.comparingLong(Deferred::time).thenComparingInt(Deferred::order));
        for (Deferred d : deferred) {
            if (plan.windowed() && d.time() != Long.MAX_VALUE) {
                // the ticks this event's time passes run before it joins their windows (it is later than they are)
                emit(d.item(), () -> plan.advance(d.time(), options.includeEvent()));
            }
            emit(d.item(), () -> plan.feed(d.item().event(), d.stateful(), options.includeEvent()));
        }
        deferred.clear();
        deferredBytes = 0;
    }

    /**
     * The ticks of ES|QL rules the batch's latest event time passed, once its every event is in: their alerts join
     * the results of the event that moved event time furthest.
     */
    private void releaseTicks() {
        if (latestItem != null) {
            emit(latestItem, () -> plan.advance(latestTime, options.includeEvent()));
        }
    }

    /** Adds what a stateful step decided (fed an event, ran the ticks it passed) to the results of {@code item}. */
    private void emit(EventReader.Item item, java.util.function.Supplier<Evaluation> step) {
        {
            Evaluation stateful;
            List<RawValue> written = null;
            byte[] lines = null;
            try {
                stateful = step.get();
                if (!stateful.matched() && stateful.failures().isEmpty()) {
                    return;
                }
                List<Object> shaped = owner.alerts(detector, stateful, item.event(), options);
                if (answer != null) {
                    written = json(shaped);
                } else {
                    lines = alertLines(item, shaped);
                }
            } catch (RuntimeException e) {
                // one event's failure (a time out of range, a value that cannot be written) is that event's error
                error(new BatchResponse.ItemError(index(item), line(item), null, null, EventFailure.describe(e)));
                return;
            }
            owner.metrics.alerts(stateful);
            owner.outputs.publish(detector, stateful.alerts());
            alerts += stateful.alerts().size();
            if (stateful.matched() && !matchedItems.get(item.position())) {
                matchedItems.set(item.position());
                matched++;
            }
            if (answer != null) {
                answer.add(item.position(), index(item), line(item), written);
            } else {
                writeBytes(lines);
            }
            for (Evaluation.RuleFailure failure : stateful.failures()) {
                error(new BatchResponse.ItemError(index(item), line(item), null, failure.ruleId(), failure.message()));
            }
            chain(item, stateful.alerts());
        }
    }

    /**
     * What the rules over the alerts index make of {@code released}, the alerts of {@code item}: added to its
     * results and released like them. Their own alerts are not chained again (one level), so this ends there.
     */
    private void chain(EventReader.Item item, List<io.verdict.engine.Alert> released) {
        if (released.isEmpty()) {
            return;
        }
        Evaluation chained = owner.outputs.chain(detector, released, options.includeEvent());
        if (chained.matched() || !chained.failures().isEmpty()) {
            emit(item, () -> chained);
        }
    }

    /** On a worker: parses a raw line, evaluates an event, shapes its alerts (as JSON text for a collected answer). */
    private Outcome evaluate(Read read) {
        EventReader.Item item = read.item() instanceof EventReader.RawLine line ? owner.reader.parse(line)
                : (EventReader.Item) read.item();
        if (item.event() == null) {
            return new Outcome(item, null, List.of(), null, null, 0, read.bytes(), false, List.of());
        }
        try {
            Plan.Decided decided = owner.decide(plan, item.event(), options);
            Evaluation evaluation = decided.evaluation();
            List<Object> shaped = evaluation.matched() && (answer == null || !answer.full())
                    ? owner.alerts(detector, evaluation, item.event(), options) : List.of();
            long time = decided.stateful().length > 0 || plan.windowed() ? TimeOrder.of(item.event()) : 0;
            boolean readsNothing = !evaluation.matched() && plan.readsNothingOf(item.event());
            List<String> loops = item.event().alertDocument() == null ? List.of() : plan.loopingRules(item.event());
            if (answer == null) {
                byte[] lines = shaped.isEmpty() ? null : alertLines(item, shaped);
                return new Outcome(item, evaluation, shaped, lines, decided.stateful(), time, read.bytes(), readsNothing,
                        loops);
            }
            return new Outcome(item, evaluation, List.<Object>copyOf(json(shaped)), null, decided.stateful(), time,
                    read.bytes(), readsNothing, loops);
        } catch (RuntimeException e) {
            // one event's failure (a time out of range, a value that cannot be written) is that event's error
            return new Outcome(new EventReader.Item(item.position(), null, EventFailure.describe(e), null), null,
                    List.of(), null, null, 0, read.bytes(), false, List.of());
        }
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

    /** On the request thread, in input order: counts, errors, results or streamed lines. */
    private void account(Outcome outcome) {
        EventReader.Item item = outcome.item();
        Evaluation evaluation = outcome.evaluation();
        List<Object> shaped = outcome.alerts();
        if (evaluation != null && outcome.stateful().length > 0) {
            // stateful rules need the batch's events in time order: they get them after the window is read
            deferred.add(new Deferred(item, outcome.stateful(), outcome.time(), deferred.size()));
            deferredBytes += outcome.bytes() + HELD_EVENT;
        }
        if (evaluation != null && evaluation.matched()) {
            matchedItems.set(item.position());
        }
        if (evaluation != null && plan.windowed() && outcome.time() != Long.MAX_VALUE
                && (latestItem == null || outcome.time() > latestTime)) {
            latestTime = outcome.time();
            latestItem = item;
        }
        List<BatchResponse.ItemError> found = new ArrayList<>(0);
        if (evaluation == null) {
            owner.metrics.rejected();
            found.add(new BatchResponse.ItemError(index(item), line(item), item.column(), null, item.error()));
        } else {
            events++;
            notRouted += evaluation.notRouted();
            if (!item.event().envelope().isEmpty()) {
                unwrapped.merge(item.event().envelope().get(0), 1, Integer::sum);
            }
            outcome.looping().forEach(ruleId -> looping.merge(ruleId, 1, Integer::sum));
            if (outcome.readsNothing()) {
                if (readingNothing++ < NAMED) {
                    readingNothingAt.add(item.position());
                }
            }
            if (evaluation.matched()) {
                matched++;
                alerts += evaluation.alerts().size();
                // in input order on the request thread, as answered (also when a full answer leaves them out)
                owner.outputs.publish(detector, evaluation.alerts());
            }
            for (Evaluation.RuleFailure failure : evaluation.failures()) {
                found.add(new BatchResponse.ItemError(index(item), line(item), null, failure.ruleId(), failure.message()));
            }
        }
        if (answer != null) {
            if (evaluation != null && (evaluation.matched() || !evaluation.failures().isEmpty())) {
                if (evaluation.matched() && shaped.isEmpty()) {
                    answer.leaveOut(evaluation.alerts().size()); // the answer was full when a worker shaped them
                } else {
                    answer.add(item.position(), index(item), line(item), raw(shaped));
                }
            }
        } else {
            writeBytes(outcome.lines());
        }
        found.forEach(this::error);
        if (evaluation != null) {
            chain(item, evaluation.alerts());
        }
        if (deferredBytes >= statefulWindow) {
            feedStateful();
        }
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
            out.add(new RawValue(new String(owner.json.writeValueAsBytes(alert), java.nio.charset.StandardCharsets.UTF_8)));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static List<RawValue> raw(List<Object> written) {
        return (List<RawValue>) (List<?>) written;
    }

    private Integer index(EventReader.Item item) {
        return ndjsonIn ? null : item.position();
    }

    private Integer line(EventReader.Item item) {
        return ndjsonIn ? item.position() : null;
    }

    private static Map<String, Object> errorLine(BatchResponse.ItemError error) {
        return line("error", error.index(), error.line(), Map.of("message", error.message()), error.ruleId(),
                error.column());
    }

    private Map<String, Object> line(String type, EventReader.Item item, Map<String, Object> body) {
        return line(type, index(item), line(item), body, null, null);
    }

    private static Map<String, Object> line(String type, Integer index, Integer line, Map<String, Object> body,
                                            String ruleId, Integer column) {
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
    private void flush() {
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
