package io.verdict.api;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;

/** The verdict on one event. */
@Schema(
        description = "The verdict on one event: the alerts of the rules that matched, and how every selected"
                + " rule was accounted for")
record EvaluateResponse(
        @Schema(description = "whether any rule matched") boolean matched,

        @Schema(description = "one per matching rule: the Verdict alert, or with format=kibana a Kibana alert document")
        List<Object> alerts,

        @Schema(description = "rules that decided the event", example = "1269")
        int evaluatedRules,

        @Schema(description = "rules passed over because they do not search the event's index", example = "0")
        int notRoutedRules,

        @Schema(
                description = "selected rules not decided event by event, by reason",
                example = "{\"needs_state:eql_sequence\": 198, \"engine_not_built:esql\": 209}")
        Map<String, Integer> skippedRules,

        @Schema(description = "rules that failed on this event; the others still answered")
        List<RuleError> errors,

        @Schema(
                description = "what was taken off the body to reach the event, outermost first; absent for an event"
                        + " sent as itself",
                example = "[\"elasticsearch_hit\", \"kibana_alert\"]",
                allowableValues = {"elasticsearch_search_response", "elasticsearch_hit", "kibana_alert"})
        List<String> envelope,

        @Schema(
                description = "what the reader should know about how the event was read: what was unwrapped, or that"
                        + " it holds none of the fields the selected rules read",
                example = "[\"no field the selected rules read is present; is the event wrapped?\"]")
        List<String> warnings) {

    /** A rule that failed at run time on an event: {@code reason} {@code error}, or {@code budget_exceeded}. */
    record RuleError(String ruleId, String reason, String message) {}
}
