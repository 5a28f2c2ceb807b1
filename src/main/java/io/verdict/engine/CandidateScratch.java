package io.verdict.engine;

import io.verdict.event.Event;
import io.verdict.event.FieldValues;
import io.verdict.event.ValueTest;
import io.verdict.query.LowerAsciiKeys;
import java.util.Arrays;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * One thread's working space for {@link RuleIndex#candidates}: which rules are candidates so far (a bit per rule
 * position, so the answer comes out in ascending order with no sort), and for each entry of several requirements
 * which of them the event has met. Entries carry a generation stamp instead of being cleared per event: the state
 * of an entry is {@code generation << 3 | met}, one bit per requirement met, and a state of another generation
 * counts as nothing met.
 */
final class CandidateScratch implements ValueTest {

    /** Bits of an entry's state for its requirements met; {@link RuleIndex#MAX_REQUIREMENTS} must fit. */
    static final int MET_BITS = 3;

    private static final int MET = (1 << MET_BITS) - 1;
    /** The generation after which the stamps start over (its stamp would overflow the int). */
    private static final int LAST_GENERATION = (1 << (31 - MET_BITS)) - 1;

    /** Per entry: its rule position {@code << MET_BITS}, or'ed with the bits of all its requirements. Shared. */
    private final int[] entryGoal;

    private final int[] entryState;
    private final int[] bucketStamp;
    /** Candidate rules, a bit per position, cleared as {@link #finish} reads them. */
    private final long[] ruleBits;

    private int generation;
    /** {@code generation << MET_BITS}. */
    private int stamp;

    private Event current;
    /** While partition field values are read: that field's buckets. */
    Map<String, RuleIndex.Bucket> partition;
    /** Buckets of the event's partition values, visited once those values are all read. */
    RuleIndex.Bucket[] pending = new RuleIndex.Bucket[4];

    int pendingCount;
    private IndexedField field;
    /**
     * The current field's {@link IndexedField#any} targets are met: they need one value, so a field of many values
     * (process.args) meets them once, not once per value.
     */
    private boolean anyMet;

    private final RuleIndex.Candidates result = new RuleIndex.Candidates();

    CandidateScratch(int rules, int[] entryGoal, int buckets) {
        this.entryGoal = entryGoal;
        this.entryState = new int[entryGoal.length];
        this.bucketStamp = new int[buckets];
        this.ruleBits = new long[(rules + 63) >>> 6];
    }

    void begin(Event event) {
        current = event;
        pendingCount = 0;
        if (++generation > LAST_GENERATION) { // stamps from long ago could collide: start over
            Arrays.fill(entryState, 0);
            Arrays.fill(bucketStamp, 0);
            generation = 1;
        }
        stamp = generation << MET_BITS;
    }

    void visit(RuleIndex.Bucket bucket) {
        if (bucketStamp[bucket.id()] == generation) {
            return;
        }
        bucketStamp[bucket.id()] = generation;
        for (int p : bucket.scan()) {
            add(p);
        }
        Event event = current;
        for (IndexedField f : bucket.fields()) {
            if (f.presenceOnly) {
                if (event.has(f.path)) {
                    meetAll(f.any);
                }
            } else {
                field = f;
                anyMet = false;
                event.anyValue(f.path, this);
            }
        }
    }

    /** One value of a partition field (choosing buckets) or of the current field. Returns false: go on. */
    @Override
    public boolean test(JsonNode value) {
        String text = FieldValues.asString(value);
        if (text == null) {
            return false;
        }
        if (partition != null) {
            RuleIndex.Bucket bucket = partition.get(text);
            if (bucket != null) {
                if (pendingCount == pending.length) {
                    pending = Arrays.copyOf(pending, pendingCount * 2);
                }
                pending[pendingCount++] = bucket;
            }
            return false;
        }
        IndexedField f = field;
        if (!anyMet) {
            anyMet = true;
            meetAll(f.any);
        }
        if (f.exact != null) {
            meetAll(f.exact.get(text));
        }
        if (f.folded == null) {
            return false;
        }
        int key = f.folded.find(text);
        if (key >= 0) {
            meetAll(f.charsByKey[key]);
            meetAll(f.lowerByKey[key]);
            return false;
        }
        if (key == LowerAsciiKeys.NOT_ASCII) {
            if (f.chars != null) {
                String folded = KeyFold.CHARS.key(text);
                meetAll(folded == null ? f.allChars : f.chars.get(folded));
            }
            if (f.lower != null) {
                meetAll(f.lower.get(KeyFold.LOWER.key(text)));
            }
        }
        return false;
    }

    private void meetAll(int[] targets) {
        if (targets != null) {
            for (int target : targets) {
                meet(target);
            }
        }
    }

    /** A requirement met: see {@link IndexedField} for the target's form. */
    private void meet(int target) {
        if (target < 0) {
            add(~target);
            return;
        }
        int entry = target >>> 2;
        int state = entryState[entry];
        if ((state & ~MET) != stamp) {
            state = stamp;
        }
        state |= 1 << (target & 3);
        entryState[entry] = state;
        int goal = entryGoal[entry];
        if ((state & MET) == (goal & MET)) {
            add(goal >>> MET_BITS);
        }
    }

    private void add(int rule) {
        ruleBits[rule >>> 6] |= 1L << rule;
    }

    RuleIndex.Candidates finish() {
        int found = 0;
        int[] positions = result.positions;
        long[] bits = ruleBits;
        for (int w = 0; w < bits.length; w++) {
            long word = bits[w];
            if (word == 0) {
                continue;
            }
            bits[w] = 0;
            do {
                if (found == positions.length) {
                    positions = Arrays.copyOf(positions, found * 2);
                    result.positions = positions;
                }
                positions[found++] = w << 6 | Long.numberOfTrailingZeros(word);
                word &= word - 1;
            } while (word != 0);
        }
        result.count = found;
        current = null;
        Arrays.fill(pending, 0, pendingCount, null);
        return result;
    }
}
