package io.verdict.eql.sequence;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * The state of one sequence rule, explicit and bounded: per join key a {@link KeyState}, kept in least-recently-used
 * order. Since events arrive in event-time order, that order is also (nearly) the order of last activity, so keys
 * whose maxspan window has passed are found at the head and removed in amortised constant time. When
 * {@link SequenceLimits#maxKeys()} is reached, expired keys go first, then the least recently used.
 *
 * <p>Not thread-safe: one {@link SequenceMatcher} drives it, and its caller serialises access (per rule).
 */
public final class SequenceState {

    // rough per-object costs for the memory estimate (64-bit JVM, compressed oops)
    private static final int KEY_BYTES = 260;
    private static final int PENDING_BYTES = 64;
    private static final int PER_STAGE_BYTES = 32;
    private static final int STRING_BYTES = 40;

    final SequencePlan plan;
    final SequenceLimits limits;
    final LinkedHashMap<JoinKey, KeyState> keys = new LinkedHashMap<>(16, 0.75f, true);
    final PriorityQueue<Pending> awaiting = new PriorityQueue<>(
            Comparator.comparingLong((Pending p) -> p.deadline).thenComparingLong(Pending::lastSeq));
    /** Arrival number of the last event offered. */
    long seq;
    /** No event earlier than this (epoch millis) is still expected. */
    long horizon = Long.MIN_VALUE;

    long pendingCount;
    long storedChars;
    long storedStrings;
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
    }

    public SequencePlan plan() {
        return plan;
    }

    public SequenceStats stats() {
        long estimate = keys.size() * (long) KEY_BYTES
                + pendingCount * (PENDING_BYTES + (long) PER_STAGE_BYTES * plan.stageCount())
                + storedChars + storedStrings * STRING_BYTES;
        return new SequenceStats(keys.size(), pendingCount, estimate, expired, evicted, completed,
                rejectedMaxspan, rejectedUntil, rejectedMissing);
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
        return new PendingSequence(p.key, matched, plan.positiveStageCount(), p.start(plan.firstPositive()),
                p.lastTime(), expires);
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
        pendingCount = storedChars = storedStrings = 0;
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
                    Iterator<KeyState> eldest = keys.values().iterator();
                    KeyState victim = eldest.next();
                    eldest.remove();
                    trace(SequenceTrace.Kind.EVICTED, victim);
                    release(victim);
                    evicted++;
                }
            }
            k = new KeyState(key, time);
            keys.put(key, k);
        }
        return k;
    }

    /** Removes the key when it no longer holds anything. */
    void removeIfEmpty(KeyState k) {
        if (k.isEmpty()) {
            keys.remove(k.key);
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

    private void release(KeyState k) {
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
        List<Long> times = p == null ? List.of() : java.util.Arrays.stream(p.times).boxed().toList();
        List<Long> arrivals = p == null ? List.of() : java.util.Arrays.stream(p.seqs).boxed().toList();
        trace.step(new SequenceTrace.Step(kind, stage, key, seq, now, times, arrivals, deadline));
    }

    void track(Pending p) {
        pendingCount++;
        storedChars += p.chars;
        storedStrings += p.stage + 1;
    }

    void untrack(Pending p) {
        pendingCount--;
        storedChars -= p.chars;
        storedStrings -= p.stage + 1;
    }

    Map<JoinKey, KeyState> keys() {
        return keys;
    }
}
