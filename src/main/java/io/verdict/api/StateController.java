package io.verdict.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.verdict.config.VerdictProperties;
import io.verdict.engine.Detections;
import io.verdict.engine.Plan;
import io.verdict.engine.Selection;
import io.verdict.output.AlertOutputs;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The state stateful rules keep across requests: feed history, look at it, reset it. */
@RestController
@Tag(name = "State", description = "What threshold and new_terms rules remember across requests")
class StateController {

    private final Detections detections;
    private final EventReader reader;
    private final VerdictProperties.Evaluate limits;

    private final AlertOutputs outputs;

    StateController(Detections detections, VerdictProperties properties, AlertOutputs outputs) {
        this.detections = detections;
        this.outputs = outputs;
        this.limits = properties.evaluate();
        this.reader = new EventReader(limits);
    }

    /** How many events were learned, and how many items were not events. */
    record LearnResponse(int events, int rejected, StateView state) {}

    /**
     * What the stateful rules remember: in total (estimated bytes, the budget now, entries, evictions) and per rule
     * ({@code groups}, {@code terms} or {@code keys} and {@code pending}, {@code evictions}, {@code memory_bytes}).
     */
    record StateView(
            long memoryBytes,
            long maxMemoryBytes,
            long maxMemoryBytesPerRule,
            long entries,
            long evictions,
            java.time.Instant eventTime,
            Map<String, Map<String, Long>> rules) {

        static StateView of(io.verdict.engine.StateStore store) {
            Map<String, Map<String, Long>> rules = store.stats();
            long entries = 0;
            long evictions = 0;
            for (Map<String, Long> rule : rules.values()) {
                entries += rule.getOrDefault(
                        "groups",
                        rule.getOrDefault("terms", rule.getOrDefault("keys", rule.getOrDefault("documents", 0L))));
                evictions += rule.getOrDefault("evictions", 0L);
            }
            long latest = store.latestEventTime();
            return new StateView(
                    store.memoryBytes(),
                    store.maxMemoryBytes(),
                    store.maxMemoryBytesPerRule(),
                    entries,
                    evictions,
                    latest == Long.MIN_VALUE ? null : java.time.Instant.ofEpochMilli(latest),
                    rules);
        }
    }

    @PostMapping(
            path = "/api/v1/state/_learn",
            consumes = {
                MediaType.APPLICATION_JSON_VALUE,
                EvaluateController.NDJSON,
                EvaluateController.NDJSON_STANDARD,
                EvaluateController.JSONL
            })
    @Operation(summary = "Feed history without alerting", description = """
            A fresh service has seen nothing, so every value a new_terms rule meets first looks new. Post past events \
            (a JSON array or NDJSON, as for /evaluate/_batch): new_terms rules remember their combinations at the \
            events' own times, and no alert is raised.""")
    LearnResponse learn(HttpServletRequest request) throws IOException {
        Plan plan = detections.plan(Selection.ALL, limits.unroutedEvents()).withBudget(limits.ruleBudget());
        int[] counts = new int[2];
        java.util.function.Predicate<EventReader.Item> sink = item -> {
            if (item.event() == null) {
                counts[1]++;
            } else {
                plan.learn(item.event());
                counts[0]++;
            }
            return counts[0] + counts[1] <= limits.maxBatchEvents();
        };
        if (EvaluateController.ndjson(request.getContentType())) {
            reader.ndjson(request.getInputStream(), sink);
        } else {
            reader.array(request.getInputStream(), sink);
        }
        return new LearnResponse(counts[0], counts[1], StateView.of(detections.state()));
    }

    /** Event time after the move, and the alerts of the ES|QL ticks it passed. */
    record AdvanceResponse(java.time.Instant eventTime, int released, java.util.List<io.verdict.engine.Alert> alerts) {}

    @PostMapping("/api/v1/state/_advance")
    @Operation(summary = "Move event time", description = """
            ES|QL rules that aggregate run at the ticks of their schedule in event time, which moves with the events             posted (their ingest time, else @timestamp, less verdict.state.allowed-lateness). For replays, tests and             quiet streams, move it to `to` (an ISO-8601 time; event time never moves back): every tick it passes             runs, and its alerts are the answer.""")
    AdvanceResponse advance(@RequestParam String to) {
        java.time.Instant at;
        try {
            at = java.time.Instant.parse(to);
        } catch (java.time.format.DateTimeParseException e) {
            throw new BadInputException(
                    org.springframework.http.HttpStatus.BAD_REQUEST,
                    "invalid-parameter",
                    "Parameter 'to' must be an ISO-8601 instant such as 2026-01-01T00:00:00Z, not '"
                            + (to.length() > 64 ? to.substring(0, 64) + "…" : to) + "'.",
                    null,
                    null);
        }
        io.verdict.engine.Detector detector = detections.current();
        Plan plan = detector.plan(Selection.ALL, limits.unroutedEvents())
                .withState(detections.state())
                .withBudget(limits.ruleBudget());
        io.verdict.engine.Evaluation released = plan.advance(at.toEpochMilli(), false);
        released = released.plus(outputs.release(detector, released.alerts(), false));
        long latest = detections.state().latestEventTime();
        return new AdvanceResponse(
                java.time.Instant.ofEpochMilli(latest), released.alerts().size(), released.alerts());
    }

    @GetMapping("/api/v1/state")
    @Operation(
            summary = "State in total and per rule",
            description = "The estimated bytes all stateful rules hold,"
                    + " their budget now (lower than configured while the heap is under pressure), entries and evictions;"
                    + " per rule the groups (threshold), terms (new_terms) or keys and pending sequences (EQL) it remembers,"
                    + " how many it evicted to stay within its bounds, and its estimated bytes.")
    StateView state() {
        return StateView.of(detections.state());
    }

    /** A partial sequence: which rule, which join keys, how far it got, until when it can complete. */
    record PendingView(
            String ruleId,
            String ruleName,
            java.util.List<String> joinKeys,
            int stagesMatched,
            int totalStages,
            java.time.Instant firstEventTime,
            java.time.Instant lastEventTime,
            java.time.Instant expiresAt) {}

    @GetMapping("/api/v1/sequences/pending")
    @Operation(
            summary = "Partial sequences",
            description = "Sequences begun but not completed: rule, join keys,"
                    + " stages matched out of total, first and last event time, expiry — \"2 of 3 steps seen on host X\"."
                    + " Filter by rule_id and by a join-key value.")
    java.util.List<PendingView> pending(
            @RequestParam(name = "rule_id", required = false) String ruleId,
            @RequestParam(required = false) String key) {
        var detector = detections.current();
        if (ruleId != null) {
            // a filter that selects nothing is said, not answered with an empty list
            var rule = detector.find(ruleId)
                    .orElseThrow(() -> new UnknownSelectionException(
                            "The rule selection names" + " what no loaded rule has: rule_id '" + ruleId + "'.",
                            java.util.Map.of("rule_id", java.util.List.of(ruleId)),
                            SelectionCheck.TYPES));
            if (rule.coverage() != io.verdict.engine.Coverage.EQL_SEQUENCE) {
                throw new BadInputException(
                        org.springframework.http.HttpStatus.BAD_REQUEST,
                        "not-a-sequence-rule",
                        "Rule " + ruleId + " is not an EQL sequence rule ("
                                + rule.coverage().reason() + "): only sequence rules have pending sequences.",
                        null,
                        null);
            }
        }
        java.util.List<PendingView> out = new java.util.ArrayList<>();
        detections.state().pendingSequences().forEach((id, pending) -> {
            if (ruleId != null && !ruleId.equals(id)) {
                return;
            }
            String name = detector.find(id).map(r -> r.rule().name()).orElse(id);
            for (var p : pending) {
                java.util.List<String> keys = p.key().render();
                if (key == null || keys.contains(key)) {
                    out.add(new PendingView(
                            id,
                            name,
                            keys,
                            p.stagesMatched(),
                            p.totalStages(),
                            java.time.Instant.ofEpochMilli(p.firstEventTime()),
                            java.time.Instant.ofEpochMilli(p.lastEventTime()),
                            p.expiresAt() == Long.MAX_VALUE ? null : java.time.Instant.ofEpochMilli(p.expiresAt())));
                }
            }
        });
        return out;
    }

    @DeleteMapping("/api/v1/state")
    @Operation(summary = "Reset all state", description = "Forgets every group and term (for tests and replays).")
    ResponseEntity<Void> reset() {
        detections.state().clear();
        return ResponseEntity.noContent().build();
    }
}
