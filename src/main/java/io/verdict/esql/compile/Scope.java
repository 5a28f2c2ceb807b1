package io.verdict.esql.compile;

import io.verdict.esql.ast.Expr;

/** What names mean where an expression is bound: the columns before a command, or the groups of a STATS. */
interface Scope {

    /** The column {@code name} stands for; reports a problem and answers {@link Typed#ERROR} when there is none. */
    Typed resolve(Expr.Attribute name);

    /** An aggregation call, bound as a column of the STATS it is in; null where aggregations are not allowed. */
    default Typed aggregate(Expr.Call call) {
        return null;
    }

    /**
     * Whether {@code e} names a source field the field types do not know (read as keyword): where a query uses it as
     * another type, it is converted to that type rather than refused.
     */
    default boolean guessed(Expr e) {
        return false;
    }

    /** Whether rows here are the source documents, which {@code KQL()} and {@code MATCH} read. */
    default boolean documents() {
        return false;
    }
}
