package io.verdict.api;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;

/** A page of the alert feed. */
@Schema(description = "Released alerts, oldest first, and where to read on from")
record AlertFeedResponse(
        @Schema(description = "the alerts found, oldest first")
        List<FeedAlert> alerts,

        @Schema(description = "pass as after= to read on: the last sequence number looked at", example = "1042")
        long next,

        @Schema(
                description = "the sequence number of the oldest alert the feed still keeps; absent when it keeps none",
                example = "1")
        Long oldest,

        @Schema(
                description = "alerts after the cursor that the feed dropped (past its bounds) before they were read",
                example = "0")
        long missed,

        @Schema(
                description = "what the reader should know: a rule_id no loaded rule has, a cursor from before a"
                        + " restart, alerts missed")
        List<String> notices) {

    /** One released alert. */
    @Schema(description = "An alert as released, with its place in the feed")
    record FeedAlert(
            @Schema(
                    description = "one above the alert released before it; restarts at 1 with the service",
                    example = "1042")
            long seq,

            @Schema(description = "when it was released") Instant releasedAt,

            @Schema(description = "the Verdict alert, or with format=kibana the Kibana alert document")
            Object alert) {}
}
