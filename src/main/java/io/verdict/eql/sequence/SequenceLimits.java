package io.verdict.eql.sequence;

/**
 * Bounds of one rule's {@link SequenceState}.
 *
 * @param maxKeys               join keys held at most; beyond, expired keys go first, then the least recently used
 * @param allowedLatenessMillis how far behind the newest event an event may still arrive: event time is taken to
 *                              have passed only this much later, so windows close (and trailing missing events
 *                              are decided) that much later
 * @param maxBytes              estimated heap the state may hold (see {@link Footprint}); past it after an event,
 *                              expired keys go first, then the least recently used
 */
public record SequenceLimits(int maxKeys, long allowedLatenessMillis, long maxBytes) {

    public static final SequenceLimits DEFAULT = new SequenceLimits(100_000, 0);
    /** For one batch of events evaluated on its own: nothing is evicted. */
    public static final SequenceLimits UNBOUNDED = new SequenceLimits(Integer.MAX_VALUE, 0);

    public SequenceLimits {
        if (maxKeys < 1) {
            throw new IllegalArgumentException("maxKeys must be at least 1, not " + maxKeys);
        }
        if (allowedLatenessMillis < 0) {
            throw new IllegalArgumentException("allowedLatenessMillis must not be negative");
        }
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be at least 1, not " + maxBytes);
        }
    }

    /** Bounded in keys only. */
    public SequenceLimits(int maxKeys, long allowedLatenessMillis) {
        this(maxKeys, allowedLatenessMillis, Long.MAX_VALUE);
    }
}
