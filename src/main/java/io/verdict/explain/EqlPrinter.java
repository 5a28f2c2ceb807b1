package io.verdict.explain;

import io.verdict.eql.ast.Expr;
import java.util.stream.Collectors;

/** An EQL expression back as text, for showing a clause; parenthesises nested and/or so the text reads as parsed. */
final class EqlPrinter {

    private EqlPrinter() {}

    static String print(Expr e) {
        if (e instanceof Expr.Literal l) {
            return literal(l.value());
        }
        if (e instanceof Expr.Field f) {
            return (f.optional() ? "?" : "") + field(f.name());
        }
        if (e instanceof Expr.Not n) {
            return "not " + group(n.operand());
        }
        if (e instanceof Expr.And a) {
            return a.operands().stream().map(EqlPrinter::group).collect(Collectors.joining(" and "));
        }
        if (e instanceof Expr.Or o) {
            return o.operands().stream().map(EqlPrinter::group).collect(Collectors.joining(" or "));
        }
        if (e instanceof Expr.Comparison c) {
            return print(c.left()) + " " + c.op().symbol() + " " + print(c.right());
        }
        if (e instanceof Expr.Match m) {
            return print(m.value()) + " " + m.op().symbol()
                    + (m.caseInsensitive() && m.op() != Expr.MatchOp.SEQ ? "~" : "") + " " + list(m.patterns());
        }
        if (e instanceof Expr.In i) {
            return print(i.value()) + (i.negated() ? " not in" : " in") + (i.caseInsensitive() ? "~" : "") + " ("
                    + i.list().stream().map(EqlPrinter::print).collect(Collectors.joining(", ")) + ")";
        }
        if (e instanceof Expr.Arithmetic a) {
            return group(a.left()) + " " + a.op().symbol() + " " + group(a.right());
        }
        if (e instanceof Expr.Negate n) {
            return "-" + group(n.operand());
        }
        Expr.Call c = (Expr.Call) e;
        return c.name() + (c.caseInsensitive() ? "~" : "") + "("
                + c.args().stream().map(EqlPrinter::print).collect(Collectors.joining(", ")) + ")";
    }

    private static String list(java.util.List<Expr> items) {
        return items.size() == 1
                ? print(items.get(0))
                : "(" + items.stream().map(EqlPrinter::print).collect(Collectors.joining(", ")) + ")";
    }

    private static String group(Expr e) {
        return e instanceof Expr.And || e instanceof Expr.Or || e instanceof Expr.Arithmetic
                ? "(" + print(e) + ")"
                : print(e);
    }

    private static String field(String name) {
        return name.matches("[A-Za-z_@][A-Za-z0-9_.@]*") ? name : "`" + name.replace("`", "``") + "`";
    }

    static String literal(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String s) {
            return "\""
                    + s.replace("\\", "\\\\")
                            .replace("\"", "\\\"")
                            .replace("\n", "\\n")
                            .replace("\t", "\\t") + "\"";
        }
        return value.toString();
    }
}
