package io.verdict.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.verdict.config.VerdictProperties;
import io.verdict.engine.Alert;
import io.verdict.engine.Coverage;
import io.verdict.engine.Detections;
import io.verdict.engine.Detector;
import io.verdict.engine.IndicatorIntake;
import io.verdict.engine.IndicatorSummary;
import io.verdict.engine.Plan;
import io.verdict.engine.Selection;
import io.verdict.event.Event;
import io.verdict.event.stix.Conversion;
import io.verdict.event.stix.StixBundles;
import io.verdict.event.stix.StixException;
import io.verdict.output.AlertOutputs;
import jakarta.servlet.http.HttpServletRequest;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Threat indicators for the indicator match rules: taken in as ECS documents or STIX 2.1 bundles, counted, and
 * forgotten. Indicators also arrive in the event stream, when an event is routed to a rule's {@code threat_index}.
 */
@RestController
@Tag(name = "Indicators", description = "Threat indicators the indicator match rules compare events with")
class IndicatorController {

    static final String STIX = "application/stix+json";
    /** Documents handed to the engine at once: large enough to amortise, small enough to hold. */
    private static final int CHUNK = 1_000;

    private final Detections detections;
    private final EventReader reader;
    private final VerdictProperties.Evaluate limits;
    private final AlertOutputs outputs;

    IndicatorController(Detections detections, VerdictProperties properties, AlertOutputs outputs) {
        this.detections = detections;
        this.outputs = outputs;
        this.limits = properties.evaluate();
        this.reader = new EventReader(limits);
    }

    /**
     * What a post of indicators did.
     *
     * @param received documents read (after STIX conversion: the documents it made)
     * @param kept     documents kept by at least one indicator match rule; one replaces the kept one of its
     *                 {@code _id}
     * @param accepted per rule_id, the documents the rule took
     * @param rejected the documents or items no rule took, with why
     * @param alerts   the alerts the new indicators completed: recent events within a rule's look-back that had
     *                 not alerted yet
     * @param stix     for a STIX body: its objects, the indicator objects not converted and why
     * @param notices  what the answer would otherwise leave unsaid (no indicator match rule loaded, a batch cut
     *                 short)
     */
    record IndicatorPostResponse(
            int received,
            int kept,
            Map<String, Integer> accepted,
            List<RejectedView> rejected,
            List<Alert> alerts,
            StixView stix,
            List<String> notices) {}

    /**
     * A document or item not taken.
     *
     * @param position          its place in the body (array element or NDJSON line from 0; for STIX the converted
     *                          document's place)
     * @param id                its {@code _id}, when it has one
     * @param reason            why: the furthest check it failed over all indicator match rules ({@code index},
     *                          {@code threat_query}, {@code threat_filters}, {@code expired}, {@code no_mapped_field},
     *                          {@code no_rule}), or why the item is not a document
     * @param lacksMappedFields it has no value of any indicator field any rule maps
     */
    record RejectedView(int position, String id, String reason, Boolean lacksMappedFields) {}

    /**
     * What the STIX conversion did.
     *
     * @param objects      STIX objects read
     * @param indicators   ECS indicator documents made
     * @param skippedTypes objects that are not indicators, by type (identities and markings are read for the
     *                     provider and TLP)
     * @param rejected     indicator objects not converted: their place among the objects, STIX id and why
     */
    record StixView(int objects, int indicators, Map<String, Integer> skippedTypes, List<StixRejected> rejected) {}

    /** An indicator object not converted: its place among the bundle's objects, its STIX id, and why. */
    record StixRejected(int index, String id, String reason) {}

    @PostMapping(
            path = "/api/v1/indicators",
            consumes = {
                MediaType.APPLICATION_JSON_VALUE,
                EvaluateController.NDJSON,
                EvaluateController.NDJSON_STANDARD,
                EvaluateController.JSONL,
                STIX
            },
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Add threat indicators", description = """
            ECS threat indicator documents, as Elastic's threat intel integrations write them (threat.indicator.*, \
            event.kind enrichment, data streams logs-ti_*): a JSON array, an Elasticsearch search answer (its \
            hits.hits), NDJSON, or a STIX 2.1 bundle (application/stix+json; its indicator objects with simple \
            patterns are converted). Each indicator match rule takes the documents in its threat_index (a document \
            naming no index is in every one) that pass its threat_query and threat_filters at event time; a document \
            replaces the kept one of the same _id. The answer counts them, says why each document no rule took was \
            refused, and holds the alerts the new indicators completed on recent events.""")
    @ApiResponse(
            responseCode = "200",
            description = "what was kept, refused and completed",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schema = @Schema(implementation = IndicatorPostResponse.class)))
    IndicatorPostResponse add(
            HttpServletRequest request,
            @Parameter(description = "include the event in each alert")
                    @RequestParam(name = "include_event", defaultValue = "false")
                    boolean includeEvent)
            throws IOException {
        Detector detector = detections.current();
        Plan plan = detector.plan(Selection.ALL, limits.unroutedEvents())
                .withState(detections.state())
                .withBudget(limits.ruleBudget());
        Intake intake = new Intake(detector, plan, includeEvent);
        String contentType = request.getContentType();
        StixView stix = null;
        if (contentType != null && EvaluateController.names(contentType, STIX)) {
            stix = stix(request.getInputStream(), intake);
        } else if (EvaluateController.ndjson(contentType)) {
            reader.ndjson(request.getInputStream(), intake::offer);
        } else {
            reader.array(request.getInputStream(), intake::offer);
        }
        intake.flush();
        intake.rejected.sort(java.util.Comparator.comparingInt(RejectedView::position));
        List<String> notices = new ArrayList<>(2);
        if (detector.rules().stream().noneMatch(r -> r.coverage() == Coverage.THREAT_MATCH)) {
            notices.add("No indicator match rule is loaded: no indicator was kept.");
        }
        if (intake.cut) {
            notices.add("The body has more than " + limits.maxBatchEvents() + " documents; those after document "
                    + limits.maxBatchEvents() + " were not read. Send them in another request.");
        }
        return new IndicatorPostResponse(
                intake.received,
                intake.kept,
                intake.accepted,
                intake.rejected,
                intake.alerts,
                stix,
                notices.isEmpty() ? null : notices);
    }

    private StixView stix(InputStream body, Intake intake) {
        Conversion conversion;
        try {
            conversion = StixBundles.convert(
                    new BufferedInputStream(
                            new LimitedInputStream(body, limits.maxBatchSize().toBytes())),
                    StixBundles.Limits.DEFAULT);
        } catch (StixException e) {
            if (e.getMessage().startsWith("the body is over a limit")) {
                throw BadInputException.tooLarge(e.getMessage() + ".");
            }
            throw new BadInputException(
                    HttpStatus.BAD_REQUEST,
                    "invalid-stix",
                    e.getMessage(),
                    e.line() > 0 ? e.line() : null,
                    e.column() > 0 ? e.column() : null);
        }
        int position = 0;
        for (var document : conversion.indicators()) {
            if (!intake.offer(new EventReader.Item(position++, Event.of(document), null, null))) {
                break;
            }
        }
        return new StixView(
                conversion.objects(),
                conversion.indicators().size(),
                conversion.skippedTypes(),
                conversion.rejected().stream()
                        .map(r -> new StixRejected(r.index(), r.id(), r.reason()))
                        .toList());
    }

    /** Documents handed to the engine a chunk at a time, so a large body is never held whole. */
    private final class Intake {
        private final Detector detector;
        private final Plan plan;
        private final boolean includeEvent;
        private final List<Event> chunk = new ArrayList<>(CHUNK);
        private final List<Integer> positions = new ArrayList<>(CHUNK);
        private final Map<String, Integer> accepted = new TreeMap<>();
        private final List<RejectedView> rejected = new ArrayList<>();
        private final List<Alert> alerts = new ArrayList<>();
        private int received;
        private int kept;
        private boolean cut;

        Intake(Detector detector, Plan plan, boolean includeEvent) {
            this.detector = detector;
            this.plan = plan;
            this.includeEvent = includeEvent;
        }

        boolean offer(EventReader.Item item) {
            if (received == limits.maxBatchEvents()) {
                cut = true;
                return false;
            }
            received++;
            if (item.event() == null) {
                rejected.add(new RejectedView(item.position(), null, item.error(), null));
                return true;
            }
            chunk.add(item.event());
            positions.add(item.position());
            if (chunk.size() == CHUNK) {
                flush();
            }
            return true;
        }

        void flush() {
            if (chunk.isEmpty()) {
                return;
            }
            IndicatorIntake done = plan.ingestIndicators(List.copyOf(chunk), includeEvent);
            kept += done.kept();
            done.accepted().forEach((rule, n) -> accepted.merge(rule, n, Integer::sum));
            for (IndicatorIntake.Rejected r : done.rejected()) {
                rejected.add(new RejectedView(positions.get(r.position()), r.id(), r.reason(), r.lacksMappedFields()));
            }
            alerts.addAll(done.alerts());
            // released as they complete, with what the rules over the alerts index make of them
            alerts.addAll(outputs.release(detector, done.alerts(), includeEvent).alerts());
            chunk.clear();
            positions.clear();
        }
    }

    @GetMapping(path = "/api/v1/indicators", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "Indicators kept",
            description = "How many indicators are kept (each once, however many"
                    + " rules use it), per indicator match rule (indicators, events waiting within the look-back, expired,"
                    + " evictions, memory), per provider and per type; the bound and how many were dropped past it.")
    IndicatorSummary summary() {
        return detections.plan(Selection.ALL, limits.unroutedEvents()).indicatorSummary();
    }

    @DeleteMapping("/api/v1/indicators")
    @Operation(
            summary = "Forget every indicator",
            description = "Forgets every indicator and every event waiting"
                    + " for one, for all indicator match rules; the other state stays.")
    ResponseEntity<Void> clear() {
        detections.plan(Selection.ALL, limits.unroutedEvents()).clearIndicators();
        return ResponseEntity.noContent().build();
    }
}
