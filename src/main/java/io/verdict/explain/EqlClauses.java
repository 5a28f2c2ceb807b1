package io.verdict.explain;

import io.verdict.eql.ast.Expr;
import io.verdict.eql.compile.EqlPlanner;
import io.verdict.event.Event;
import io.verdict.event.FieldPath;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** Walks an EQL condition into clauses, deciding each with the engine's planner, and names the usual traps. */
final class EqlClauses {

    private final EqlPlanner planner;
    private final Event event;

    EqlClauses(EqlPlanner planner, Event event) {
        this.planner = planner;
        this.event = event;
    }

    Clause clause(Expr e) {
        boolean result = decide(e);
        if (e instanceof Expr.And || e instanceof Expr.Or) {
            List<Clause> children = new ArrayList<>();
            flatten(e, e.getClass(), children);
            return new Clause(
                    EqlPrinter.print(e), e instanceof Expr.And ? "and" : "or", result, Map.of(), null, false, children);
        }
        if (e instanceof Expr.Not not) {
            return new Clause(
                    EqlPrinter.print(e), "not", result, Map.of(), null, false, List.of(clause(not.operand())));
        }
        Set<String> fields = new LinkedHashSet<>();
        fields(e, fields);
        Map<String, Object> read = Explainer.values(event, fields);
        return new Clause(
                EqlPrinter.print(e), null, result, read, result ? null : hint(e, fields, read), false, List.of());
    }

    private void flatten(Expr e, Class<?> kind, List<Clause> into) {
        if (kind.isInstance(e)) {
            List<Expr> operands = e instanceof Expr.And a ? a.operands() : ((Expr.Or) e).operands();
            operands.forEach(operand -> flatten(operand, kind, into));
        } else {
            into.add(clause(e));
        }
    }

    private boolean decide(Expr e) {
        return planner.condition(e).matches(event);
    }

    /** Why a leaf failed, when it is one of the traps people fall into. */
    private String hint(Expr e, Set<String> fields, Map<String, Object> read) {
        for (String field : fields) {
            if (!read.containsKey(field)) {
                return "the event has no " + field + ": a predicate on a missing field does not match (not of it does)";
            }
        }
        if (e instanceof Expr.Comparison c
                && c.op() == Expr.CompareOp.EQ
                && c.right() instanceof Expr.Literal l
                && l.value() instanceof String literal
                && c.left() instanceof Expr.Field f
                && anyValueEqualsIgnoringCase(f.name(), literal)) {
            return "== is case-sensitive: the value differs only in case; : compares ignoring case";
        }
        if (e instanceof Expr.Match m
                && !m.caseInsensitive()
                && decide(new Expr.Match(m.op(), true, m.value(), m.patterns(), m.offset()))) {
            return m.op().symbol() + " is case-sensitive; " + m.op().symbol() + "~ (or :) would match";
        }
        if (e instanceof Expr.In in
                && !in.caseInsensitive()
                && !in.negated()
                && decide(new Expr.In(in.value(), in.list(), false, true, in.offset()))) {
            return "in is case-sensitive; in~ would match";
        }
        return null;
    }

    private boolean anyValueEqualsIgnoringCase(String field, String literal) {
        for (JsonNode value : event.values(FieldPath.of(field))) {
            if (value.isString() && value.stringValue().equalsIgnoreCase(literal)) {
                return true;
            }
        }
        return false;
    }

    private static void fields(Expr e, Set<String> into) {
        if (e instanceof Expr.Field f) {
            into.add(f.name());
        } else if (e instanceof Expr.Not n) {
            fields(n.operand(), into);
        } else if (e instanceof Expr.Negate n) {
            fields(n.operand(), into);
        } else if (e instanceof Expr.Comparison c) {
            fields(c.left(), into);
            fields(c.right(), into);
        } else if (e instanceof Expr.Arithmetic a) {
            fields(a.left(), into);
            fields(a.right(), into);
        } else if (e instanceof Expr.Match m) {
            fields(m.value(), into);
        } else if (e instanceof Expr.In in) {
            fields(in.value(), into);
            in.list().forEach(x -> fields(x, into));
        } else if (e instanceof Expr.Call c) {
            c.args().forEach(x -> fields(x, into));
        }
    }
}
