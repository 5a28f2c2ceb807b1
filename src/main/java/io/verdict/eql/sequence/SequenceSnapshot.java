package io.verdict.eql.sequence;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The whole state of one sequence rule as plain data (records of strings, numbers and lists), for a service to
 * write and read back, e.g. as JSON with any mapper. The library writes no files.
 *
 * <p>Format 1: {@code plan} is {@link SequencePlan#fingerprint()} (state is restored only into the same query),
 * {@code arrivals} the number of events offered, {@code horizon} the event time before which no event is still
 * expected; {@code keys} in least-recently-used order, each with its partial sequences. Times are epoch millis,
 * {@link Long#MIN_VALUE} for "none"; events are their JSON text.
 */
public record SequenceSnapshot(
        int format, String plan, long arrivals, long horizon, Map<String, Long> counters, List<KeyEntry> keys) {

    public static final int FORMAT = 1;

    /** One join key: its encoded values (see {@link KeyCodec}), when it was last active, its until and missing events. */
    public record KeyEntry(
            List<String> key,
            long lastTouch,
            long untilArrival,
            List<Long> missingLast,
            List<Long> missingPrevious,
            List<Partial> partials) {}

    /**
     * One partial sequence; {@code awaiting} when all its stages matched and it waits for its trailing missing-event
     * window to close at {@code deadline}. Arrays are indexed by stage (runs expanded); unmatched stages hold 0/null.
     */
    public record Partial(
            int stage,
            List<Long> times,
            List<Long> arrivals,
            List<String> events,
            boolean discarded,
            long leading,
            long deadline,
            boolean awaiting) {}

    static SequenceSnapshot of(SequenceState state) {
        List<KeyEntry> keys = new ArrayList<>(state.keys.size());
        for (KeyState k : state.keys.values()) {
            List<Partial> partials = new ArrayList<>();
            if (k.pending != null) {
                for (Pending p : k.pending) {
                    if (p != null) {
                        partials.add(partial(p, false));
                    }
                }
            }
            if (k.awaiting != null) {
                for (Pending p : k.awaiting) {
                    if (!p.dropped) {
                        partials.add(partial(p, true));
                    }
                }
            }
            keys.add(new KeyEntry(
                    k.key.encode(), k.lastTouch, k.untilSeq, longs(k.missingLast), longs(k.missingPrev), partials));
        }
        Map<String, Long> counters = Map.of(
                "expired",
                state.expired,
                "evicted",
                state.evicted,
                "completed",
                state.completed,
                "rejectedMaxspan",
                state.rejectedMaxspan,
                "rejectedUntil",
                state.rejectedUntil,
                "rejectedMissing",
                state.rejectedMissing);
        return new SequenceSnapshot(FORMAT, state.plan.fingerprint(), state.seq, state.horizon, counters, keys);
    }

    private static Partial partial(Pending p, boolean awaiting) {
        return new Partial(
                p.stage,
                longs(p.times),
                longs(p.seqs),
                Arrays.asList(p.events.clone()),
                p.discarded,
                p.leading,
                p.deadline,
                awaiting);
    }

    /**
     * State rebuilt from this snapshot for the plan; {@link IllegalArgumentException} when the snapshot belongs to
     * another query or is inconsistent (a caller reports it and starts empty).
     */
    public SequenceState restore(SequencePlan plan, SequenceLimits limits) {
        try {
            return rebuild(plan, limits);
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException e) {
            // a missing list, an unreadable date...: whatever is wrong, the caller sees one kind of failure
            throw new IllegalArgumentException("corrupt sequence snapshot: " + e, e);
        }
    }

    private SequenceState rebuild(SequencePlan plan, SequenceLimits limits) {
        if (format != FORMAT) {
            throw new IllegalArgumentException("unknown sequence snapshot format " + format);
        }
        if (!plan.fingerprint().equals(this.plan)) {
            throw new IllegalArgumentException(
                    "snapshot of another query (" + this.plan + ", not " + plan.fingerprint() + ")");
        }
        int stages = plan.stageCount();
        SequenceState state = new SequenceState(plan, limits);
        state.seq = arrivals;
        state.horizon = horizon;
        Map<String, Long> c = counters == null ? Map.of() : counters;
        state.expired = c.getOrDefault("expired", 0L);
        state.evicted = c.getOrDefault("evicted", 0L);
        state.completed = c.getOrDefault("completed", 0L);
        state.rejectedMaxspan = c.getOrDefault("rejectedMaxspan", 0L);
        state.rejectedUntil = c.getOrDefault("rejectedUntil", 0L);
        state.rejectedMissing = c.getOrDefault("rejectedMissing", 0L);
        for (KeyEntry entry : keys) {
            JoinKey key = JoinKey.decode(entry.key());
            KeyState k = new KeyState(key, entry.lastTouch());
            k.untilSeq = entry.untilArrival();
            k.missingLast = array(entry.missingLast(), stages);
            k.missingPrev = array(entry.missingPrevious(), stages);
            for (Partial s : entry.partials()) {
                Pending p = pending(key, s, stages);
                if (s.awaiting()) {
                    k.await(p);
                    state.awaiting.add(p);
                } else {
                    k.setPending(stages, p);
                }
                state.track(p);
            }
            state.adopt(k);
        }
        return state;
    }

    private static Pending pending(JoinKey key, Partial s, int stages) {
        if (s.stage() < 0
                || s.stage() >= stages
                || s.times().size() != stages
                || s.arrivals().size() != stages
                || s.events().size() != stages) {
            throw new IllegalArgumentException(
                    "partial sequence of " + key + " does not fit a " + stages + "-stage query");
        }
        Pending p = new Pending(key, stages);
        for (int i = 0; i < stages; i++) {
            p.times[i] = s.times().get(i);
            p.seqs[i] = s.arrivals().get(i);
            p.events[i] = s.events().get(i);
            p.eventBytes += (int) Footprint.string(p.events[i]);
        }
        p.stage = s.stage();
        p.discarded = s.discarded();
        p.leading = s.leading();
        p.deadline = s.deadline();
        return p;
    }

    private static List<Long> longs(long[] values) {
        return values == null ? null : Arrays.stream(values).boxed().toList();
    }

    private static long[] array(List<Long> values, int stages) {
        if (values == null) {
            return null;
        }
        if (values.size() != stages) {
            throw new IllegalArgumentException("missing-event times do not fit a " + stages + "-stage query");
        }
        return values.stream().mapToLong(Long::longValue).toArray();
    }
}
