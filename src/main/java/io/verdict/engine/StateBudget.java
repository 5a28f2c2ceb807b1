package io.verdict.engine;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * The bytes all stateful rules of a {@link StateStore} may hold together, and what happens past them. Every tracker
 * reports its estimated bytes here as it remembers and forgets, and bounds itself to the per-rule budget; a rule may
 * use more than its equal share while the others leave room. When an event takes the total past the budget, the
 * rules holding more than their share ({@code budget / stateful rules}) give back their least recently used entries
 * until the total is 10% under the budget or they are 10% under their share: the busiest rules pay first, each
 * rule keeps at least its share, and one pass frees enough for many events (a pass looks at every rule once, so
 * its cost is shared among the events that fill those 10%). Under heap pressure the budget can be lowered for a
 * while ({@link #lower}). Thread-safe.
 */
final class StateBudget {

    private final long configured;
    private final long perRule;
    private final AtomicLong used = new AtomicLong();
    private final AtomicBoolean reclaiming = new AtomicBoolean();
    private final LongConsumer counter = used::addAndGet;
    private volatile long budget;
    private volatile long statefulRules = 1;
    private volatile long reclaimed;

    StateBudget(long maxBytes, long maxBytesPerRule) {
        this.configured = maxBytes;
        this.budget = maxBytes;
        this.perRule = Math.min(maxBytes, maxBytesPerRule);
    }

    /** What trackers report their bytes to. */
    LongConsumer counter() {
        return counter;
    }

    /** The budget of one rule's tracker (fixed when it is made). */
    long perRule() {
        return perRule;
    }

    /** The budget now: the configured one, or less under heap pressure. */
    long budget() {
        return budget;
    }

    long configured() {
        return configured;
    }

    long used() {
        return used.get();
    }

    /** Bytes given back by rules over their share since the start. */
    long reclaimed() {
        return reclaimed;
    }

    void statefulRules(long count) {
        statefulRules = Math.max(1, count);
    }

    /** After a tracker took an event: past the budget, the rules over their share give back. */
    void check(Iterable<Object> trackers) {
        if (used.get() > budget) {
            reclaim(trackers);
        }
    }

    /**
     * Lowers the budget to {@code bytes} (the heap is fuller than the estimates said) and brings the total under it;
     * {@link #restore()} gives the configured budget back.
     */
    void lower(long bytes, Iterable<Object> trackers) {
        budget = Math.max(1, Math.min(configured, bytes));
        reclaim(trackers);
    }

    void restore() {
        budget = configured;
    }

    private void reclaim(Iterable<Object> trackers) {
        if (!reclaiming.compareAndSet(false, true)) {
            return; // another thread is at it; this event's bytes are within what it frees
        }
        try {
            long limit = budget;
            long target = limit - limit / 10;
            long share = limit / statefulRules;
            long keep = share - share / 10;
            for (Object tracker : trackers) {
                long over = used.get() - target;
                if (over <= 0) {
                    break;
                }
                long held = Trackers.memoryBytes(tracker);
                if (held > keep) {
                    Trackers.shrinkTo(tracker, Math.max(keep, held - over));
                    reclaimed += held - Trackers.memoryBytes(tracker);
                }
            }
        } finally {
            reclaiming.set(false);
        }
    }
}
