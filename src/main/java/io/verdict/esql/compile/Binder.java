package io.verdict.esql.compile;

import io.verdict.esql.ast.Expr;
import io.verdict.esql.ast.Query;
import io.verdict.esql.function.Functions;
import io.verdict.esql.function.ScalarFunction;
import io.verdict.esql.run.Call;
import io.verdict.esql.run.Evaluator;
import io.verdict.esql.run.Logic;
import io.verdict.esql.run.Operators;
import io.verdict.esql.run.Patterns;
import io.verdict.esql.run.Run;
import io.verdict.esql.run.Site;
import io.verdict.esql.text.LikePattern;
import io.verdict.esql.text.RlikePattern;
import io.verdict.esql.value.DataType;
import io.verdict.query.Problem;
import io.verdict.query.SourceText;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Binds expressions: resolves names in a {@link Scope}, checks and unifies types, binds functions, folds what is
 * constant, and plans each into an {@link Evaluator}. Problems are collected; a failed expression binds to
 * {@link Typed#ERROR} so its parents stay quiet.
 */
final class Binder {

    private final Query query;
    private final SourceText source;
    private final List<Problem> problems;
    private final Sites sites;
    private final Searches searches;
    private final List<Problem> warnings;
    private final FunctionCalls calls;
    /** Source fields read other than as columns: those of {@code KQL()} queries, which read the raw event. */
    final java.util.Set<String> searchedFields = new java.util.LinkedHashSet<>();

    Binder(
            Query query,
            SourceText source,
            List<Problem> problems,
            List<Problem> warnings,
            Sites sites,
            Searches searches) {
        this.query = query;
        this.source = source;
        this.problems = problems;
        this.warnings = warnings;
        this.sites = sites;
        this.searches = searches;
        this.calls = new FunctionCalls(this, searches);
    }

    Sites sites() {
        return sites;
    }

    Typed error(int offset, String message) {
        problems.add(Problem.at(source, offset, message));
        return Typed.ERROR;
    }

    String text(Expr e) {
        return query.textOf(e);
    }

    Typed bind(Expr e, Scope scope) {
        if (e instanceof Expr.Literal l) {
            return Typed.constant(l.type(), l.value());
        } else if (e instanceof Expr.Attribute a) {
            Typed t = scope.resolve(a);
            // a column known before any row is its value: patterns and KQL strings may come from one
            return t.isConstant() && !(t.evaluator() instanceof io.verdict.esql.run.Constant)
                    ? Typed.constant(t.type(), t.constant())
                    : t;
        } else if (e instanceof Expr.Star s) {
            return error(s.offset(), "[*] is only allowed in COUNT(*)");
        } else if (e instanceof Expr.Call c) {
            return calls.call(c, scope);
        } else if (e instanceof Expr.Unary u) {
            return unary(u, scope);
        } else if (e instanceof Expr.Binary b) {
            return binary(b, scope);
        } else if (e instanceof Expr.In in) {
            return in(in, scope);
        } else if (e instanceof Expr.IsNull n) {
            return isNull(n, scope);
        } else if (e instanceof Expr.Like l) {
            return like(l, scope);
        } else if (e instanceof Expr.Cast c) {
            return cast(c, scope);
        }
        Expr.Match m = (Expr.Match) e;
        return searches.match(this, m, m.field(), m.query(), scope);
    }

    /** {@code e} bound as a condition: boolean (or null). */
    Typed condition(Expr e, Scope scope, String what) {
        Typed t = bind(e, scope);
        if (!t.failed() && t.type().string() && scope.guessed(e)) {
            t = bend(t, DataType.BOOLEAN, e);
        }
        if (!t.failed() && t.type() != DataType.BOOLEAN && t.type() != DataType.NULL) {
            return error(
                    e.offset(),
                    what + " [" + text(e) + "] must be [boolean], found value [" + text(e) + "] type ["
                            + t.type().esName() + "]");
        }
        return t;
    }

    /** The evaluator's value when all its inputs are constants and computing it raises no warning. */
    Typed fold(DataType type, Evaluator evaluator, boolean constant) {
        if (constant) {
            Run probe = new Run(Instant.EPOCH, sites.count(), false);
            try {
                Object value = evaluator.eval(new Object[0], probe);
                if (probe.warnings().isEmpty()) {
                    return Typed.constant(type, value);
                }
            } catch (RuntimeException e) {
                // left to fail, with its warning, when the query runs
            }
        }
        return Typed.computed(type, evaluator);
    }

    /** {@code t} converted to {@code target} by its TO_ function; null when there is none for its type. */
    Typed convert(Typed t, DataType target, Expr at) {
        String name = TypeRules.conversion(target);
        ScalarFunction f = name == null ? null : Functions.scalar(name);
        if (f == null) {
            return null;
        }
        ScalarFunction.Bound bound;
        try {
            bound = f.bind(List.of(t.type()), java.util.Arrays.asList(t.constant()));
        } catch (IllegalArgumentException e) {
            return null;
        }
        return fold(
                bound.type(),
                new Call(
                        sites.of(at),
                        new Evaluator[] {t.evaluator()},
                        bound.body(),
                        bound.multivalues(),
                        bound.nulls()),
                t.isConstant());
    }

    /**
     * A string used where the query needs {@code target} (a field the field types do not know, or a keyword compared
     * with a number): its values are read as {@code target}, with a compile warning; {@code t} when they cannot be.
     */
    Typed bend(Typed t, DataType target, Expr at) {
        Typed converted = convert(t, target, at);
        if (converted == null) {
            return t;
        }
        warnings.add(Problem.at(
                source,
                at.offset(),
                "[" + text(at) + "] is [" + t.type().esName() + "] where [" + target.esName()
                        + "] is needed: its values are read as [" + target.esName() + "]"));
        return converted;
    }

    /** The type a string is read as where it meets a value of {@code other}: numbers as long or double. */
    private static DataType bentType(DataType other) {
        return other == DataType.DOUBLE ? DataType.DOUBLE : other.numeric() ? DataType.LONG : other;
    }

    /** The type an argument check asks for ({@code must be [numeric ...]}), as the one to read a string as. */
    static DataType expected(String message) {
        int at = message.indexOf("must be [");
        String wanted = at < 0 ? "" : message.substring(at + 9, Math.max(at + 9, message.indexOf(']', at)));
        if (wanted.contains("numeric")
                || wanted.contains("double")
                || wanted.contains("long")
                || wanted.contains("integer")) {
            return DataType.DOUBLE;
        }
        if (wanted.startsWith("date") || wanted.contains("datetime")) {
            return DataType.DATETIME;
        }
        if (wanted.equals("ip")) {
            return DataType.IP;
        }
        if (wanted.equals("boolean")) {
            return DataType.BOOLEAN;
        }
        return null;
    }

    private Typed unary(Expr.Unary u, Scope scope) {
        Typed operand = bind(u.operand(), scope);
        if (operand.failed()) {
            return operand;
        }
        Site site = sites.of(u);
        if (u.op() == Expr.UnaryOp.NOT) {
            if (operand.type() != DataType.BOOLEAN && operand.type() != DataType.NULL) {
                return error(
                        u.offset(),
                        "argument of [" + text(u) + "] must be [boolean], found value [" + text(u.operand())
                                + "] type [" + operand.type().esName() + "]");
            }
            return fold(DataType.BOOLEAN, new Logic.Not(site, operand.evaluator()), operand.isConstant());
        }
        DataType t = operand.type();
        if (t == DataType.NULL) {
            return Typed.constant(DataType.NULL, null);
        }
        if (!t.numeric() && t != DataType.TIME_DURATION && t != DataType.DATE_PERIOD) {
            return error(
                    u.offset(),
                    "argument of [" + text(u) + "] must be [numeric, date_period or time_duration]," + " found value ["
                            + text(u.operand()) + "] type [" + t.esName() + "]");
        }
        Evaluator e = new Call(site, new Evaluator[] {operand.evaluator()}, Operators.negate(t), false, false);
        return fold(t, e, operand.isConstant());
    }

    private Typed binary(Expr.Binary b, Scope scope) {
        Typed l = bind(b.left(), scope);
        Typed r = bind(b.right(), scope);
        if (l.failed() || r.failed()) {
            return Typed.ERROR;
        }
        boolean constant = l.isConstant() && r.isConstant();
        Site site = sites.of(b);
        switch (b.op()) {
            case AND, OR -> {
                for (Typed t : List.of(l, r)) {
                    if (t.type() != DataType.BOOLEAN && t.type() != DataType.NULL) {
                        Expr operand = t == l ? b.left() : b.right();
                        return error(
                                operand.offset(),
                                (t == l ? "first" : "second") + " argument of [" + text(b)
                                        + "] must be [boolean], found value [" + text(operand) + "] type ["
                                        + t.type().esName() + "]");
                    }
                }
                Evaluator e = b.op() == Expr.BinaryOp.AND
                        ? new Logic.And(site, l.evaluator(), r.evaluator())
                        : new Logic.Or(site, l.evaluator(), r.evaluator());
                return fold(DataType.BOOLEAN, e, constant);
            }
            default -> {
                if (b.op().arithmetic()) {
                    if (l.type().string() && r.type().numeric() && scope.guessed(b.left())) {
                        l = bend(l, bentType(r.type()), b.left());
                    } else if (r.type().string() && l.type().numeric() && scope.guessed(b.right())) {
                        r = bend(r, bentType(l.type()), b.right());
                    }
                }
                return b.op().comparison() ? comparison(b, l, r, site) : arithmetic(b, l, r, site);
            }
        }
    }

    private Typed comparison(Expr.Binary b, Typed l, Typed r, Site site) {
        if (l.type() == DataType.NULL || r.type() == DataType.NULL) {
            return Typed.constant(DataType.BOOLEAN, null);
        }
        Typed[] pair = unify(b, l, r);
        if (pair == null) {
            return Typed.ERROR;
        }
        if (b.op() == Expr.BinaryOp.INSENSITIVE_EQ && !pair[0].type().string()) {
            return error(
                    b.offset(),
                    "first argument of [" + text(b) + "] must be [string], found value [" + text(b.left()) + "] type ["
                            + pair[0].type().esName() + "]");
        }
        if (pair[0].type() == DataType.GEO_POINT && b.op() != Expr.BinaryOp.EQ && b.op() != Expr.BinaryOp.NEQ) {
            return error(
                    b.offset(),
                    "first argument of [" + text(b) + "] must be [orderable], found value [" + text(b.left())
                            + "] type [geo_point]");
        }
        Evaluator e = new Call(
                site,
                new Evaluator[] {pair[0].evaluator(), pair[1].evaluator()},
                Operators.comparison(b.op()),
                false,
                false);
        return fold(DataType.BOOLEAN, e, l.isConstant() && r.isConstant());
    }

    /** The two operands of a comparison in one type; null (with a problem) when they cannot be. */
    private Typed[] unify(Expr.Binary b, Typed l, Typed r) {
        try {
            if (l.type() == DataType.KEYWORD
                    && l.constant() instanceof String s
                    && TypeRules.castsFromString(r.type())) {
                l = TypeRules.fromString(s, r.type());
            } else if (r.type() == DataType.KEYWORD
                    && r.constant() instanceof String s
                    && TypeRules.castsFromString(l.type())) {
                r = TypeRules.fromString(s, l.type());
            }
        } catch (IllegalArgumentException e) {
            error(b.offset(), e.getMessage() + " in [" + text(b) + "]");
            return null;
        }
        if (l.type().string() && (r.type().numeric() || r.type() == DataType.BOOLEAN)) {
            l = bend(l, bentType(r.type()), b.left());
        } else if (r.type().string() && (l.type().numeric() || l.type() == DataType.BOOLEAN)) {
            r = bend(r, bentType(l.type()), b.right());
        }
        if (l.type().numeric() && r.type().numeric()) {
            DataType w = TypeRules.wider(l.type(), r.type());
            return new Typed[] {TypeRules.widen(l, w), TypeRules.widen(r, w)};
        }
        if (!TypeRules.comparable(l.type(), r.type())) {
            error(
                    b.offset(),
                    "first argument of [" + text(b) + "] is [" + l.type().esName()
                            + "] so second argument must also be [" + l.type().esName() + "] but was ["
                            + r.type().esName() + "]");
            return null;
        }
        return new Typed[] {l, r};
    }

    private Typed arithmetic(Expr.Binary b, Typed l, Typed r, Site site) {
        DataType lt = l.type();
        DataType rt = r.type();
        boolean constant = l.isConstant() && r.isConstant();
        if (lt == DataType.NULL || rt == DataType.NULL) {
            return Typed.constant(lt == DataType.NULL ? rt : lt, null);
        }
        Evaluator[] args = {l.evaluator(), r.evaluator()};
        boolean add = b.op() == Expr.BinaryOp.ADD;
        boolean sub = b.op() == Expr.BinaryOp.SUB;
        if (lt.numeric() && rt.numeric()) {
            DataType w = TypeRules.wider(lt, rt);
            Evaluator[] widened = {
                TypeRules.widen(l, w).evaluator(), TypeRules.widen(r, w).evaluator()
            };
            return fold(w, new Call(site, widened, Operators.arithmetic(b.op(), w), false, false), constant);
        }
        boolean lSpan = lt == DataType.TIME_DURATION || lt == DataType.DATE_PERIOD;
        boolean rSpan = rt == DataType.TIME_DURATION || rt == DataType.DATE_PERIOD;
        try {
            if (rSpan && l.constant() instanceof String text) {
                l = TypeRules.fromString(text, DataType.DATETIME);
                lt = DataType.DATETIME;
                args[0] = l.evaluator();
            } else if (lSpan && r.constant() instanceof String text) {
                r = TypeRules.fromString(text, DataType.DATETIME);
                rt = DataType.DATETIME;
                args[1] = r.evaluator();
            }
        } catch (IllegalArgumentException e) {
            return error(b.offset(), e.getMessage() + " in [" + text(b) + "]");
        }
        if (lt == DataType.DATETIME && rSpan && (add || sub)) {
            return fold(lt, new Call(site, args, Operators.dateArithmetic(sub, false), false, false), constant);
        }
        if (lSpan && rt == DataType.DATETIME && add) {
            return fold(rt, new Call(site, args, Operators.dateArithmetic(false, true), false, false), constant);
        }
        if (lSpan && lt == rt && (add || sub)) {
            return fold(lt, new Call(site, args, Operators.spanArithmetic(sub), false, false), constant);
        }
        return error(
                b.offset(),
                "[" + b.op().symbol() + "] has arguments with incompatible types [" + lt.esName() + "] and ["
                        + rt.esName() + "]");
    }

    private Typed in(Expr.In in, Scope scope) {
        Typed value = bind(in.value(), scope);
        List<Typed> list = new ArrayList<>();
        boolean failed = value.failed();
        for (Expr e : in.list()) {
            Typed t = bind(e, scope);
            failed |= t.failed();
            list.add(t);
        }
        if (failed) {
            return Typed.ERROR;
        }
        if (value.type() == DataType.NULL) {
            return Typed.constant(DataType.BOOLEAN, null);
        }
        if (value.type().string()) {
            for (Typed t : list) {
                if (t.type().numeric() || t.type() == DataType.BOOLEAN) {
                    value = bend(value, bentType(t.type()), in.value());
                    break;
                }
            }
        }
        DataType target = value.type();
        for (int i = 0; i < list.size(); i++) {
            Typed t = list.get(i);
            if (t.type() == DataType.KEYWORD && t.constant() instanceof String s && TypeRules.castsFromString(target)) {
                try {
                    t = TypeRules.fromString(s, target);
                } catch (IllegalArgumentException e) {
                    return error(in.list().get(i).offset(), e.getMessage() + " in [" + text(in) + "]");
                }
                list.set(i, t);
            }
            if (t.type() == DataType.NULL) {
                continue;
            }
            if (!TypeRules.comparable(target, t.type())) {
                return error(
                        in.list().get(i).offset(),
                        "argument of [" + text(in) + "] must be ["
                                + value.type().esName() + "], found value ["
                                + text(in.list().get(i)) + "] type ["
                                + t.type().esName() + "]");
            }
            if (target.numeric()) {
                target = TypeRules.wider(target, t.type());
            }
        }
        boolean constant = value.isConstant();
        Evaluator[] elements = new Evaluator[list.size()];
        for (int i = 0; i < elements.length; i++) {
            Typed t = list.get(i);
            constant &= t.isConstant();
            elements[i] = (target.numeric() ? TypeRules.widen(t, target) : t).evaluator();
        }
        Evaluator v = (target.numeric() ? TypeRules.widen(value, target) : value).evaluator();
        Evaluator set = constantSet(in, v, list, target);
        if (set != null) {
            return fold(DataType.BOOLEAN, set, constant);
        }
        return fold(DataType.BOOLEAN, new Patterns.In(sites.of(in), v, elements, in.negated()), constant);
    }

    /** {@code IN} over a list of single-valued constants as a hash set; null when the list is not one. */
    private Evaluator constantSet(Expr.In in, Evaluator value, List<Typed> list, DataType target) {
        java.util.Set<Object> set = new java.util.HashSet<>();
        boolean sawNull = false;
        for (Typed t : list) {
            Object c = (target.numeric() ? TypeRules.widen(t, target) : t).constant();
            if (!t.isConstant()
                    || c instanceof io.verdict.esql.value.MultiValue
                    || c instanceof Double d && (d == 0 || d.isNaN())) {
                return null;
            }
            if (c == null) {
                sawNull = true;
            } else {
                set.add(c);
            }
        }
        return new Patterns.InSet(sites.of(in), value, set, sawNull, in.negated());
    }

    private Typed isNull(Expr.IsNull n, Scope scope) {
        Typed value = bind(n.value(), scope);
        if (value.failed()) {
            return value;
        }
        return fold(DataType.BOOLEAN, new Logic.IsNull(value.evaluator(), n.negated()), value.isConstant());
    }

    private Typed like(Expr.Like like, Scope scope) {
        Typed value = bind(like.value(), scope);
        if (value.failed()) {
            return value;
        }
        String op = like.regex() ? "RLIKE" : "LIKE";
        if (!value.type().string() && value.type() != DataType.NULL) {
            return error(
                    like.value().offset(),
                    "first argument of [" + text(like) + "] must be [string], found value [" + text(like.value())
                            + "] type [" + value.type().esName() + "]");
        }
        List<Predicate<String>> patterns = new ArrayList<>();
        boolean anything = true;
        for (Expr p : like.patterns()) {
            Typed pattern = bind(p, scope);
            if (pattern.failed()) {
                return pattern;
            }
            if (!(pattern.constant() instanceof String text)) {
                return error(p.offset(), "pattern of [" + op + "] must be a constant string, found [" + text(p) + "]");
            }
            anything &= matchesAnything(text, like.regex());
            try {
                if (like.regex()) {
                    RlikePattern regex = RlikePattern.compile(text);
                    patterns.add(regex::matches);
                } else {
                    LikePattern wildcards = LikePattern.compile(text);
                    patterns.add(wildcards::matches);
                }
            } catch (IllegalArgumentException e) {
                return error(p.offset(), "invalid " + op + " pattern [" + text + "]: " + e.getMessage());
            }
        }
        if (value.type() == DataType.NULL) {
            return Typed.constant(DataType.BOOLEAN, null);
        }
        if (anything) {
            // ES's optimizer makes a pattern that matches any string an IS NOT NULL test, so NOT of it keeps nulls
            return fold(DataType.BOOLEAN, new Logic.IsNull(value.evaluator(), !like.negated()), value.isConstant());
        }
        return fold(
                DataType.BOOLEAN,
                new Patterns.Like(sites.of(like), value.evaluator(), patterns, like.negated()),
                value.isConstant());
    }

    private static boolean matchesAnything(Object pattern, boolean regex) {
        return regex ? ".*".equals(pattern) : "*".equals(pattern);
    }

    private Typed cast(Expr.Cast cast, Scope scope) {
        Typed value = bind(cast.value(), scope);
        if (value.failed()) {
            return value;
        }
        DataType target = DataType.named(cast.type());
        String function = target == null ? null : TypeRules.conversion(target);
        if (function == null) {
            return error(cast.offset(), "Unsupported conversion to type [" + cast.type() + "]");
        }
        if (value.type() == target || value.type().string() && target == DataType.KEYWORD) {
            return new Typed(target, value.evaluator(), value.constant());
        }
        if (value.type() == DataType.NULL) {
            return Typed.constant(target, null);
        }
        return calls.scalar(cast, function, List.of(value), Map.of(), List.of(cast.value()), scope);
    }
}
