package io.verdict.eql.sample;

/**
 * Bounds of one sample rule's state.
 *
 * @param maxKeys          join keys held at most; beyond, the least recently used goes (a sample has no time
 *                         window, so nothing expires by event time)
 * @param maxSamplesPerKey samples per join key (Elasticsearch's {@code max_samples_per_key}, default 1); also how
 *                         many events per filter a key keeps
 * @param maxBytes         estimated heap the state may hold; past it after an event, the least recently used keys go
 */
public record SampleLimits(int maxKeys, int maxSamplesPerKey, long maxBytes) {

    public static final SampleLimits DEFAULT = new SampleLimits(100_000, 1);

    public SampleLimits {
        if (maxKeys < 1 || maxSamplesPerKey < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("maxKeys, maxSamplesPerKey and maxBytes must be at least 1");
        }
    }

    /** Bounded in keys only. */
    public SampleLimits(int maxKeys, int maxSamplesPerKey) {
        this(maxKeys, maxSamplesPerKey, Long.MAX_VALUE);
    }

    public static SampleLimits unbounded(int maxSamplesPerKey) {
        return new SampleLimits(Integer.MAX_VALUE, maxSamplesPerKey);
    }
}
