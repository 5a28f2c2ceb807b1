package io.verdict.eql.sequence;

/**
 * Counters of one {@link SequenceState}, read at one moment.
 *
 * @param keys             join keys held now
 * @param pending          partial sequences held now (including those waiting on a trailing missing event)
 * @param memoryEstimate   rough retained bytes of the state
 * @param expired          keys removed because their maxspan window had passed
 * @param evicted          keys removed to stay within {@link SequenceLimits#maxKeys()} (least recently used)
 * @param completed        sequences returned
 * @param rejectedMaxspan  partial sequences dropped because the next event came after maxspan
 * @param rejectedUntil    partial sequences ended by an until event
 * @param rejectedMissing  sequences dropped because a missing-event stage did see an event
 */
public record SequenceStats(
        int keys,
        long pending,
        long memoryEstimate,
        long expired,
        long evicted,
        long completed,
        long rejectedMaxspan,
        long rejectedUntil,
        long rejectedMissing) {}
