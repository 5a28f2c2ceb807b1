package io.verdict.kql;

import io.verdict.event.DateMath;
import java.util.ArrayList;
import java.util.List;

/**
 * A lower time bound relative to {@code now} taken out of a KQL query ({@code @timestamp >= "now-30d/d"}), so that
 * its {@code now} can be a time other than the clock's: an indicator match rule's threat query reads it at event
 * time. Only a conjunct of the query's top level can be taken out; one anywhere else stays in the query and is read
 * with the clock there ({@link Split#clockBound}).
 *
 * @param field  the date field bounded
 * @param strict {@code >} rather than {@code >=}
 * @param text   the bound as written
 */
public record TimeBound(String field, boolean strict, String text) {

    /**
     * A query with its time bound taken out.
     *
     * @param rest       what is left to evaluate as usual ({@link KqlNode.MatchAll} when the bound was all)
     * @param bound      null when the query has no bound that could be taken out
     * @param clockBound the query still holds a range relative to {@code now}, evaluated with the clock
     */
    public record Split(KqlNode rest, TimeBound bound, boolean clockBound) {}

    /** The first top-level {@code field > now...} or {@code >=} conjunct of {@code tree}, taken out. */
    public static Split split(KqlNode tree) {
        List<KqlNode> conjuncts = tree instanceof KqlNode.And and ? and.operands() : List.of(tree);
        TimeBound bound = null;
        List<KqlNode> rest = new ArrayList<>(conjuncts.size());
        for (KqlNode node : conjuncts) {
            TimeBound found = bound == null ? of(node) : null;
            if (found != null) {
                bound = found;
            } else {
                rest.add(node);
            }
        }
        KqlNode left = rest.isEmpty()
                ? new KqlNode.MatchAll(tree.offset())
                : rest.size() == 1 ? rest.get(0) : new KqlNode.And(rest, tree.offset());
        return new Split(left, bound, relativeRange(left));
    }

    private static TimeBound of(KqlNode node) {
        if (node instanceof KqlNode.Range range
                && !range.field().isWildcard()
                && (range.operator() == KqlNode.RangeOperator.GTE || range.operator() == KqlNode.RangeOperator.GT)
                && range.value().text().trim().startsWith("now")
                && DateMath.parse(range.value().text()) != null) {
            return new TimeBound(
                    range.field().name(),
                    range.operator() == KqlNode.RangeOperator.GT,
                    range.value().text());
        }
        return null;
    }

    private static boolean relativeRange(KqlNode node) {
        if (node instanceof KqlNode.Range r) {
            return r.value().text().trim().startsWith("now");
        }
        if (node instanceof KqlNode.And a) {
            return a.operands().stream().anyMatch(TimeBound::relativeRange);
        }
        if (node instanceof KqlNode.Or o) {
            return o.operands().stream().anyMatch(TimeBound::relativeRange);
        }
        if (node instanceof KqlNode.Not n) {
            return relativeRange(n.operand());
        }
        return node instanceof KqlNode.Nested n && relativeRange(n.query());
    }

    /**
     * The earliest time (epoch millis) the field may hold at time {@code nowMillis}; a strict bound is exclusive,
     * so the earliest is one millisecond past it.
     */
    public long earliest(long nowMillis) {
        // a lower bound rounds down when inclusive and up when exclusive, as the range query does
        long at = DateMath.parse(text).resolve(nowMillis, strict).toEpochMilli();
        return strict ? at + 1 : at;
    }
}
