package io.verdict.esql.compile;

import io.verdict.esql.FieldTypes;
import io.verdict.esql.ast.Command;
import io.verdict.esql.ast.Expr;
import io.verdict.esql.ast.Query;
import io.verdict.esql.value.DataType;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The types of source fields the field types do not know, guessed from how the query uses them: a field (or a
 * column made from it by {@code MAX}, {@code VALUES}, {@code MV_FIRST} ...) compared with a number, in arithmetic
 * with one, or aggregated by {@code AVG}/{@code SUM} is a number (long, or double where a decimal is involved).
 * Fields with no such use stay keywords. Rules are written against integration mappings Verdict does not carry; a
 * keyword read of a numeric field would make every such comparison an error.
 */
final class Guesses {

    private static final Set<String> TRANSPARENT = Set.of(
            "MAX",
            "MIN",
            "VALUES",
            "MV_MAX",
            "MV_MIN",
            "MV_FIRST",
            "MV_LAST",
            "COALESCE",
            "TOP",
            "FIRST",
            "LAST",
            "MV_DEDUPE",
            "MV_SORT");
    private static final Set<String> NUMERIC = Set.of(
            "AVG",
            "SUM",
            "MEDIAN",
            "PERCENTILE",
            "STD_DEV",
            "VARIANCE",
            "MV_SUM",
            "MV_AVG",
            "MV_MEDIAN",
            "ROUND",
            "ABS",
            "CEIL",
            "FLOOR",
            "MEDIAN_ABSOLUTE_DEVIATION");

    private final Map<String, DataType> uses = new HashMap<>();
    private final Map<String, String> aliases = new HashMap<>();

    private Guesses() {}

    /** Guessed types by field name, for the fields {@code types} does not know. */
    static Map<String, DataType> of(Query query, FieldTypes types) {
        Guesses g = new Guesses();
        for (Command c : query.commands()) {
            g.command(c);
        }
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Map.Entry<String, String> a : g.aliases.entrySet()) {
                DataType t = g.uses.get(a.getKey());
                if (t != null && !t.equals(g.uses.get(a.getValue()))) {
                    DataType merged =
                            g.uses.containsKey(a.getValue()) ? TypeRules.wider(t, g.uses.get(a.getValue())) : t;
                    if (!merged.equals(g.uses.get(a.getValue()))) {
                        g.uses.put(a.getValue(), merged);
                        changed = true;
                    }
                }
            }
        }
        Map<String, DataType> guessed = new HashMap<>();
        g.uses.forEach((name, type) -> {
            if (types.typeOf(name) == null) {
                guessed.put(name, type);
            }
        });
        return guessed;
    }

    private void command(Command c) {
        if (c instanceof Command.Where w) {
            expr(w.condition());
        } else if (c instanceof Command.Eval e) {
            for (Command.Field f : e.fields()) {
                alias(f.name(), f.expr());
                expr(f.expr());
            }
        } else if (c instanceof Command.Stats s) {
            for (Command.Aggregate a : s.aggregates()) {
                alias(a.name(), a.expr());
                expr(a.expr());
                if (a.filter() != null) {
                    expr(a.filter());
                }
            }
            for (Command.Field f : s.groups()) {
                alias(f.name(), f.expr());
                expr(f.expr());
            }
        } else if (c instanceof Command.Rename r) {
            for (Command.Renaming rn : r.renamings()) {
                aliases.put(rn.to(), rn.from());
            }
        } else if (c instanceof Command.Sort s) {
            for (Command.Order o : s.orders()) {
                expr(o.expr());
            }
        }
    }

    private void alias(String name, Expr e) {
        String origin = origin(e);
        if (name != null && origin != null && !origin.equals(name)) {
            aliases.put(name, origin);
        }
    }

    private static String origin(Expr e) {
        if (e instanceof Expr.Attribute a) {
            return a.name();
        }
        if (e instanceof Expr.Call c
                && TRANSPARENT.contains(c.name())
                && !c.args().isEmpty()) {
            return origin(c.args().get(0));
        }
        return null;
    }

    private static DataType number(Expr e) {
        if (e instanceof Expr.Literal l && l.type().numeric()) {
            return l.type() == DataType.DOUBLE ? DataType.DOUBLE : DataType.LONG;
        }
        if (e instanceof Expr.Unary u && u.op() == Expr.UnaryOp.NEGATE) {
            return number(u.operand());
        }
        return null;
    }

    private void use(Expr e, DataType type) {
        String origin = origin(e);
        if (origin != null && type != null) {
            uses.merge(origin, type, TypeRules::wider);
        }
    }

    private void expr(Expr e) {
        if (e instanceof Expr.Binary b) {
            if (b.op().arithmetic() || b.op().comparison() && b.op() != Expr.BinaryOp.INSENSITIVE_EQ) {
                use(b.left(), number(b.right()));
                use(b.right(), number(b.left()));
                if (b.op().arithmetic()) {
                    use(b.left(), DataType.LONG);
                    use(b.right(), DataType.LONG);
                }
            }
            expr(b.left());
            expr(b.right());
        } else if (e instanceof Expr.Unary u) {
            if (u.op() == Expr.UnaryOp.NEGATE) {
                use(u.operand(), DataType.LONG);
            }
            expr(u.operand());
        } else if (e instanceof Expr.Call c) {
            if (NUMERIC.contains(c.name()) && !c.args().isEmpty()) {
                use(c.args().get(0), DataType.LONG);
            }
            c.args().forEach(this::expr);
        } else if (e instanceof Expr.In in) {
            for (Expr x : in.list()) {
                use(in.value(), number(x));
            }
            expr(in.value());
            in.list().forEach(this::expr);
        } else if (e instanceof Expr.IsNull n) {
            expr(n.value());
        } else if (e instanceof Expr.Like l) {
            expr(l.value());
        } else if (e instanceof Expr.Cast c) {
            expr(c.value());
        }
    }
}
