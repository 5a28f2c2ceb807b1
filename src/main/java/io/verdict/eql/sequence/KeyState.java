package io.verdict.eql.sequence;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What one join key holds: at most one pending sequence per stage (the newer replaces the older, as
 * Elasticsearch's {@code trimBefore} makes only the latest candidate usable), the last until event, the last
 * missing-event times per missing stage, and the completed sequences waiting for their trailing missing-event
 * window to close.
 */
final class KeyState {

    final JoinKey key;
    Pending[] pending;
    long untilSeq = -1;
    /** Per missing stage: latest event time, and the latest one strictly before it ({@link Pending#NONE} if none). */
    long[] missingLast;

    long[] missingPrev;
    List<Pending> awaiting;
    long lastTouch;

    KeyState(JoinKey key, long time) {
        this.key = key;
        this.lastTouch = time;
    }

    Pending pendingAt(int stage) {
        return pending == null ? null : pending[stage];
    }

    /** Puts {@code p} at its stage and returns the one it replaces. */
    Pending setPending(int stages, Pending p) {
        if (pending == null) {
            pending = new Pending[stages];
        }
        Pending old = pending[p.stage];
        pending[p.stage] = p;
        return old;
    }

    Pending take(int stage) {
        if (pending == null) {
            return null;
        }
        Pending p = pending[stage];
        pending[stage] = null;
        return p;
    }

    boolean hasPending() {
        if (pending != null) {
            for (Pending p : pending) {
                if (p != null) {
                    return true;
                }
            }
        }
        return false;
    }

    void recordMissing(int stages, int stage, long time) {
        if (missingLast == null) {
            missingLast = new long[stages];
            missingPrev = new long[stages];
            Arrays.fill(missingLast, Pending.NONE);
            Arrays.fill(missingPrev, Pending.NONE);
        }
        if (time > missingLast[stage]) {
            missingPrev[stage] = missingLast[stage];
            missingLast[stage] = time;
        } else if (time < missingLast[stage] && time > missingPrev[stage]) {
            missingPrev[stage] = time; // a late event
        }
    }

    /** The latest missing-event time of the stage strictly before {@code time}; {@link Pending#NONE} if none. */
    long missingBefore(int stage, long time) {
        if (missingLast == null) {
            return Pending.NONE;
        }
        return missingLast[stage] < time ? missingLast[stage] : missingPrev[stage];
    }

    void await(Pending p) {
        if (awaiting == null) {
            awaiting = new ArrayList<>(1);
        }
        awaiting.add(p);
    }

    boolean isEmpty() {
        return !hasPending() && (awaiting == null || awaiting.isEmpty()) && missingLast == null;
    }

    void touch(long time) {
        lastTouch = Math.max(lastTouch, time);
    }
}
