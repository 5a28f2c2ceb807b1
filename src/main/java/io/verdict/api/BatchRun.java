package io.verdict.api;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.verdict.api.EvaluateController.Options;
import io.verdict.engine.Detector;
import io.verdict.engine.Evaluation;
import io.verdict.engine.Plan;

/**
 * One batch request: reads its items, evaluates them, and collects or streams the answer. Items are read on
 * the request thread and counted there against the limits; past one chunk they are parsed (NDJSON) and
 * evaluated on all cores by a {@link ChunkedPipeline}, and accounted for back on the request thread in input
 * order, so the answer is the same as evaluating them one by one.
 */
final class BatchRun {

    /** Items per chunk handed to a worker: large enough to amortise the hand-over, small enough to stream. */
    private static final int CHUNK = 256;

    /**
     * An event waiting for the stateful rules whose queries it passes ({@code stateful}): its time, then its
     * place in the batch, order them.
     */
    private record Deferred(EventReader.Item item, int[] stateful, long time, int order) {
    }

    /**
     * One item evaluated: its alerts already shaped for the response (none when it is not an event), when streamed
     * already written as alert lines, the stateful rules to feed it to and its time for them.
     */
    private record Outcome(EventReader.Item item, Evaluation evaluation, List<Object> alerts, byte[] lines,
                           int[] stateful, long time) {
    }

    private final EvaluateController owner;
    private final Detector detector;
    private final Plan plan;
    private final Options options;
    private final boolean ndjsonIn;
    private final List<BatchResponse.Result> results = new ArrayList<>();
    /** Events kept for the stateful rules, fed in (time, input order) once the batch is read. */
    private final List<Deferred> deferred = new ArrayList<>();
    private final Map<Integer, Integer> resultAt = new java.util.HashMap<>();
    private final java.util.Set<Integer> matchedItems = new java.util.HashSet<>();
    private final List<BatchResponse.ItemError> errors = new ArrayList<>();
    private OutputStream out;
    private int items;
    private int events;
    private int matched;
    private int alerts;
    private long notRouted;

    BatchRun(EvaluateController owner, Detector detector, Plan plan, Options options, boolean ndjsonIn) {
        this.owner = owner;
        this.detector = detector;
        this.plan = plan;
        this.options = options;
        this.ndjsonIn = ndjsonIn;
    }

    BatchResponse collect(java.io.InputStream body) {
        run(body, first -> {
            throw BadInputException.tooLarge("The batch has more than " + owner.limits.maxBatchEvents()
                    + " events; split it.");
        });
        return new BatchResponse(items, events, matched, alerts, plan.evaluating(), plan.skipped(), notRouted,
                results, errors);
    }

    /**
     * The collected answer as JSON. Should a result not be writable after all (a value with no JSON form), it
     * becomes an error of its event and the rest is answered.
     */
    byte[] collectJson(java.io.InputStream body) {
        BatchResponse answer = collect(body);
        try {
            return owner.json.writeValueAsBytes(answer);
        } catch (tools.jackson.core.JacksonException e) {
            List<BatchResponse.Result> kept = new ArrayList<>();
            for (BatchResponse.Result result : results) {
                try {
                    owner.json.writeValueAsBytes(result);
                    kept.add(result);
                } catch (tools.jackson.core.JacksonException unwritable) {
                    matched--;
                    alerts -= result.alerts().size();
                    errors.add(new BatchResponse.ItemError(result.index(), result.line(), null, null,
                            EventFailure.describe(unwritable)));
                }
            }
            return owner.json.writeValueAsBytes(new BatchResponse(items, events, matched, alerts, plan.evaluating(),
                    plan.skipped(), notRouted, kept, errors));
        }
    }

    void stream(java.io.InputStream body, OutputStream out) throws IOException {
        this.out = out;
        BatchResponse.ItemError[] overflow = new BatchResponse.ItemError[1];
        run(body, first -> overflow[0] = new BatchResponse.ItemError(ndjsonIn ? null : first, ndjsonIn ? first : null,
                null, null, "the batch has more than " + owner.limits.maxBatchEvents() + " events; the rest is not read"));
        if (overflow[0] != null) {
            errors.add(overflow[0]);
            write(errorLine(overflow[0]));
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
        summary.put("errors", errors.size());
        write(summary);
        out.flush();
    }

    /**
     * Reads, evaluates and accounts for every item; {@code overLimit} gets (on the request thread) the position
     * (line or index) of the first item past the batch limit, which is then neither counted nor read further.
     */
    private void run(java.io.InputStream body, java.util.function.IntConsumer overLimit) {
        ChunkedPipeline<Object, Outcome> pipeline = new ChunkedPipeline<>(this::evaluate, this::account,
                this::flush, CHUNK);
        try {
            java.util.function.Predicate<Object> next = item -> {
                if (++items > owner.limits.maxBatchEvents()) {
                    items--;
                    overLimit.accept(item instanceof EventReader.RawLine line ? line.number()
                            : ((EventReader.Item) item).position());
                    return false;
                }
                pipeline.add(item);
                return true;
            };
            if (ndjsonIn) {
                owner.reader.lines(body, next::test);
            } else {
                owner.reader.array(body, next::test);
            }
            pipeline.finish();
            feedStateful();
        } finally {
            pipeline.abandon();
        }
    }

    /**
     * The stateful rules over the batch's events in event-time order (ties in input order), as Elasticsearch
     * orders a search; their alerts join the results of the events that completed them.
     */
    private void feedStateful() {
        deferred.sort(java.util.Comparator.comparingLong(Deferred::time).thenComparingInt(Deferred::order));
        for (Deferred d : deferred) {
            EventReader.Item item = d.item();
            Evaluation stateful;
            List<Object> shaped;
            byte[] lines;
            try {
                stateful = plan.feed(item.event(), d.stateful(), options.includeEvent());
                if (!stateful.matched() && stateful.failures().isEmpty()) {
                    continue;
                }
                shaped = owner.alerts(detector, stateful, item.event(), options);
                lines = out == null ? null : alertLines(item, shaped);
            } catch (RuntimeException e) {
                BatchResponse.ItemError error = new BatchResponse.ItemError(index(item), line(item), null, null,
                        EventFailure.describe(e));
                errors.add(error);
                if (out != null) {
                    write(errorLine(error));
                }
                continue;
            }
            owner.metrics.alerts(stateful);
            alerts += stateful.alerts().size();
            if (stateful.matched() && matchedItems.add(item.position())) {
                matched++;
            }
            int errorsBefore = errors.size();
            for (Evaluation.RuleFailure failure : stateful.failures()) {
                errors.add(new BatchResponse.ItemError(index(item), line(item), null, failure.ruleId(), failure.message()));
            }
            if (out == null) {
                Integer at = resultAt.get(item.position());
                if (at == null) {
                    resultAt.put(item.position(), results.size());
                    results.add(new BatchResponse.Result(index(item), line(item), shaped));
                } else {
                    List<Object> both = new ArrayList<>(results.get(at).alerts());
                    both.addAll(shaped);
                    results.set(at, new BatchResponse.Result(index(item), line(item), both));
                }
                continue;
            }
            writeBytes(lines);
            errors.subList(errorsBefore, errors.size()).forEach(error -> write(errorLine(error)));
        }
        deferred.clear();
        results.sort(java.util.Comparator.comparingInt(r -> r.index() != null ? r.index() : r.line()));
    }

    /** On a worker: parses a raw line, evaluates an event, shapes its alerts. */
    private Outcome evaluate(Object read) {
        EventReader.Item item = read instanceof EventReader.RawLine line ? owner.reader.parse(line)
                : (EventReader.Item) read;
        if (item.event() == null) {
            return new Outcome(item, null, List.of(), null, null, 0);
        }
        try {
            Plan.Decided decided = owner.decide(plan, item.event(), options);
            Evaluation evaluation = decided.evaluation();
            List<Object> shaped = evaluation.matched() ? owner.alerts(detector, evaluation, item.event(), options)
                    : List.of();
            long time = decided.stateful().length > 0 ? TimeOrder.of(item.event()) : 0;
            byte[] lines = out != null && !shaped.isEmpty() ? alertLines(item, shaped) : null;
            return new Outcome(item, evaluation, shaped, lines, decided.stateful(), time);
        } catch (RuntimeException e) {
            // one event's failure (a time out of range, a value that cannot be written) is that event's error
            return new Outcome(new EventReader.Item(item.position(), null, EventFailure.describe(e), null), null,
                    List.of(), null, null, 0);
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
        int errorsBefore = errors.size();
        Evaluation evaluation = outcome.evaluation();
        List<Object> shaped = outcome.alerts();
        if (evaluation != null && outcome.stateful().length > 0) {
            // stateful rules need the batch's events in time order: they get them after the last one is read
            deferred.add(new Deferred(item, outcome.stateful(), outcome.time(), deferred.size()));
        }
        if (evaluation != null && evaluation.matched()) {
            matchedItems.add(item.position());
        }
        if (evaluation == null) {
            owner.metrics.rejected();
            errors.add(new BatchResponse.ItemError(index(item), line(item), item.column(), null, item.error()));
        } else {
            events++;
            notRouted += evaluation.notRouted();
            if (evaluation.matched()) {
                matched++;
                alerts += evaluation.alerts().size();
            }
            for (Evaluation.RuleFailure failure : evaluation.failures()) {
                errors.add(new BatchResponse.ItemError(index(item), line(item), null, failure.ruleId(), failure.message()));
            }
        }
        if (out == null) {
            if (evaluation != null && (evaluation.matched() || !evaluation.failures().isEmpty())) {
                resultAt.put(item.position(), results.size());
                results.add(new BatchResponse.Result(index(item), line(item), shaped));
            }
            return;
        }
        writeBytes(outcome.lines());
        errors.subList(errorsBefore, errors.size()).forEach(error -> write(errorLine(error)));
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
}
