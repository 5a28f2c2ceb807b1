package io.verdict.eql.sample;

/**
 * Bounds of one sample rule's state.
 *
 * @param maxKeys          join keys held at most; beyond, the least recently used goes (a sample has no time
 *                         window, so nothing expires by event time)
 * @param maxSamplesPerKey samples per join key (Elasticsearch's {@code max_samples_per_key}, default 1); also how
 *                         many events per filter a key keeps
 */
public record SampleLimits(int maxKeys, int maxSamplesPerKey) {

    public static final SampleLimits DEFAULT = new SampleLimits(100_000, 1);

    public SampleLimits {
        if (maxKeys < 1 || maxSamplesPerKey < 1) {
            throw new IllegalArgumentException("maxKeys and maxSamplesPerKey must be at least 1");
        }
    }

    public static SampleLimits unbounded(int maxSamplesPerKey) {
        return new SampleLimits(Integer.MAX_VALUE, maxSamplesPerKey);
    }
}
