package io.verdict.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.verdict.config.VerdictProperties;
import io.verdict.engine.CompiledRule;
import io.verdict.engine.Detections;
import io.verdict.engine.Detector;
import io.verdict.engine.EsqlExplainer;
import io.verdict.engine.Evaluation;
import io.verdict.engine.Plan;
import io.verdict.engine.Selection;
import io.verdict.event.Event;
import io.verdict.explain.Clause;
import io.verdict.explain.Explainer;
import io.verdict.explain.SequenceExplainer;
import io.verdict.explain.SequenceExplanation;
import io.verdict.query.Budget;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.PushbackInputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Why a rule did or did not match an event. */
@RestController
@Tag(name = "Rules")
class ExplainController {

    private final Detections detections;
    private final EventReader reader;
    private static final int MAX_EVENTS = 1000;

    private final Explainer explainer;
    private final SequenceExplainer sequences;
    private final EsqlExplainer esql;

    /** What the rule may spend per event explained, as when it evaluates them. */
    private final Duration budget;

    ExplainController(
            Detections detections, VerdictProperties properties, io.verdict.event.Schema schema, Clock clock) {
        this.detections = detections;
        this.explainer = new Explainer(schema, clock);
        this.sequences = new SequenceExplainer(schema);
        this.esql = new EsqlExplainer(schema, clock);
        this.reader = new EventReader(properties.evaluate());
        this.budget = properties.evaluate().ruleBudget();
    }

    /** The answer: the verdict as the evaluate API gives it, and the clause tree behind it. */
    record ExplainResponse(
            String ruleId,
            String name,
            String language,
            String coverage,
            boolean routed,
            boolean matched,
            Object alert,
            Clause explanation) {}

    /**
     * The answer for an ES|QL rule: the query run over the posted events as one window, per command the rows in
     * and out, the groups of an aggregating query and the rows (alerts) it answers.
     */
    record EsqlExplainResponse(
            String ruleId,
            String name,
            String language,
            String coverage,
            boolean matched,
            EsqlExplainer.Explanation explanation) {}

    /** The answer for a sequence or sample rule: the verdict, and the matcher's account of it per join key. */
    record SequenceExplainResponse(
            String ruleId,
            String name,
            String language,
            String coverage,
            boolean matched,
            SequenceExplanation explanation) {}

    @PostMapping(
            path = "/api/v1/rules/{rule_id}/_explain",
            consumes = {
                MediaType.APPLICATION_JSON_VALUE,
                EvaluateController.NDJSON,
                EvaluateController.NDJSON_STANDARD,
                EvaluateController.JSONL
            },
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "Explain a rule on an event, or a sequence rule on events",
            description = """
            The rule's query as a tree of clauses, each decided on its own against the posted event, with the values \
            it read; for a non-match the clauses that decided it are marked decisive, with a hint where the cause is \
            a common trap (== is case-sensitive while : is not, a missing field). For an EQL sequence or sample rule \
            post one event or several (a JSON array, or application/x-ndjson): they run through the engine's own \
            matcher in a fresh state, in event time (order=time, as a batch feeds stateful rules) or as posted \
            (order=given), and the answer gives per join key the sequences completed, the stage each one in progress \
            waits for, and every step (maxspan and until included) in words, and per event each stage's clauses.""",
            requestBody =
                    @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            required = true,
                            content =
                                    @Content(
                                            mediaType = MediaType.APPLICATION_JSON_VALUE,
                                            schema = @io.swagger.v3.oas.annotations.media.Schema(type = "object"),
                                            examples = @ExampleObject(value = EvaluateController.RCLONE_EVENT))))
    @ApiResponse(responseCode = "200", description = "the explanation")
    Object explain(
            @PathVariable("rule_id") String ruleId,
            HttpServletRequest request,
            @Parameter(
                            description = "sequences and samples: feed the events in event time (time, default) or"
                                    + " as posted (given)")
                    @RequestParam(defaultValue = "time")
                    String order)
            throws IOException {
        if (!order.equals("time") && !order.equals("given")) {
            throw new InvalidParameterException("order", order, List.of("time", "given"));
        }
        Detector detector = detections.current();
        CompiledRule rule = detector.find(ruleId).orElseThrow(() -> new RuleNotFoundException(ruleId));
        List<Event> events = read(request);
        if (rule.esql() != null && rule.esql().unsupported() == null) {
            EsqlExplainer.Explanation explanation =
                    withinBudget(ruleId, events.size(), () -> esql.explain(rule, events));
            return new EsqlExplainResponse(
                    ruleId,
                    rule.rule().name(),
                    "esql",
                    rule.coverage().reason(),
                    !explanation.rows().isEmpty(),
                    explanation);
        }
        if (SequenceExplainer.explains(rule)) {
            List<Integer> feed = new ArrayList<>();
            for (int i = 0; i < events.size(); i++) {
                feed.add(i);
            }
            String orderName = "as posted";
            if (order.equals("time")) {
                // the order a batch feeds the rule: its time, its tiebreaker, ties (and events without, last) as posted
                Comparator<Event> byTime = io.verdict.engine.FeedOrder.of(rule);
                feed.sort(Comparator.<Integer, Event>comparing(events::get, byTime)
                        .thenComparingInt(i -> i));
                orderName = "event time (the rule's timestamp_override, else @timestamp), then its tiebreaker_field,"
                        + " then as posted";
            }
            String ordered = orderName;
            SequenceExplanation explanation =
                    withinBudget(ruleId, events.size(), () -> sequences.explain(detector, rule, events, feed, ordered));
            return new SequenceExplainResponse(
                    ruleId,
                    rule.rule().name(),
                    rule.rule().language().map(l -> l.id()).orElse(null),
                    rule.coverage().reason(),
                    !explanation.alerts().isEmpty(),
                    explanation);
        }
        if (events.size() != 1) {
            throw new BadInputException(
                    HttpStatus.UNPROCESSABLE_CONTENT,
                    "not-explainable",
                    "Rule " + ruleId + " decides each event on its own: post one event (" + events.size()
                            + " were posted).",
                    null,
                    null);
        }
        Event event = events.get(0);
        Clause explanation;
        try {
            explanation = withinBudget(ruleId, 1, () -> explainer.explain(rule.rule(), event));
        } catch (IllegalArgumentException e) {
            throw new BadInputException(
                    HttpStatus.UNPROCESSABLE_CONTENT, "not-explainable", e.getMessage(), null, null);
        }
        // a stateful rule explained on one event starts from empty state, the service's own left untouched
        Plan plan = detector.plan(new Selection(Set.of(ruleId), Set.of(), Set.of()), Plan.Unrouted.ALL_RULES)
                .withState(new io.verdict.engine.StateStore(100_000, 1_000_000))
                .withBudget(budget);
        Evaluation evaluation = plan.evaluate(event, false);
        return new ExplainResponse(
                ruleId,
                rule.rule().name(),
                rule.rule().language().map(l -> l.id()).orElse(null),
                rule.coverage().reason(),
                evaluation.notRouted() == 0,
                explanation.result(),
                evaluation.alerts().isEmpty() ? null : evaluation.alerts().get(0),
                explanation);
    }

    /**
     * Runs an explanation under the rule's evaluation budget, once per event explained: every clause is decided
     * (no short cut), so a rule that is dear on the event would otherwise hold the request for as long as it takes.
     */
    private <T> T withinBudget(String ruleId, int events, Supplier<T> explanation) {
        if (budget.isZero() || budget.isNegative()) {
            return explanation.get();
        }
        Budget meter = Budget.open(budget.toNanos() * events);
        try {
            return explanation.get();
        } catch (Budget.Exceeded e) {
            throw new BadInputException(
                    HttpStatus.UNPROCESSABLE_CONTENT,
                    "budget-exceeded",
                    "Explaining rule "
                            + ruleId + " on the posted event" + (events == 1 ? "" : "s")
                            + " took longer than its evaluation"
                            + " budget (verdict.evaluate.rule-budget, " + budget.toMillis()
                            + " ms per event): it is skipped"
                            + " on such events and reported as budget_exceeded.",
                    null,
                    null);
        } finally {
            meter.close();
        }
    }

    /** One event (a JSON object), several (a JSON array, or NDJSON), at most {@value #MAX_EVENTS}. */
    private List<Event> read(HttpServletRequest request) throws IOException {
        List<Event> events = new ArrayList<>();
        java.util.function.Predicate<EventReader.Item> sink = item -> {
            if (item.event() == null) {
                throw new BadInputException(HttpStatus.BAD_REQUEST, "not-an-object", item.error(), null, item.column());
            }
            if (events.size() == MAX_EVENTS) {
                throw BadInputException.tooLarge("Explain takes at most " + MAX_EVENTS + " events.");
            }
            events.add(item.event());
            return true;
        };
        String type = request.getContentType();
        if (EvaluateController.ndjson(type)) {
            reader.ndjson(request.getInputStream(), sink);
            return events;
        }
        PushbackInputStream body = new PushbackInputStream(request.getInputStream(), 1);
        int first = body.read();
        while (first == ' ' || first == '\n' || first == '\r' || first == '\t') {
            first = body.read();
        }
        if (first >= 0) {
            body.unread(first);
        }
        if (first == '[') {
            reader.array(body, sink);
        } else {
            events.add(reader.single(body));
        }
        if (events.isEmpty()) {
            throw new BadInputException(
                    HttpStatus.BAD_REQUEST,
                    "empty-body",
                    "Post one event, or several as a JSON" + " array or NDJSON.",
                    null,
                    null);
        }
        return events;
    }
}
