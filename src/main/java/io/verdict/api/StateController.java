package io.verdict.api;

import java.io.IOException;
import java.util.Map;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.verdict.config.VerdictProperties;
import io.verdict.engine.Detections;
import io.verdict.engine.Plan;
import io.verdict.engine.Selection;
import jakarta.servlet.http.HttpServletRequest;

/** The state stateful rules keep across requests: feed history, look at it, reset it. */
@RestController
@RequestMapping("/api/v1/state")
@Tag(name = "State", description = "What threshold and new_terms rules remember across requests")
class StateController {

    private final Detections detections;
    private final EventReader reader;
    private final VerdictProperties.Evaluate limits;

    StateController(Detections detections, VerdictProperties properties) {
        this.detections = detections;
        this.limits = properties.evaluate();
        this.reader = new EventReader(limits);
    }

    /** How many events were learned, and how many items were not events. */
    record LearnResponse(int events, int rejected, Map<String, Map<String, Long>> state) {
    }

    @PostMapping(path = "/_learn", consumes = {MediaType.APPLICATION_JSON_VALUE, EvaluateController.NDJSON})
    @Operation(summary = "Feed history without alerting", description = """
            A fresh service has seen nothing, so every value a new_terms rule meets first looks new. Post past events \
            (a JSON array or NDJSON, as for /evaluate/_batch): new_terms rules remember their combinations at the \
            events' own times, and no alert is raised.""")
    LearnResponse learn(HttpServletRequest request) throws IOException {
        Plan plan = detections.plan(Selection.ALL, limits.unroutedEvents());
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
        if (request.getContentType() != null && request.getContentType().startsWith(EvaluateController.NDJSON)) {
            reader.ndjson(request.getInputStream(), sink);
        } else {
            reader.array(request.getInputStream(), sink);
        }
        return new LearnResponse(counts[0], counts[1], detections.state().stats());
    }

    @GetMapping
    @Operation(summary = "State per rule", description = "Per stateful rule: the groups (threshold) or terms"
            + " (new_terms) it remembers, and how many it evicted to stay within its bound.")
    Map<String, Map<String, Long>> state() {
        return detections.state().stats();
    }

    @DeleteMapping
    @Operation(summary = "Reset all state", description = "Forgets every group and term (for tests and replays).")
    ResponseEntity<Void> reset() {
        detections.state().clear();
        return ResponseEntity.noContent().build();
    }
}
