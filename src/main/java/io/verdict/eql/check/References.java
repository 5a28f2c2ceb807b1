package io.verdict.eql.check;

import io.verdict.eql.ast.Expr;
import io.verdict.eql.ast.Query;
import io.verdict.eql.ast.Query.Stage;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/** The fields an expression or query reads, in order of first appearance. */
public final class References {

    private References() {}

    /** Whether the expression reads any field; stops at the first one found. */
    public static boolean hasField(Expr e) {
        if (e instanceof Expr.Field) {
            return true;
        }
        if (e instanceof Expr.Literal) {
            return false;
        }
        if (e instanceof Expr.Not n) {
            return hasField(n.operand());
        }
        if (e instanceof Expr.Negate n) {
            return hasField(n.operand());
        }
        if (e instanceof Expr.And a) {
            return a.operands().stream().anyMatch(References::hasField);
        }
        if (e instanceof Expr.Or o) {
            return o.operands().stream().anyMatch(References::hasField);
        }
        if (e instanceof Expr.Comparison c) {
            return hasField(c.left()) || hasField(c.right());
        }
        if (e instanceof Expr.Arithmetic a) {
            return hasField(a.left()) || hasField(a.right());
        }
        if (e instanceof Expr.Match m) {
            return hasField(m.value()) || m.patterns().stream().anyMatch(References::hasField);
        }
        if (e instanceof Expr.In in) {
            return hasField(in.value()) || in.list().stream().anyMatch(References::hasField);
        }
        return e instanceof Expr.Call c && c.args().stream().anyMatch(References::hasField);
    }

    public static Set<String> fields(Expr e) {
        Set<String> out = new LinkedHashSet<>();
        collect(e, f -> out.add(f.name()));
        return out;
    }

    /** Every field the query reads: the category field (when a filter names a category), conditions, join keys. */
    public static Set<String> fields(Query query, String categoryField) {
        Set<String> out = new LinkedHashSet<>();
        walk(query, () -> out.add(categoryField), f -> out.add(f.name()));
        return out;
    }

    /**
     * Every field reference written in the query, with its offset, in order of appearance (a field written twice
     * is here twice): conditions, join keys of the query and of each stage, function arguments.
     */
    public static List<Expr.Field> fieldReferences(Query query) {
        List<Expr.Field> out = new ArrayList<>();
        walk(query, () -> {}, out::add);
        return out;
    }

    private static void walk(Query query, Runnable category, Consumer<Expr.Field> out) {
        if (query instanceof Query.EventQuery q) {
            filter(q.filter(), category, out);
        } else if (query instanceof Query.SequenceQuery q) {
            q.by().forEach(k -> collect(k, out));
            q.stages().forEach(s -> stage(s, category, out));
            if (q.until() != null) {
                stage(q.until(), category, out);
            }
        } else if (query instanceof Query.SampleQuery q) {
            q.by().forEach(k -> collect(k, out));
            q.stages().forEach(s -> stage(s, category, out));
        }
    }

    private static void stage(Stage stage, Runnable category, Consumer<Expr.Field> out) {
        filter(stage.filter(), category, out);
        stage.by().forEach(k -> collect(k, out));
    }

    private static void filter(Query.EventFilter filter, Runnable category, Consumer<Expr.Field> out) {
        if (filter.category() != null) {
            category.run();
        }
        collect(filter.condition(), out);
    }

    private static void collect(Expr e, Consumer<Expr.Field> out) {
        if (e instanceof Expr.Field f) {
            out.accept(f);
        } else if (e instanceof Expr.Not n) {
            collect(n.operand(), out);
        } else if (e instanceof Expr.And a) {
            a.operands().forEach(operand -> collect(operand, out));
        } else if (e instanceof Expr.Or o) {
            o.operands().forEach(operand -> collect(operand, out));
        } else if (e instanceof Expr.Comparison c) {
            collect(c.left(), out);
            collect(c.right(), out);
        } else if (e instanceof Expr.Match m) {
            collect(m.value(), out);
            m.patterns().forEach(p -> collect(p, out));
        } else if (e instanceof Expr.In in) {
            collect(in.value(), out);
            in.list().forEach(p -> collect(p, out));
        } else if (e instanceof Expr.Arithmetic a) {
            collect(a.left(), out);
            collect(a.right(), out);
        } else if (e instanceof Expr.Negate n) {
            collect(n.operand(), out);
        } else if (e instanceof Expr.Call c) {
            c.args().forEach(a -> collect(a, out));
        }
    }
}
