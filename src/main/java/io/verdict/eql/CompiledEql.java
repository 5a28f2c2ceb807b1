package io.verdict.eql;

import io.verdict.eql.ast.Query;
import io.verdict.event.Event;
import io.verdict.event.EventPredicate;
import io.verdict.query.SourceText;
import java.util.List;
import java.util.Locale;

/**
 * A compiled EQL query: immutable and thread-safe, compiled once and evaluated many times.
 *
 * <p>An {@link QueryKind#EVENT} query answers {@link #matches(Event)}. A sequence or a sample is parsed, checked
 * and its stage filters compiled ({@link #stageConditions()}), but it {@linkplain #needsStatefulEvaluation()
 * needs stateful evaluation}, which this class does not do: {@link #ast()} keeps its join keys, maxspan, runs,
 * until and missing events for the stateful evaluators ({@link io.verdict.eql.sequence.SequencePlan},
 * {@link io.verdict.eql.sample.SamplePlan}). Pipes ({@code | head}, {@code | tail}) act on a result list, not on
 * one event; they are kept in {@link #pipes()}.
 */
public final class CompiledEql {

    private final SourceText source;
    private final Query ast;
    private final QueryKind kind;
    private final EqlOptions options;
    private final EventPredicate condition;
    private final List<EventPredicate> stageConditions;
    private final List<String> fieldNames;

    CompiledEql(
            SourceText source,
            Query ast,
            QueryKind kind,
            EqlOptions options,
            EventPredicate condition,
            List<EventPredicate> stageConditions,
            List<String> fieldNames) {
        this.source = source;
        this.ast = ast;
        this.kind = kind;
        this.options = options;
        this.condition = condition;
        this.stageConditions = List.copyOf(stageConditions);
        this.fieldNames = List.copyOf(fieldNames);
    }

    public QueryKind kind() {
        return kind;
    }

    public boolean needsStatefulEvaluation() {
        return kind.needsStatefulEvaluation();
    }

    /**
     * Whether the event matches this single-event query, as Elasticsearch would decide it.
     *
     * @throws IllegalStateException for a sequence or sample, which needs stateful evaluation
     */
    public boolean matches(Event event) {
        if (condition == null) {
            throw new IllegalStateException("a " + kind.name().toLowerCase(Locale.ROOT)
                    + " query needs stateful evaluation; it cannot be decided on one event");
        }
        return condition.matches(event);
    }

    /**
     * The compiled filters of the query's stages in order (for a sequence: its stages, then the until stage if
     * any; for a sample: its filters; for an event query: its one filter). Join keys are not applied here.
     */
    public List<EventPredicate> stageConditions() {
        return stageConditions;
    }

    /** The fields the query reads, in order of first appearance (the category field first when one is named). */
    public List<String> fieldNames() {
        return fieldNames;
    }

    public List<Query.Pipe> pipes() {
        return ast.pipes();
    }

    /** The checked syntax tree. */
    public Query ast() {
        return ast;
    }

    public SourceText source() {
        return source;
    }

    public EqlOptions options() {
        return options;
    }

    @Override
    public String toString() {
        return kind + " " + source.text().strip();
    }
}
