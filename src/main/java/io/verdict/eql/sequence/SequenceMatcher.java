package io.verdict.eql.sequence;

import io.verdict.event.Event;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Streams events through one sequence rule with Elasticsearch's semantics (eql-semantics.md §7). Events are offered
 * one at a time in (timestamp, tiebreaker, arrival) order; each returns the sequences it completed.
 *
 * <p>Per join key there is one pending sequence per stage. An event is tried against the stages from the last to
 * the first, so it can never follow itself; at stage {@code s} it takes the key's pending sequence of the previous
 * positive stage (consuming it, whatever the outcome, as Elasticsearch's {@code trimBefore} does), checks maxspan
 * (inclusive, from the first event, milliseconds), then until (an until event at or after the last matched event and
 * before this one ends it), then moves it to stage {@code s}, replacing any older one there.
 *
 * <p>Missing-event stages {@code ![...]} do not take part in matching; they only decide whether a sequence of the
 * positive stages is returned: a middle one drops it when it saw an event strictly between its neighbours' times;
 * leading and trailing ones drop it when the latest leading and earliest trailing event lie within maxspan of each
 * other (or of the sequence's own first/last event when only one side exists). A trailing window is decided only
 * when event time has passed it, by a later event or by {@link #advanceTo(long)} — never early.
 *
 * <p>Not thread-safe: the caller serialises calls per rule.
 */
public final class SequenceMatcher {

    private final SequencePlan plan;
    private final SequenceState state;
    private final int stages;

    public SequenceMatcher(SequencePlan plan, SequenceLimits limits) {
        this(new SequenceState(plan, limits));
    }

    /** A matcher that tells {@code trace} every decision it takes (for explaining; slower). */
    public SequenceMatcher(SequencePlan plan, SequenceLimits limits, SequenceTrace trace) {
        this(new SequenceState(plan, limits));
        state.trace = trace;
    }

    /** A matcher over existing (e.g. restored) state. */
    public SequenceMatcher(SequenceState state) {
        this.plan = state.plan;
        this.state = state;
        this.stages = plan.stageCount();
    }

    public SequencePlan plan() {
        return plan;
    }

    public SequenceState state() {
        return state;
    }

    /**
     * Offers the next event; returns the sequences it completed (and those whose trailing window its time closed),
     * in completion order. An event without a timestamp is ignored, as Elasticsearch cannot order it.
     */
    public List<SequenceMatch> offer(Event event) {
        return offer(event, plan.timestamp(event));
    }

    /**
     * Offers the next event at {@code time} instead of the time its timestamp field holds (for an event without
     * the field a rule orders by, at the time the rule falls back to); null: the event has no time and is ignored.
     */
    public List<SequenceMatch> offer(Event event, Instant time) {
        return offer(event, time, null);
    }

    /**
     * Offers the next event at {@code time} to the keys {@code only} accepts (null: every key): the event changes
     * no other key's state. A partitioned run feeds an event once per key of the partition that keeps that key.
     */
    public List<SequenceMatch> offer(Event event, Instant time, java.util.function.Predicate<JoinKey> only) {
        if (time == null) {
            state.trace(SequenceTrace.Kind.NO_TIMESTAMP, -1, null, null, Pending.NONE);
            return List.of();
        }
        long ts = time.toEpochMilli();
        long seq = ++state.seq;
        state.now = ts;
        List<SequenceMatch> out = new ArrayList<>(0);
        moveHorizon(saturatedMinus(ts, state.limits.allowedLatenessMillis()), out);
        String json = null;
        for (int s = stages - 1; s >= 0; s--) {
            if (!plan.condition(s).matches(event)) {
                continue;
            }
            for (JoinKey key : plan.keys(s).keys(event)) {
                if (only != null && !only.test(key)) {
                    continue;
                }
                if (plan.isMissing(s)) {
                    missingEvent(s, key, ts);
                    continue;
                }
                if (json == null) {
                    json = event.json();
                }
                if (s == plan.firstPositive()) {
                    start(key, ts, seq, json, out);
                } else {
                    advance(s, key, ts, seq, json, out);
                }
            }
        }
        if (plan.until() != null && plan.until().matches(event)) {
            for (JoinKey key : plan.untilKeys().keys(event)) {
                if (only != null && !only.test(key)) {
                    continue;
                }
                KeyState k = state.get(key, ts);
                if (k != null && k.hasPending()) {
                    k.untilSeq = seq;
                    state.trace(SequenceTrace.Kind.UNTIL_SEEN, -1, key, null, Pending.NONE);
                }
            }
        }
        state.enforceBytes();
        return out;
    }

    /**
     * Offers the events of one request: put in Elasticsearch's order first (timestamp, tiebreaker, given order),
     * then offered one by one. Returns the sequences they completed, in completion order.
     */
    public List<SequenceMatch> offerAll(List<Event> events) {
        List<SequenceMatch> out = new ArrayList<>();
        for (Event e : EventOrder.sort(events, plan::timestamp, plan::tiebreaker)) {
            out.addAll(offer(e));
        }
        return out;
    }

    /**
     * Declares that every event up to {@code eventTime} (epoch millis) has been offered: trailing missing-event
     * windows ending by then are decided (their sequences returned), and expired state is removed.
     */
    public List<SequenceMatch> advanceTo(long eventTime) {
        List<SequenceMatch> out = new ArrayList<>(0);
        moveHorizon(eventTime == Long.MAX_VALUE ? Long.MAX_VALUE : eventTime + 1, out);
        return out;
    }

    private void moveHorizon(long horizon, List<SequenceMatch> out) {
        if (horizon <= state.horizon) {
            return;
        }
        state.horizon = horizon;
        while (!state.awaiting.isEmpty() && state.awaiting.peek().deadline < horizon) {
            Pending p = state.awaiting.poll();
            KeyState k = state.keys.get(p.key);
            if (k != null && k.awaiting != null) {
                k.awaiting.remove(p);
            }
            if (!p.dropped) {
                state.untrack(p);
                emit(p, out);
            }
            if (k != null) {
                state.removeIfEmpty(k);
            }
        }
        state.sweepExpired();
    }

    private void start(JoinKey key, long ts, long seq, String json, List<SequenceMatch> out) {
        KeyState k = state.getOrCreate(key, ts);
        Pending p = new Pending(key, stages);
        p.put(plan.firstPositive(), ts, seq, json);
        for (int m = 0; m < plan.firstPositive(); m++) {
            p.leading = Math.max(p.leading, k.missingBefore(m, ts));
        }
        state.trace(SequenceTrace.Kind.STARTED, plan.firstPositive(), key, p, Pending.NONE);
        if (plan.firstPositive() == plan.lastPositive()) {
            complete(k, p, out);
            state.removeIfEmpty(k);
            return;
        }
        replace(k, p);
    }

    /** Puts {@code p} at its stage of the key, in place of an older one. */
    private void replace(KeyState k, Pending p) {
        Pending old = k.setPending(stages, p);
        if (old != null) {
            state.trace(SequenceTrace.Kind.REPLACED, old.stage, k.key, old, Pending.NONE);
            state.untrack(old);
        }
        state.track(p);
    }

    private void advance(int s, JoinKey key, long ts, long seq, String json, List<SequenceMatch> out) {
        KeyState k = state.keys.get(key);
        int previous = plan.previousPositive(s);
        Pending p = k == null ? null : k.take(previous);
        if (p == null) {
            state.trace(SequenceTrace.Kind.NO_PARTIAL, s, key, null, Pending.NONE);
            return;
        }
        k.touch(ts);
        state.untrack(p);
        long maxspan = plan.maxspanMillis();
        if (maxspan >= 0 && ts - p.start(plan.firstPositive()) > maxspan) {
            state.trace(SequenceTrace.Kind.MAXSPAN, s, key, p, Pending.NONE);
            state.rejectedMaxspan++;
            state.removeIfEmpty(k);
            return;
        }
        if (k.untilSeq >= p.lastSeq()) {
            state.trace(SequenceTrace.Kind.UNTIL, s, key, p, Pending.NONE);
            state.rejectedUntil++;
            state.removeIfEmpty(k);
            return;
        }
        for (int m = previous + 1; m < s; m++) {
            if (k.missingBefore(m, ts) > p.times[previous]) {
                p.discarded = true;
            }
        }
        p.put(s, ts, seq, json);
        state.trace(SequenceTrace.Kind.ADVANCED, s, key, p, Pending.NONE);
        if (s == plan.lastPositive()) {
            complete(k, p, out);
            state.removeIfEmpty(k);
            return;
        }
        replace(k, p);
    }

    private void complete(KeyState k, Pending p, List<SequenceMatch> out) {
        if (p.discarded) {
            state.trace(SequenceTrace.Kind.REJECTED_MISSING, p.stage, k.key, p, Pending.NONE);
            state.rejectedMissing++;
            return;
        }
        long maxspan = plan.maxspanMillis();
        long last = p.lastTime();
        if (!plan.hasTrailing()) {
            if (plan.hasLeading() && p.leading != Pending.NONE && last - p.leading <= maxspan) {
                state.trace(SequenceTrace.Kind.REJECTED_MISSING, p.stage, k.key, p, Pending.NONE);
                state.rejectedMissing++;
            } else {
                emit(p, out);
            }
            return;
        }
        long deadline;
        if (plan.hasLeading()) {
            if (p.leading == Pending.NONE) {
                emit(p, out); // Elasticsearch keeps it when either side found nothing
                return;
            }
            deadline = p.leading + maxspan;
        } else {
            deadline = p.start(plan.firstPositive()) + maxspan;
        }
        if (deadline <= last) {
            emit(p, out); // no trailing event after the last one can fall within the window
            return;
        }
        for (int m = plan.lastPositive() + 1; m < stages; m++) {
            // only an event that arrived late (within the allowed lateness) can already be there
            long seen = k.missingLast == null ? Pending.NONE : k.missingLast[m];
            if (seen > last && seen <= deadline) {
                state.trace(SequenceTrace.Kind.REJECTED_MISSING, p.stage, k.key, p, Pending.NONE);
                state.rejectedMissing++;
                return;
            }
        }
        if (deadline < state.horizon) {
            emit(p, out); // a late sequence whose window has already closed
            return;
        }
        p.deadline = deadline;
        state.trace(SequenceTrace.Kind.AWAITING, p.stage, k.key, p, deadline);
        k.await(p);
        state.awaiting.add(p);
        state.track(p);
    }

    private void missingEvent(int s, JoinKey key, long ts) {
        boolean leading = s < plan.firstPositive();
        KeyState k = leading ? state.getOrCreate(key, ts) : state.get(key, ts);
        if (k == null) {
            return;
        }
        if (leading || k.hasPending()) {
            k.recordMissing(stages, s, ts);
            state.trace(SequenceTrace.Kind.MISSING_SEEN, s, key, null, Pending.NONE);
        }
        if (s > plan.lastPositive() && k.awaiting != null) {
            for (Iterator<Pending> it = k.awaiting.iterator(); it.hasNext(); ) {
                Pending p = it.next();
                if (ts > p.lastTime() && ts <= p.deadline) {
                    it.remove(); // its entry in the deadline queue stays, marked dropped, until its time comes
                    p.dropped = true;
                    state.trace(SequenceTrace.Kind.REJECTED_MISSING, s, key, p, Pending.NONE);
                    state.untrack(p);
                    state.rejectedMissing++;
                }
            }
            state.removeIfEmpty(k);
        }
    }

    private void emit(Pending p, List<SequenceMatch> out) {
        List<MatchedEvent> events = new ArrayList<>(stages);
        for (int s = 0; s < stages; s++) {
            events.add(
                    plan.isMissing(s)
                            ? MatchedEvent.placeholder(s)
                            : new MatchedEvent(s, false, p.times[s], Event.parse(p.events[s])));
        }
        state.completed++;
        state.trace(SequenceTrace.Kind.COMPLETED, p.stage, p.key, p, Pending.NONE);
        out.add(new SequenceMatch(p.key, events, p.seqs[plan.lastPositive()]));
    }

    private static long saturatedMinus(long a, long b) {
        long r = a - b;
        return ((a ^ b) & (a ^ r)) < 0 ? Long.MIN_VALUE : r;
    }
}
