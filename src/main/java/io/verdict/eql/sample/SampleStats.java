package io.verdict.eql.sample;

/**
 * Counters of one {@link SampleMatcher}, read at one moment.
 *
 * @param keys           join keys held now
 * @param candidates     candidate events held now (over all keys and filters)
 * @param memoryEstimate rough retained bytes of the state
 * @param evicted        keys removed to stay within {@link SampleLimits#maxKeys()} (least recently used)
 * @param completed      samples returned
 */
public record SampleStats(int keys, long candidates, long memoryEstimate, long evicted, long completed) {}
