package io.verdict.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;

/** The verdicts on a batch: counts, the events that matched, and every item that could not be evaluated. */
@Schema(
        description = "Verdicts on a batch. results lists only the events that matched or on which a rule failed;"
                + " an event is named by its 0-based index in a JSON array or its 1-based line in NDJSON")
record BatchResponse(
        @Schema(description = "items read (events and bad items)")
        int items,

        @Schema(description = "events evaluated") int events,

        @Schema(description = "events with at least one alert")
        int matchedEvents,

        @Schema(description = "alerts over all events") int alerts,

        @Schema(description = "rules that decide events one at a time")
        int evaluatingRules,

        @Schema(description = "selected rules not decided event by event, by reason")
        Map<String, Integer> skippedRules,

        @Schema(description = "rule-event pairs passed over by index routing")
        long notRouted,

        @Schema(
                description = "events taken out of an envelope, by its kind; absent when none was",
                example = "{\"elasticsearch_hit\": 1000}")
        Map<String, Integer> unwrapped,

        List<Result> results,

        @Schema(description = "items that are not events, and rules that failed on an event")
        List<ItemError> errors,

        @Schema(
                description = "whether results or errors were left out to keep the answer within"
                        + " verdict.evaluate.max-answer-size (the counts still cover every event)")
        boolean truncated,

        @Schema(description = "alerts counted but not shown (only when truncated)")
        Integer omittedAlerts,

        @Schema(description = "errors counted but not shown (only when truncated)")
        Integer omittedErrors,

        @Schema(
                description = "what the reader should know: why the answer was truncated, that the stateful"
                        + " rules saw the batch in several windows of event-time order, or that events hold none of the"
                        + " fields the selected rules read")
        List<String> notices) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "BatchResult", description = "an event that matched or on which a rule failed, and its alerts")
    record Result(Integer index, Integer line, List<Object> alerts) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "BatchItemError", description = "an item that is not an event, or a rule that failed on an event")
    record ItemError(Integer index, Integer line, Integer column, String ruleId, String message) {}
}
