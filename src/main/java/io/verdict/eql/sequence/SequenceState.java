package io.verdict.eql.sequence;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.LongConsumer;

/**
 * The state of one sequence rule, explicit and bounded: per join key a {@link KeyState}, kept in least-recently-used
 * order. Since events arrive in event-time order, that order is also (nearly) the order of last activity, so keys
 * whose maxspan window has passed are found at the head and removed in amortised constant time. When
 * {@link SequenceLimits#maxKeys()} or {@link SequenceLimits#maxBytes()} is reached, expired keys go first, then the
 * least recently used. Its bytes are an estimate kept up to date as keys and partial sequences come and go.
 *
 * <p>Not thread-safe: one {@link SequenceMatcher} drives it, and its caller serialises access (per rule).
 */
public final class SequenceState {

    private static final LongConsumer NO_TOTAL = bytes -> {};
    /** A {@link Pending} object: header, four references, stage, two flags, two longs, the event bytes. */
    private static final int PENDING = 56;
    /** A {@link KeyState} object: header, four references, two longs. */
    private static final int KEY_STATE = 48;

    final SequencePlan plan;
    final SequenceLimits limits;
    final LinkedHashMap<JoinKey, KeyState> keys = new LinkedHashMap<>(16, 0.75f, true);
    final PriorityQueue<Pending> awaiting = new PriorityQueue<>(
            Comparator.comparingLong((Pending p) -> p.deadline).thenComparingLong(Pending::lastSeq));
    /** Arrival number of the last event offered. */
    long seq;
    /** No event earlier than this (epoch millis) is still expected. */
    long horizon = Long.MIN_VALUE;

    /** A partial sequence without its events' text: the object, its two arrays of longs and its array of texts. */
    private final long pendingShell;
    /**
     * A key without its values: its map entry, the {@link KeyState}, its array of partials and, when the query has
     * missing-event stages, the arrays of their times and the list of sequences awaiting a trailing window. Counted
     * whole when the key is made, though some are made only when first needed, so a key costs one number.
     */
    private final long keyShell;
    /** Estimated bytes held (see {@link Footprint}), kept up to date as keys and partial sequences come and go. */
    long bytes;
    /** Told every change of {@link #bytes}: the service's total over all rules. */
    private LongConsumer total = NO_TOTAL;

    long pendingCount;
    long expired;
    long evicted;
    long completed;
    long rejectedMaxspan;
    long rejectedUntil;
    long rejectedMissing;
    /** Told every decision when explaining; null otherwise (then nothing is built for it). */
    SequenceTrace trace;
    /** The time of the event being offered, for the trace. */
    long now;

    public SequenceState(SequencePlan plan, SequenceLimits limits) {
        this.plan = plan;
        this.limits = limits;
        int stages = plan.stageCount();
        this.pendingShell = PENDING + 2 * Footprint.longs(stages) + Footprint.references(stages);
        boolean missing = plan.positiveStageCount() < stages;
        this.keyShell = Footprint.LINKED_ENTRY
                + KEY_STATE
                + Footprint.references(stages)
                + (missing ? 2 * Footprint.longs(stages) : 0)
                + (plan.hasTrailing() ? Footprint.ARRAY_LIST + Footprint.references(1) : 0);
    }

    /**
     * Reports the state's estimated bytes to {@code total} from now on (a running sum over several states): what it
     * holds now at once, then every change. The previous receiver is told the state's bytes are gone.
     */
    public void countInto(LongConsumer total) {
        this.total.accept(-bytes);
        this.total = total == null ? NO_TOTAL : total;
        this.total.accept(bytes);
    }

    /** Estimated bytes the state holds. */
    public long memoryBytes() {
        return bytes;
    }

    /**
     * Forgets keys until the state holds at most {@code maxBytes}: those whose maxspan has passed first, then the
     * least recently used (each counted as evicted).
     */
    public void shrinkTo(long maxBytes) {
        if (bytes <= maxBytes) {
            return;
        }
        sweepExpired();
        while (bytes > maxBytes && !keys.isEmpty()) {
            evictEldest();
        }
    }

    public SequencePlan plan() {
        return plan;
    }

    public SequenceStats stats() {
        return new SequenceStats(
                keys.size(),
                pendingCount,
                bytes,
                expired,
                evicted,
                completed,
                rejectedMaxspan,
                rejectedUntil,
                rejectedMissing);
    }

    /** The partial sequences held now, least recently active key first. */
    public List<PendingSequence> pending() {
        return pending(null, Integer.MAX_VALUE);
    }

    /**
     * The partial sequences of {@code key} (every key when null), at most {@code limit}, least recently active key
     * first. Looking up one key does not walk the others (and counts as a use of it for least-recently-used order).
     */
    public List<PendingSequence> pending(JoinKey key, int limit) {
        List<PendingSequence> out = new ArrayList<>();
        if (key != null) {
            KeyState k = keys.get(key);
            if (k != null) {
                addPending(k, out, limit);
            }
            return out;
        }
        for (KeyState k : keys.values()) {
            if (!addPending(k, out, limit)) {
                break;
            }
        }
        return out;
    }

    // false once the limit is reached
    private boolean addPending(KeyState k, List<PendingSequence> out, int limit) {
        int first = plan.firstPositive();
        long maxspan = plan.maxspanMillis();
        if (k.pending != null) {
            for (Pending p : k.pending) {
                if (p != null && !expired(p) && out.size() < limit) {
                    out.add(view(p, maxspan < 0 ? Long.MAX_VALUE : p.start(first) + maxspan));
                }
            }
        }
        if (k.awaiting != null) {
            for (Pending p : k.awaiting) {
                if (!p.dropped && out.size() < limit) {
                    out.add(view(p, p.deadline));
                }
            }
        }
        return out.size() < limit;
    }

    private PendingSequence view(Pending p, long expires) {
        int matched = 0;
        for (int s = 0; s <= p.stage; s++) {
            matched += plan.isMissing(s) ? 0 : 1;
        }
        return new PendingSequence(
                p.key, matched, plan.positiveStageCount(), p.start(plan.firstPositive()), p.lastTime(), expires);
    }

    /** The whole state as plain data (see {@link SequenceSnapshot}); restore with {@link SequenceSnapshot#restore}. */
    public SequenceSnapshot snapshot() {
        return SequenceSnapshot.of(this);
    }

    /** Forgets everything (for tests and replays); counters restart too. */
    public void clear() {
        keys.clear();
        awaiting.clear();
        seq = 0;
        horizon = Long.MIN_VALUE;
        add(-bytes);
        pendingCount = 0;
        expired = evicted = completed = rejectedMaxspan = rejectedUntil = rejectedMissing = 0;
    }

    // ---- used by SequenceMatcher -----------------------------------------------------------------------------

    boolean expired(Pending p) {
        long maxspan = plan.maxspanMillis();
        return maxspan >= 0 && p.start(plan.firstPositive()) + maxspan < horizon;
    }

    /** The key's state, marked as just used; null when the key holds nothing. */
    KeyState get(JoinKey key, long time) {
        KeyState k = keys.get(key);
        if (k != null) {
            k.touch(time);
        }
        return k;
    }

    /** The key's state, created (evicting if the bound is reached) when absent. */
    KeyState getOrCreate(JoinKey key, long time) {
        KeyState k = get(key, time);
        if (k == null) {
            if (keys.size() >= limits.maxKeys()) {
                sweepExpired();
                if (keys.size() >= limits.maxKeys()) {
                    evictEldest();
                }
            }
            k = new KeyState(key, time);
            adopt(k);
        }
        return k;
    }

    /** Holds a new key (counting its bytes). */
    void adopt(KeyState k) {
        keys.put(k.key, k);
        add(keyShell + k.key.footprint());
    }

    /** After an event: past the byte bound, expired keys go first, then the least recently used but the last. */
    void enforceBytes() {
        if (bytes <= limits.maxBytes()) {
            return;
        }
        sweepExpired();
        while (bytes > limits.maxBytes() && keys.size() > 1) {
            evictEldest();
        }
    }

    private void evictEldest() {
        Iterator<KeyState> eldest = keys.values().iterator();
        KeyState victim = eldest.next();
        eldest.remove();
        trace(SequenceTrace.Kind.EVICTED, victim);
        release(victim);
        evicted++;
    }

    /** Removes the key when it no longer holds anything. */
    void removeIfEmpty(KeyState k) {
        if (k.isEmpty() && keys.remove(k.key) != null) {
            add(-(keyShell + k.key.footprint()));
        }
    }

    /** Removes keys, from the least recently used on, whose whole content lies beyond maxspan behind the horizon. */
    void sweepExpired() {
        long maxspan = plan.maxspanMillis();
        if (maxspan < 0) {
            return;
        }
        Iterator<KeyState> it = keys.values().iterator();
        while (it.hasNext()) {
            KeyState k = it.next();
            // every pending, missing-event time and trailing window of k ends by lastTouch + maxspan
            if (k.lastTouch + maxspan >= horizon) {
                break;
            }
            it.remove();
            trace(SequenceTrace.Kind.EXPIRED, k);
            release(k);
            expired++;
        }
    }

    /** Accounts for a key that has just been removed from {@link #keys}: its partial sequences and itself. */
    private void release(KeyState k) {
        add(-(keyShell + k.key.footprint()));
        if (k.pending != null) {
            for (Pending p : k.pending) {
                if (p != null) {
                    untrack(p);
                }
            }
        }
        if (k.awaiting != null) {
            for (Pending p : k.awaiting) {
                if (!p.dropped) {
                    p.dropped = true;
                    untrack(p);
                }
            }
        }
    }

    /** Tells the trace, if any, about a key's removal: one step per partial sequence it held. */
    private void trace(SequenceTrace.Kind kind, KeyState k) {
        if (trace == null) {
            return;
        }
        boolean any = false;
        if (k.pending != null) {
            for (Pending p : k.pending) {
                if (p != null) {
                    trace(kind, p.stage, k.key, p, Pending.NONE);
                    any = true;
                }
            }
        }
        if (!any) {
            trace(kind, -1, k.key, null, Pending.NONE);
        }
    }

    /** Tells the trace, if any, one decision about the event being offered. */
    void trace(SequenceTrace.Kind kind, int stage, JoinKey key, Pending p, long deadline) {
        if (trace == null) {
            return;
        }
        List<Long> times =
                p == null ? List.of() : java.util.Arrays.stream(p.times).boxed().toList();
        List<Long> arrivals =
                p == null ? List.of() : java.util.Arrays.stream(p.seqs).boxed().toList();
        trace.step(new SequenceTrace.Step(kind, stage, key, seq, now, times, arrivals, deadline));
    }

    void track(Pending p) {
        pendingCount++;
        add(pendingShell + p.eventBytes);
    }

    void untrack(Pending p) {
        pendingCount--;
        add(-(pendingShell + p.eventBytes));
    }

    private void add(long delta) {
        bytes += delta;
        total.accept(delta);
    }

    Map<JoinKey, KeyState> keys() {
        return keys;
    }
}
