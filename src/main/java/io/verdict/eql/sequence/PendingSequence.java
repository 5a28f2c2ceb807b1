package io.verdict.eql.sequence;

/**
 * A partial sequence as a playbook sees it: "2 of 3 steps seen on host X". Rule-agnostic; the caller adds the rule.
 *
 * @param stagesMatched  stages matched so far (missing-event stages not counted)
 * @param totalStages    stages an event must match (runs expanded, missing-event stages not counted)
 * @param firstEventTime epoch millis of its first event
 * @param lastEventTime  epoch millis of its latest event
 * @param expiresAt      epoch millis after which it can no longer complete (maxspan; for a sequence waiting on a
 *                       trailing missing event, when it will be returned); {@link Long#MAX_VALUE} without maxspan
 */
public record PendingSequence(
        JoinKey key, int stagesMatched, int totalStages, long firstEventTime, long lastEventTime, long expiresAt) {}
