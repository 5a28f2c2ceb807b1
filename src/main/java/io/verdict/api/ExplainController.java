package io.verdict.api;

import java.io.IOException;
import java.time.Clock;
import java.util.Set;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.verdict.config.VerdictProperties;
import io.verdict.engine.CompiledRule;
import io.verdict.engine.Detections;
import io.verdict.engine.Evaluation;
import io.verdict.engine.Plan;
import io.verdict.engine.Selection;
import io.verdict.event.Event;
import io.verdict.explain.Clause;
import io.verdict.explain.Explainer;
import jakarta.servlet.http.HttpServletRequest;

/** Why a rule did or did not match an event. */
@RestController
@Tag(name = "Rules")
class ExplainController {

    private final Detections detections;
    private final EventReader reader;
    private final Explainer explainer = new Explainer(io.verdict.event.Schema.ecs(), Clock.systemUTC());

    ExplainController(Detections detections, VerdictProperties properties) {
        this.detections = detections;
        this.reader = new EventReader(properties.evaluate());
    }

    /** The answer: the verdict as the evaluate API gives it, and the clause tree behind it. */
    record ExplainResponse(String ruleId, String name, String language, String coverage, boolean routed,
                           boolean matched, Object alert, Clause explanation) {
    }

    @PostMapping(path = "/api/v1/rules/{ruleId}/_explain", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Explain a rule on an event", description = """
            The rule's query as a tree of clauses, each decided on its own against the posted event, with the values \
            it read; for a non-match the clauses that decided it are marked decisive, with a hint where the cause is \
            a common trap (== is case-sensitive while : is not, a missing field).""",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @io.swagger.v3.oas.annotations.media.Schema(type = "object"),
                    examples = @ExampleObject(value = EvaluateController.RCLONE_EVENT))))
    @ApiResponse(responseCode = "200", description = "the explanation")
    @ApiResponse(responseCode = "404", description = "no loaded rule has this rule_id",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "422", description = "the rule has no single-event query to explain",
            content = @Content(mediaType = "application/problem+json"))
    ExplainResponse explain(@PathVariable String ruleId, HttpServletRequest request) throws IOException {
        CompiledRule rule = detections.current().find(ruleId).orElseThrow(() -> new RuleNotFoundException(ruleId));
        Event event = reader.single(request.getInputStream());
        Clause explanation;
        try {
            explanation = explainer.explain(rule.rule(), event);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(HttpStatus.UNPROCESSABLE_CONTENT, "not-explainable", e.getMessage(), null, null);
        }
        Plan plan = detections.current().plan(new Selection(Set.of(ruleId), Set.of(), Set.of()), Plan.Unrouted.ALL_RULES);
        Evaluation evaluation = plan.evaluate(event, false);
        return new ExplainResponse(ruleId, rule.rule().name(), rule.rule().language().map(l -> l.id()).orElse(null),
                rule.coverage().reason(), evaluation.notRouted() == 0, explanation.result(),
                evaluation.alerts().isEmpty() ? null : evaluation.alerts().get(0), explanation);
    }
}
