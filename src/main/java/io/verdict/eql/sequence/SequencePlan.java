package io.verdict.eql.sequence;

import io.verdict.eql.CompiledEql;
import io.verdict.eql.QueryKind;
import io.verdict.eql.ast.Query;
import io.verdict.event.Event;
import io.verdict.event.EventPredicate;
import io.verdict.event.FieldPath;
import io.verdict.event.FieldType;
import io.verdict.event.FieldValues;
import io.verdict.event.Schema;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A compiled {@code sequence} laid out for matching: stages with {@code runs=N} expanded into N stages, each with
 * its filter, its join-key fields and whether it is a missing-event stage {@code ![...]}; the until stage; maxspan
 * in milliseconds; how to read an event's timestamp and tiebreaker. Immutable and thread-safe: one plan per rule,
 * shared by every {@link SequenceState}.
 */
public final class SequencePlan {

    /** No maxspan. */
    public static final long UNBOUNDED = -1;

    private final CompiledEql query;
    private final EventPredicate[] conditions;
    private final KeyFields[] keys;
    private final boolean[] missing;
    private final int[] previousPositive;
    private final int firstPositive;
    private final int lastPositive;
    private final int positiveCount;
    private final boolean hasLeading;
    private final boolean hasTrailing;
    private final EventPredicate until;
    private final KeyFields untilKeys;
    private final long maxspanMillis;
    private final FieldPath timestamp;
    private final FieldType timestampType;
    private final FieldPath tiebreaker;
    private final FieldType tiebreakerType;

    private SequencePlan(CompiledEql query) {
        this.query = query;
        Query.SequenceQuery ast = (Query.SequenceQuery) query.ast();
        Schema schema = query.options().schema();
        List<EventPredicate> conds = new ArrayList<>();
        List<KeyFields> keyList = new ArrayList<>();
        List<Boolean> missingList = new ArrayList<>();
        List<EventPredicate> compiled = query.stageConditions();
        for (int s = 0; s < ast.stages().size(); s++) {
            Query.Stage stage = ast.stages().get(s);
            KeyFields k = KeyFields.of(ast.by(), stage.by(), schema);
            for (int r = 0; r < stage.runs(); r++) {
                conds.add(compiled.get(s));
                keyList.add(k);
                missingList.add(stage.missing());
            }
        }
        int n = conds.size();
        this.conditions = conds.toArray(EventPredicate[]::new);
        this.keys = keyList.toArray(KeyFields[]::new);
        this.missing = new boolean[n];
        this.previousPositive = new int[n];
        int first = -1;
        int last = -1;
        int positives = 0;
        int previous = -1;
        for (int s = 0; s < n; s++) {
            missing[s] = missingList.get(s);
            previousPositive[s] = previous;
            if (!missing[s]) {
                first = first < 0 ? s : first;
                last = s;
                positives++;
                previous = s;
            }
        }
        this.firstPositive = first;
        this.lastPositive = last;
        this.positiveCount = positives;
        this.hasLeading = first > 0;
        this.hasTrailing = last < n - 1;
        this.until = ast.until() == null ? null : compiled.get(ast.stages().size());
        this.untilKeys =
                ast.until() == null ? null : KeyFields.of(ast.by(), ast.until().by(), schema);
        this.maxspanMillis =
                ast.maxspan() == null ? UNBOUNDED : ast.maxspan().duration().toMillis();
        String ts = query.options().timestampField();
        this.timestamp = FieldPath.of(ts);
        FieldType type = schema.typeOf(ts);
        this.timestampType = type.isDate() ? type : FieldType.DATE;
        String tb = query.options().tiebreakerField();
        this.tiebreaker = tb == null ? null : FieldPath.of(tb);
        this.tiebreakerType = tb == null ? null : schema.typeOf(tb);
    }

    /** The plan of a compiled sequence; {@link IllegalArgumentException} for any other kind of query. */
    public static SequencePlan of(CompiledEql query) {
        if (query.kind() != QueryKind.SEQUENCE) {
            throw new IllegalArgumentException("not a sequence: " + query);
        }
        return new SequencePlan(query);
    }

    public CompiledEql query() {
        return query;
    }

    /** Number of stages with runs expanded, missing-event stages included. */
    public int stageCount() {
        return conditions.length;
    }

    /** Number of stages an event must match (missing-event stages excluded). */
    public int positiveStageCount() {
        return positiveCount;
    }

    public long maxspanMillis() {
        return maxspanMillis;
    }

    public boolean isMissing(int stage) {
        return missing[stage];
    }

    EventPredicate condition(int stage) {
        return conditions[stage];
    }

    KeyFields keys(int stage) {
        return keys[stage];
    }

    int previousPositive(int stage) {
        return previousPositive[stage];
    }

    int firstPositive() {
        return firstPositive;
    }

    int lastPositive() {
        return lastPositive;
    }

    boolean hasLeading() {
        return hasLeading;
    }

    boolean hasTrailing() {
        return hasTrailing;
    }

    EventPredicate until() {
        return until;
    }

    KeyFields untilKeys() {
        return untilKeys;
    }

    /**
     * The join keys whose state the event may change: those of every stage (missing-event stages included) and of
     * the until condition it matches, each once. Where the state of one key lives is all a partitioned run needs.
     */
    public List<JoinKey> keysOf(Event event) {
        List<JoinKey> out = new ArrayList<>(1);
        for (int s = 0; s < conditions.length; s++) {
            if (conditions[s].matches(event)) {
                addNew(out, keys[s].keys(event));
            }
        }
        if (until != null && until.matches(event)) {
            addNew(out, untilKeys.keys(event));
        }
        return out;
    }

    static void addNew(List<JoinKey> out, List<JoinKey> keys) {
        for (JoinKey key : keys) {
            if (!out.contains(key)) {
                out.add(key);
            }
        }
    }

    /** The event's timestamp (the rule's timestamp field) at full precision; null when it has none. */
    public Instant timestamp(Event event) {
        JsonNode value = event.firstValue(timestamp);
        return value == null ? null : FieldValues.asInstant(value, timestampType);
    }

    /** The event's tiebreaker as a comparable value ({@code Number} or {@code String}); null when none. */
    public Object tiebreaker(Event event) {
        if (tiebreaker == null) {
            return null;
        }
        JsonNode value = event.firstValue(tiebreaker);
        if (value == null) {
            return null;
        }
        return tiebreakerType.isNumeric() || value.isNumber()
                ? FieldValues.asNumber(value)
                : FieldValues.asString(value);
    }

    /** An identity of the plan's shape, so that state saved for one version of a rule is not restored into another. */
    public String fingerprint() {
        return Integer.toHexString(query.source().text().strip().hashCode()) + "/" + stageCount();
    }
}
