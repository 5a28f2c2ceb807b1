package io.verdict.eql.sample;

import io.verdict.eql.sequence.JoinKey;
import java.util.List;

/**
 * What a {@link SampleMatcher} decides, told as it decides it (for explaining a rule; a matcher without a trace
 * builds no {@link Step}).
 */
@FunctionalInterface
public interface SampleTrace {

    enum Kind {
        /** the event matched a filter and is kept as a candidate of the key for it */
        CANDIDATE,
        /** the event matched a filter, but the key already keeps as many candidates for it as a sample can use */
        FULL,
        /** a sample is complete: one distinct event per filter */
        SAMPLE,
        /** the key's candidates were dropped to stay within the bound on keys */
        EVICTED
    }

    /**
     * One decision.
     *
     * @param filter   the filter the event matched; -1 when not about one filter
     * @param arrival  the arrival number of the event being offered (the first is 1)
     * @param arrivals for {@link Kind#SAMPLE}: the arrival number of its event per filter
     */
    record Step(Kind kind, int filter, JoinKey key, long arrival, List<Long> arrivals) {}

    void step(Step step);
}
