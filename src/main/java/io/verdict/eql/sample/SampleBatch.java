package io.verdict.eql.sample;

import io.verdict.event.Event;
import java.util.List;

/**
 * A sample query over one list of events on its own, as one Elasticsearch search answers it: samples ordered by
 * join key, at most {@code size} of them (Elasticsearch's {@code size}, default 10), each key giving at most
 * {@code maxSamplesPerKey}. Samples need no timestamps: the events are taken in the order given.
 */
public final class SampleBatch {

    public static final int DEFAULT_SIZE = 10;

    private SampleBatch() {}

    public static List<SampleMatch> run(SamplePlan plan, List<Event> events, int size, int maxSamplesPerKey) {
        SampleMatcher matcher = new SampleMatcher(plan, SampleLimits.unbounded(maxSamplesPerKey));
        events.forEach(matcher::offer);
        List<SampleMatch> samples = matcher.samples();
        return List.copyOf(samples.subList(0, Math.min(size, samples.size())));
    }
}
