package io.verdict.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.verdict.engine.CompiledRule;
import io.verdict.engine.Detections;
import io.verdict.engine.ExceptionMatcher;
import io.verdict.event.Event;
import io.verdict.event.EventPredicate;
import io.verdict.event.Schema;
import io.verdict.lifecycle.RuleChangeException;
import io.verdict.lifecycle.RuleChanges;
import io.verdict.query.Problem;
import io.verdict.rule.ExceptionItem;
import io.verdict.rule.ExceptionItems;
import io.verdict.rule.Rule;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A rule's exception items, with Kibana's semantics: list, add, replace, delete (each a change with a new
 * revision, stored with the rule), and a preview that tells which alerts candidate items would suppress.
 */
@RestController
@RequestMapping("/api/v1/rules/{rule_id}/exceptions")
@Tag(name = "Rule exceptions", description = "Kibana exception items per rule: CRUD and preview")
class ExceptionController {

    private final RuleChanges changes;
    private final Detections detections;
    private final JsonMapper json;
    private final Schema schema;
    private final Clock clock;

    ExceptionController(RuleChanges changes, Detections detections, JsonMapper json, Schema schema, Clock clock) {
        this.schema = schema;
        this.clock = clock;
        this.changes = changes;
        this.detections = detections;
        this.json = json;
    }

    @GetMapping
    @Operation(summary = "List a rule's exception items")
    List<Map<String, Object>> list(@PathVariable("rule_id") String ruleId) {
        return rule(ruleId).exceptions().stream().map(ExceptionItems::toPlain).toList();
    }

    @GetMapping("/{item_id}")
    @Operation(summary = "Get one exception item")
    Map<String, Object> get(@PathVariable("rule_id") String ruleId, @PathVariable("item_id") String itemId) {
        return rule(ruleId).exceptions().stream()
                .filter(i -> i.itemId().equals(itemId))
                .findFirst()
                .map(ExceptionItems::toPlain)
                .orElseThrow(() -> notFound(ruleId, itemId));
    }

    @PostMapping
    @Operation(
            summary = "Add exception items",
            description =
                    "Takes one Kibana exception item (field, operator,"
                            + " type, value entries) or an array; an item without item_id gets a UUID. 409 if an item_id exists.")
    ResponseEntity<ChangeResponse> add(
            @PathVariable("rule_id") String ruleId, @RequestBody JsonNode body, HttpServletRequest request) {
        RuleLifecycleController.checkId(ruleId);
        List<ExceptionItem> added = items(body);
        RuleChanges.Applied applied = changes.editExceptions(
                ruleId,
                current -> {
                    List<String> taken =
                            current.stream().map(ExceptionItem::itemId).toList();
                    List<String> clash = added.stream()
                            .map(ExceptionItem::itemId)
                            .filter(taken::contains)
                            .toList();
                    if (!clash.isEmpty()) {
                        throw new RuleChangeException(
                                RuleChangeException.Kind.CONFLICT,
                                "Exception item " + String.join(", ", clash) + " already exists on rule " + ruleId
                                        + ".",
                                List.of(),
                                clash);
                    }
                    List<ExceptionItem> next = new ArrayList<>(current);
                    next.addAll(added);
                    return next;
                },
                RuleLifecycleController.actor(request));
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(new ChangeResponse(
                        List.of(applied),
                        added.stream()
                                .map(i -> "added exception item " + i.itemId())
                                .toList(),
                        List.of()));
    }

    @PutMapping("/{item_id}")
    @Operation(summary = "Replace an exception item")
    ChangeResponse replace(
            @PathVariable("rule_id") String ruleId,
            @PathVariable("item_id") String itemId,
            @RequestBody JsonNode body,
            HttpServletRequest request) {
        RuleLifecycleController.checkId(ruleId);
        List<ExceptionItem> read = items(body);
        if (read.size() != 1) {
            throw new BadInputException(
                    HttpStatus.BAD_REQUEST, "one-item-expected", "PUT takes one exception item.", null, null);
        }
        ExceptionItem item = read.get(0);
        ExceptionItem replacement = item.withId(itemId);
        RuleChanges.Applied applied = changes.editExceptions(
                ruleId,
                current -> {
                    if (current.stream().noneMatch(i -> i.itemId().equals(itemId))) {
                        throw notFound(ruleId, itemId);
                    }
                    return current.stream()
                            .map(i -> i.itemId().equals(itemId) ? replacement : i)
                            .toList();
                },
                RuleLifecycleController.actor(request));
        return new ChangeResponse(List.of(applied), List.of("replaced exception item " + itemId), List.of());
    }

    @DeleteMapping("/{item_id}")
    @Operation(summary = "Delete an exception item")
    ChangeResponse delete(
            @PathVariable("rule_id") String ruleId,
            @PathVariable("item_id") String itemId,
            HttpServletRequest request) {
        RuleLifecycleController.checkId(ruleId);
        RuleChanges.Applied applied = changes.editExceptions(
                ruleId,
                current -> {
                    if (current.stream().noneMatch(i -> i.itemId().equals(itemId))) {
                        throw notFound(ruleId, itemId);
                    }
                    return current.stream()
                            .filter(i -> !i.itemId().equals(itemId))
                            .toList();
                },
                RuleLifecycleController.actor(request));
        return new ChangeResponse(List.of(applied), List.of("deleted exception item " + itemId), List.of());
    }

    /** Preview answer: per event whether the rule alerts now, and which candidate items would suppress it. */
    record PreviewResponse(int events, int alerts, int suppressed, List<PreviewResult> results) {}

    record PreviewResult(int index, boolean alert, List<String> suppressedBy) {}

    @PostMapping("/_preview")
    @Operation(
            summary = "Preview exception items",
            description = "Body {\"items\": [...], \"events\": [...]}:"
                    + " evaluates the rule (with its current exceptions) on each event and tells which of the candidate"
                    + " items would suppress each alert. Nothing is saved.")
    PreviewResponse preview(@PathVariable("rule_id") String ruleId, @RequestBody JsonNode body) {
        rule(ruleId);
        List<ExceptionItem> candidates = items(body.path("items"));
        CompiledRule compiled = detections.current().find(ruleId).orElseThrow(() -> notFound(ruleId, null));
        if (compiled.matcher() == null) {
            throw new BadInputException(
                    HttpStatus.BAD_REQUEST,
                    "rule-not-evaluated",
                    "Rule " + ruleId + " is not" + " evaluated event by event ("
                            + compiled.coverage().reason() + "), so there is nothing to preview.",
                    null,
                    null);
        }
        List<EventPredicate> matchers = candidates.stream()
                .map(item -> ExceptionMatcher.item(item, schema, clock))
                .toList();
        JsonNode events = body.path("events");
        if (!events.isArray()) {
            throw new BadInputException(
                    HttpStatus.BAD_REQUEST, "not-an-array", "'events' must be an array of events.", null, null);
        }
        List<PreviewResult> results = new ArrayList<>();
        int alerts = 0;
        int suppressed = 0;
        for (int i = 0; i < events.size(); i++) {
            if (!events.get(i).isObject()) {
                throw new BadInputException(
                        HttpStatus.BAD_REQUEST, "not-an-object", "events[" + i + "] is not a JSON object.", null, null);
            }
            Event event = Event.of(events.get(i));
            boolean alert = compiled.matcher().matches(event);
            List<String> by = new ArrayList<>();
            if (alert) {
                alerts++;
                for (int j = 0; j < matchers.size(); j++) {
                    if (matchers.get(j).matches(event)) {
                        by.add(candidates.get(j).itemId());
                    }
                }
                suppressed += by.isEmpty() ? 0 : 1;
            }
            results.add(new PreviewResult(i, alert, by));
        }
        return new PreviewResponse(events.size(), alerts, suppressed, results);
    }

    private List<ExceptionItem> items(JsonNode body) {
        if (body == null || body.isMissingNode() || body.isNull()) {
            throw new BadInputException(
                    HttpStatus.BAD_REQUEST, "no-items", "No exception items in the body.", null, null);
        }
        Object plain = json.convertValue(body, Object.class);
        List<?> raw = plain instanceof List<?> list ? list : List.of(plain);
        List<String> problems = new ArrayList<>();
        List<ExceptionItem> out = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            ExceptionItems.read(raw.get(i), raw.size() == 1 ? "item" : "items[" + i + "]", problems)
                    .ifPresent(item -> out.add(
                            item.itemId() != null
                                    ? item
                                    : item.withId(UUID.randomUUID().toString())));
        }
        if (!problems.isEmpty()) {
            throw new RuleChangeException(
                    RuleChangeException.Kind.INVALID,
                    String.join("; ", problems),
                    problems.stream()
                            .map(p -> new Problem("exception item", 1, 1, p, null, 0))
                            .toList(),
                    List.of());
        }
        return out;
    }

    private Rule rule(String ruleId) {
        return changes.snapshot()
                .source(ruleId)
                .map(s -> s.rule())
                .orElseThrow(() -> new RuleNotFoundException(ruleId));
    }

    private static RuleChangeException notFound(String ruleId, String itemId) {
        return new RuleChangeException(
                RuleChangeException.Kind.NOT_FOUND,
                itemId == null
                        ? "No rule with rule_id '" + ruleId + "' is loaded."
                        : "Rule " + ruleId + " has no exception item '" + itemId + "'.",
                List.of(),
                List.of(ruleId));
    }
}
