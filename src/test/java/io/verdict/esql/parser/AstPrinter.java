package io.verdict.esql.parser;

import io.verdict.esql.ast.Command;
import io.verdict.esql.ast.Expr;
import io.verdict.esql.ast.Query;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A compact, unambiguous rendering of a parsed query for tests: each command on its own, expressions in prefix
 * form with literal types ({@code (== a 1:integer)}), so a table of expected shapes stays readable.
 */
public final class AstPrinter {

    private AstPrinter() {}

    public static String print(Query query) {
        return query.commands().stream().map(AstPrinter::command).collect(Collectors.joining(" | "));
    }

    static String command(Command command) {
        if (command instanceof Command.From f) {
            return "FROM " + String.join(",", f.patterns())
                    + (f.metadata().isEmpty() ? "" : " METADATA " + String.join(",", f.metadata()));
        }
        if (command instanceof Command.Row r) {
            return "ROW " + fields(r.fields());
        }
        if (command instanceof Command.Where w) {
            return "WHERE " + expr(w.condition());
        }
        if (command instanceof Command.Eval e) {
            return "EVAL " + fields(e.fields());
        }
        if (command instanceof Command.Stats s) {
            String aggs = s.aggregates().stream()
                    .map(a ->
                            a.name() + "=" + expr(a.expr()) + (a.filter() == null ? "" : " WHERE " + expr(a.filter())))
                    .collect(Collectors.joining(", "));
            return s.keyword() + " " + aggs + (s.groups().isEmpty() ? "" : " BY " + fields(s.groups()));
        }
        if (command instanceof Command.Keep k) {
            return "KEEP "
                    + k.patterns().stream().map(Command.NamePattern::pattern).collect(Collectors.joining(","));
        }
        if (command instanceof Command.Drop d) {
            return "DROP "
                    + d.patterns().stream().map(Command.NamePattern::pattern).collect(Collectors.joining(","));
        }
        if (command instanceof Command.Rename r) {
            return "RENAME "
                    + r.renamings().stream().map(x -> x.from() + "->" + x.to()).collect(Collectors.joining(","));
        }
        if (command instanceof Command.Sort s) {
            return "SORT "
                    + s.orders().stream()
                            .map(o -> expr(o.expr())
                                    + (o.ascending() ? " ASC" : " DESC")
                                    + (o.nullsFirst() == null ? "" : o.nullsFirst() ? " NULLS FIRST" : " NULLS LAST"))
                            .collect(Collectors.joining(", "));
        }
        if (command instanceof Command.Limit l) {
            return "LIMIT " + l.count();
        }
        if (command instanceof Command.MvExpand m) {
            return "MV_EXPAND " + m.column().name();
        }
        if (command instanceof Command.Dissect d) {
            return "DISSECT " + expr(d.input()) + " " + expr(d.pattern())
                    + (d.appendSeparator() == null ? "" : " SEP=" + d.appendSeparator());
        }
        if (command instanceof Command.Grok g) {
            return "GROK " + expr(g.input()) + " "
                    + g.patterns().stream().map(AstPrinter::expr).collect(Collectors.joining(","));
        }
        Command.Unsupported u = (Command.Unsupported) command;
        return "UNSUPPORTED " + u.keyword();
    }

    private static String fields(List<Command.Field> fields) {
        return fields.stream().map(f -> f.name() + "=" + expr(f.expr())).collect(Collectors.joining(", "));
    }

    public static String expr(Expr expr) {
        if (expr instanceof Expr.Literal l) {
            Object v = l.value() instanceof String s
                    ? '"' + s.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t") + '"'
                    : l.value();
            return v + ":" + l.type().esName();
        }
        if (expr instanceof Expr.Attribute a) {
            return a.name().matches("[A-Za-z0-9_.@]+") ? a.name() : "`" + a.name() + "`";
        }
        if (expr instanceof Expr.Star) {
            return "*";
        }
        if (expr instanceof Expr.Call c) {
            String options = c.options().isEmpty()
                    ? ""
                    : " "
                            + new TreeMap<>(c.options())
                                    .entrySet().stream()
                                            .map(e -> e.getKey() + ":" + expr(e.getValue()))
                                            .collect(Collectors.joining(",", "{", "}"));
            return "(" + c.name() + args(c.args()) + options + ")";
        }
        if (expr instanceof Expr.Unary u) {
            return "(" + (u.op() == Expr.UnaryOp.NOT ? "NOT" : "NEG") + " " + expr(u.operand()) + ")";
        }
        if (expr instanceof Expr.Binary b) {
            return "(" + b.op().symbol() + " " + expr(b.left()) + " " + expr(b.right()) + ")";
        }
        if (expr instanceof Expr.In i) {
            return "(" + (i.negated() ? "NOT IN " : "IN ") + expr(i.value()) + " ["
                    + i.list().stream().map(AstPrinter::expr).collect(Collectors.joining(" ")) + "])";
        }
        if (expr instanceof Expr.IsNull n) {
            return "(" + (n.negated() ? "IS NOT NULL " : "IS NULL ") + expr(n.value()) + ")";
        }
        if (expr instanceof Expr.Like l) {
            return "(" + (l.negated() ? "NOT " : "") + (l.regex() ? "RLIKE " : "LIKE ") + expr(l.value()) + " ["
                    + l.patterns().stream().map(AstPrinter::expr).collect(Collectors.joining(" ")) + "])";
        }
        if (expr instanceof Expr.Cast c) {
            return "(:: " + expr(c.value()) + " " + c.type() + ")";
        }
        Expr.Match m = (Expr.Match) expr;
        return "(: " + expr(m.field()) + " " + expr(m.query()) + ")";
    }

    private static String args(List<Expr> args) {
        return args.stream().map(a -> " " + expr(a)).collect(Collectors.joining());
    }
}
