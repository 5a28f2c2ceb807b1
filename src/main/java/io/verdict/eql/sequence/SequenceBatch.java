package io.verdict.eql.sequence;

import io.verdict.event.Event;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A sequence query over one list of events on its own, as one Elasticsearch search answers it: the events are put
 * in order (timestamp, tiebreaker, given order), streamed through a fresh unbounded {@link SequenceMatcher}, event
 * time is then taken to have passed (so trailing missing-event windows close), and the sequences are returned in
 * Elasticsearch's order (by their last matched event), pipes applied.
 */
public final class SequenceBatch {

    private SequenceBatch() {}

    public static List<SequenceMatch> run(SequencePlan plan, List<Event> events) {
        SequenceMatcher matcher = new SequenceMatcher(plan, SequenceLimits.UNBOUNDED);
        List<SequenceMatch> out = new ArrayList<>(matcher.offerAll(events));
        out.addAll(matcher.advanceTo(Long.MAX_VALUE));
        out.sort(Comparator.comparingLong(SequenceMatch::order)); // stable: fan-out order among equals
        return EventOrder.applyPipes(out, plan.query().pipes());
    }
}
