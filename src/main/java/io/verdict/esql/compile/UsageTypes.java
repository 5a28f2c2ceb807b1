package io.verdict.esql.compile;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.verdict.esql.FieldTypes;
import io.verdict.esql.ast.Command;
import io.verdict.esql.ast.Expr;
import io.verdict.esql.ast.Query;
import io.verdict.esql.value.DataType;

/**
 * Types for the source fields the field catalogue does not know, read from how the query uses them. Elasticsearch
 * knows every field from its mappings; Verdict's catalogue lacks some integration fields, which would otherwise all
 * read as keyword, and a rule that compares one with a number ({@code error_code == 50053}) would not compile
 * although Elasticsearch accepts it. A field compared with (or computed with) a number or a boolean literal, or
 * averaged, or coalesced
 * with a typed field, takes that type; so does a field whose copy ({@code EVAL x = f}, {@code STATS x = MAX(f)},
 * {@code RENAME f AS x}) is used so; that a copy's use types its source is what this pass adds to the binder, which
 * bends a field to what each use of the field itself needs. Fields the catalogue knows keep their type.
 */
public final class UsageTypes implements FieldTypes {

    /** Aggregations and functions whose result is their (first) argument's type. */
    private static final Set<String> SAME_TYPE = Set.of("MAX", "MIN", "VALUES", "TOP", "FIRST", "LAST", "MV_FIRST",
            "MV_LAST", "MV_MIN", "MV_MAX", "MV_DEDUPE", "MV_SORT", "MV_SLICE", "COALESCE", "SAMPLE");
    /** Aggregations that take numbers only. */
    private static final Set<String> NUMERIC = Set.of("AVG", "SUM", "MEDIAN", "PERCENTILE", "STD_DEV", "VARIANCE",
            "MEDIAN_ABSOLUTE_DEVIATION", "MV_AVG", "MV_SUM", "MV_MEDIAN");

    private final FieldTypes known;
    private final Map<String, DataType> used;

    private UsageTypes(FieldTypes known, Map<String, DataType> used) {
        this.known = known;
        this.used = Map.copyOf(used);
    }

    /** The catalogue's types, with the types the query's uses give the fields it lacks. */
    public static FieldTypes of(Query query, FieldTypes known) {
        Map<String, DataType> direct = new HashMap<>();
        Map<String, String> copies = new HashMap<>();
        for (Command command : query.commands()) {
            if (command instanceof Command.Where w) {
                walk(w.condition(), direct, known);
            } else if (command instanceof Command.Eval e) {
                e.fields().forEach(f -> field(f.name(), f.expr(), direct, copies, known));
            } else if (command instanceof Command.Stats s) {
                s.aggregates().forEach(a -> {
                    field(a.name(), a.expr(), direct, copies, known);
                    if (a.filter() != null) {
                        walk(a.filter(), direct, known);
                    }
                });
                s.groups().forEach(g -> field(g.name(), g.expr(), direct, copies, known));
            } else if (command instanceof Command.Rename r) {
                r.renamings().forEach(n -> copies.put(n.to(), n.from()));
            } else if (command instanceof Command.Sort s) {
                s.orders().forEach(o -> walk(o.expr(), direct, known));
            }
        }
        // a copy used as a number makes its source one: follow the copies back to the source fields
        Map<String, DataType> used = new HashMap<>();
        direct.forEach((name, type) -> {
            String at = name;
            for (int hops = 0; hops < 32 && at != null; hops++) {
                if (known.typeOf(at) == null && !copies.containsKey(at)) {
                    used.putIfAbsent(at, type);
                }
                at = copies.get(at);
            }
        });
        return used.isEmpty() ? known : new UsageTypes(known, used);
    }

    private static void field(String name, Expr expr, Map<String, DataType> direct, Map<String, String> copies,
                              FieldTypes known) {
        String source = copied(expr);
        if (name != null && source != null) {
            copies.putIfAbsent(name, source);
        }
        walk(expr, direct, known);
    }

    /** The field an expression copies (a name, or a function returning its argument's type), else null. */
    private static String copied(Expr expr) {
        if (expr instanceof Expr.Attribute a) {
            return a.name();
        }
        if (expr instanceof Expr.Call c && SAME_TYPE.contains(c.name()) && !c.args().isEmpty()) {
            return copied(c.args().get(0));
        }
        return null;
    }

    private static void walk(Expr expr, Map<String, DataType> direct, FieldTypes known) {
        if (expr instanceof Expr.Binary b) {
            if (b.op().comparison() || b.op().arithmetic()) {
                compared(b.left(), b.right(), direct);
                compared(b.right(), b.left(), direct);
            }
            walk(b.left(), direct, known);
            walk(b.right(), direct, known);
        } else if (expr instanceof Expr.In in) {
            for (Expr item : in.list()) {
                compared(in.value(), item, direct);
            }
            walk(in.value(), direct, known);
            in.list().forEach(e -> walk(e, direct, known));
        } else if (expr instanceof Expr.Unary u) {
            walk(u.operand(), direct, known);
        } else if (expr instanceof Expr.IsNull n) {
            walk(n.value(), direct, known);
        } else if (expr instanceof Expr.Like l) {
            walk(l.value(), direct, known);
        } else if (expr instanceof Expr.Cast c) {
            walk(c.value(), direct, known);
        } else if (expr instanceof Expr.Match m) {
            walk(m.field(), direct, known);
        } else if (expr instanceof Expr.Call c) {
            if (NUMERIC.contains(c.name()) && !c.args().isEmpty() && copied(c.args().get(0)) != null) {
                direct.putIfAbsent(copied(c.args().get(0)), DataType.DOUBLE);
            }
            if (c.name().equals("COALESCE")) {
                coalesced(c.args(), direct, known);
            }
            c.args().forEach(e -> walk(e, direct, known));
        }
    }

    /** {@code name OP literal}: the name takes the literal's type when that is a number or a boolean. */
    private static void compared(Expr side, Expr other, Map<String, DataType> direct) {
        String name = copied(side);
        if (name == null) {
            return;
        }
        Expr literal = other instanceof Expr.Unary u && u.op() == Expr.UnaryOp.NEGATE ? u.operand() : other;
        if (literal instanceof Expr.Literal l) {
            DataType type = l.type() == DataType.INTEGER || l.type() == DataType.LONG ? DataType.LONG
                    : l.type() == DataType.DOUBLE || l.type() == DataType.BOOLEAN ? l.type() : null;
            if (type != null) {
                direct.merge(name, type, (a, b) -> a == DataType.DOUBLE || b == DataType.DOUBLE ? DataType.DOUBLE : a);
            }
        }
    }

    /** {@code COALESCE(a, b)}: an argument of no known type takes the type of one that has one. */
    private static void coalesced(List<Expr> args, Map<String, DataType> direct, FieldTypes known) {
        DataType type = null;
        for (Expr arg : args) {
            if (arg instanceof Expr.Attribute a && known.typeOf(a.name()) != null) {
                type = known.typeOf(a.name());
                break;
            }
        }
        if (type == null || type.string()) {
            return;
        }
        for (Expr arg : args) {
            if (arg instanceof Expr.Attribute a && known.typeOf(a.name()) == null) {
                direct.putIfAbsent(a.name(), type);
            }
        }
    }

    @Override
    public DataType typeOf(String field) {
        DataType type = known.typeOf(field);
        return type != null ? type : used.get(field);
    }

    @Override
    public Set<String> names() {
        return known.names();
    }
}
