package io.verdict.eql.sample;

import io.verdict.eql.CompiledEql;
import io.verdict.eql.QueryKind;
import io.verdict.eql.ast.Query;
import io.verdict.eql.sequence.JoinKey;
import io.verdict.eql.sequence.KeyFields;
import io.verdict.event.Event;
import io.verdict.event.EventPredicate;
import java.util.ArrayList;
import java.util.List;

/**
 * A compiled {@code sample} laid out for matching: per filter its condition and its join-key fields (the query's
 * {@code by} followed by the filter's own, compared positionally). Immutable and thread-safe.
 */
public final class SamplePlan {

    private final CompiledEql query;
    private final EventPredicate[] conditions;
    private final KeyFields[] keys;

    private SamplePlan(CompiledEql query) {
        this.query = query;
        Query.SampleQuery ast = (Query.SampleQuery) query.ast();
        List<KeyFields> keyList = new ArrayList<>();
        for (Query.Stage stage : ast.stages()) {
            keyList.add(KeyFields.of(ast.by(), stage.by(), query.options().schema()));
        }
        this.conditions = query.stageConditions().toArray(EventPredicate[]::new);
        this.keys = keyList.toArray(KeyFields[]::new);
    }

    /** The plan of a compiled sample; {@link IllegalArgumentException} for any other kind of query. */
    public static SamplePlan of(CompiledEql query) {
        if (query.kind() != QueryKind.SAMPLE) {
            throw new IllegalArgumentException("not a sample: " + query);
        }
        return new SamplePlan(query);
    }

    public CompiledEql query() {
        return query;
    }

    public int filterCount() {
        return conditions.length;
    }

    /** An identity of the query, so that state saved for one version of a rule is not restored into another. */
    public String fingerprint() {
        return Integer.toHexString(query.source().text().strip().hashCode()) + "/" + filterCount();
    }

    /** The join keys whose samples the event may join: those of every filter it matches, each once. */
    public List<JoinKey> keysOf(Event event) {
        List<JoinKey> out = new ArrayList<>(1);
        for (int f = 0; f < conditions.length; f++) {
            if (conditions[f].matches(event)) {
                for (JoinKey key : keys[f].keys(event)) {
                    if (!out.contains(key)) {
                        out.add(key);
                    }
                }
            }
        }
        return out;
    }

    EventPredicate condition(int filter) {
        return conditions[filter];
    }

    KeyFields keys(int filter) {
        return keys[filter];
    }
}
