package io.verdict.eql.sequence;

import java.util.List;

/**
 * What a {@link SequenceMatcher} decides, told as it decides it, so that an explanation is the matcher's own account
 * and can never disagree with it. Only explain attaches one; a matcher without a trace builds no {@link Step}.
 */
@FunctionalInterface
public interface SequenceTrace {

    /** The kinds of decision. */
    enum Kind {
        /** the event matched the first stage: a new partial sequence for the key */
        STARTED,
        /** the event matched a later stage and moved the key's partial sequence to it */
        ADVANCED,
        /** the event matched a stage, but the key held no partial sequence at the stage before */
        NO_PARTIAL,
        /** the key's partial sequence was dropped: this stage came later than maxspan after its first event */
        MAXSPAN,
        /** the key's partial sequence was dropped: an until event came after its last event */
        UNTIL,
        /** an until event was recorded for the key (it ends the key's partial sequences at their next stage) */
        UNTIL_SEEN,
        /** a newer partial sequence took the place of this one at the same stage (only the latest is kept) */
        REPLACED,
        /** an event matched a missing-event stage {@code ![...]} */
        MISSING_SEEN,
        /** a missing-event stage saw an event, so the sequence is not returned */
        REJECTED_MISSING,
        /** all stages matched; the sequence waits for its trailing missing-event window to close */
        AWAITING,
        /** the sequence is complete and returned */
        COMPLETED,
        /** the key's state was removed: its maxspan window passed (expired) or the key bound was reached (evicted) */
        EXPIRED,
        EVICTED,
        /** the event has no timestamp: a sequence cannot order it, so it takes no part */
        NO_TIMESTAMP
    }

    /**
     * One decision.
     *
     * @param stage    the stage (runs expanded) the event was tried at; -1 when not about a stage
     * @param key      the join key; null for {@link Kind#NO_TIMESTAMP}
     * @param arrival  the arrival number of the event being offered (the first event is 1)
     * @param time     its timestamp, epoch millis
     * @param times    the partial sequence concerned, per stage: epoch millis of its event (0 where none)
     * @param arrivals the same, the arrival numbers (0 where none); empty when no partial sequence is concerned
     * @param deadline for {@link Kind#AWAITING}: when the trailing window closes
     */
    record Step(
            Kind kind,
            int stage,
            JoinKey key,
            long arrival,
            long time,
            List<Long> times,
            List<Long> arrivals,
            long deadline) {}

    void step(Step step);
}
