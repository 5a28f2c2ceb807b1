package io.verdict.esql.compile;

import io.verdict.esql.ast.Expr;
import io.verdict.esql.function.ArgumentTypeException;
import io.verdict.esql.function.Functions;
import io.verdict.esql.function.ScalarFunction;
import io.verdict.esql.run.Call;
import io.verdict.esql.run.Conditionals;
import io.verdict.esql.run.Evaluator;
import io.verdict.esql.value.DataType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Binds function calls for the {@link Binder}: {@code CASE} and {@code COALESCE} (lazy), {@code NOW()}, {@code KQL}
 * and {@code MATCH} (through the {@link Searches}), aggregations (only where a {@code STATS} scope takes them), and
 * scalar functions by name, their arguments bent or cast to what the function takes.
 */
final class FunctionCalls {

    /** Other names ES|QL gives some conversions. */
    private static final Map<String, String> ALIASES = Map.of(
            "TO_DT",
            "TO_DATETIME",
            "TO_INT",
            "TO_INTEGER",
            "TO_DBL",
            "TO_DOUBLE",
            "TO_STR",
            "TO_STRING",
            "TO_BOOL",
            "TO_BOOLEAN",
            "TO_IPADDR",
            "TO_IP");

    private final Binder binder;
    private final Searches searches;

    FunctionCalls(Binder binder, Searches searches) {
        this.binder = binder;
        this.searches = searches;
    }

    Typed call(Expr.Call c, Scope scope) {
        switch (c.name()) {
            case "CASE" -> {
                return conditional(c, scope);
            }
            case "COALESCE" -> {
                return coalesce(c, scope);
            }
            case "NOW" -> {
                if (!c.args().isEmpty()) {
                    return binder.error(c.offset(), "NOW() takes no arguments");
                }
                return Typed.computed(DataType.DATETIME, (row, run) -> run.now());
            }
            case "KQL" -> {
                return searches.kql(binder, c, scope);
            }
            case "MATCH" -> {
                if (c.args().size() != 2) {
                    return binder.error(c.offset(), "MATCH takes a field and a query");
                }
                return searches.match(binder, c, c.args().get(0), c.args().get(1), scope);
            }
            default -> {
                // an ordinary function, below
            }
        }
        String name = ALIASES.getOrDefault(c.name(), c.name());
        if (Functions.aggregate(name) != null) {
            Typed t = scope.aggregate(c);
            return t != null
                    ? t
                    : binder.error(
                            c.offset(),
                            "aggregate function [" + binder.text(c) + "] not allowed outside STATS command");
        }
        if (Functions.scalar(name) == null) {
            return binder.error(c.offset(), "Unknown function [" + c.name() + "]");
        }
        List<Typed> args = new ArrayList<>();
        boolean failed = false;
        for (Expr a : c.args()) {
            Typed t = binder.bind(a, scope);
            failed |= t.failed();
            args.add(t);
        }
        if (failed) {
            return Typed.ERROR;
        }
        return scalar(c, name, args, c.options(), c.args(), scope);
    }

    /** A scalar function bound to its arguments (and a trailing options map, passed as a last constant). */
    Typed scalar(
            Expr at,
            String name,
            List<Typed> args,
            Map<String, Expr.Literal> options,
            List<Expr> written,
            Scope scope) {
        List<DataType> types = new ArrayList<>();
        List<Object> constants = new ArrayList<>();
        List<Evaluator> evaluators = new ArrayList<>();
        boolean constant = true;
        for (Typed t : args) {
            types.add(t.type());
            constants.add(t.constant());
            evaluators.add(t.evaluator());
            constant &= t.isConstant();
        }
        if (!options.isEmpty()) {
            Map<String, Object> values = new LinkedHashMap<>();
            options.forEach((k, v) -> values.put(k, v.value()));
            types.add(DataType.KEYWORD);
            constants.add(Map.copyOf(values));
            evaluators.add(new io.verdict.esql.run.Constant(Map.copyOf(values)));
        }
        ScalarFunction function = Functions.scalar(name);
        if (function == null) {
            return binder.error(at.offset(), "Unknown function [" + name + "]");
        }
        ScalarFunction.Bound bound;
        try {
            bound = function.bind(types, constants);
        } catch (ArgumentTypeException e) {
            int p = e.position();
            DataType wanted = Binder.expected(e.getMessage());
            if (p < written.size() && wanted != null && args.get(p).constant() instanceof String text) {
                // a string literal where the function takes another type is read as that type, as ES casts it
                Typed cast;
                try {
                    cast = TypeRules.fromString(text, wanted);
                } catch (IllegalArgumentException notOne) {
                    cast = null;
                }
                if (cast != null && cast.type() != DataType.KEYWORD) {
                    List<Typed> retried = new ArrayList<>(args);
                    retried.set(p, cast);
                    return scalar(at, name, retried, options, written, scope);
                }
            }
            if (p < written.size() && wanted != null && args.get(p).type().string() && scope.guessed(written.get(p))) {
                Typed bent = binder.bend(args.get(p), wanted, written.get(p));
                if (bent.type() == wanted) {
                    List<Typed> retried = new ArrayList<>(args);
                    retried.set(p, bent);
                    return scalar(at, name, retried, options, written, scope);
                }
            }
            String arg = p < written.size() ? binder.text(written.get(p)) : "";
            return binder.error(at.offset(), e.message(binder.text(at), arg));
        } catch (IllegalArgumentException e) {
            return binder.error(at.offset(), e.getMessage() + " in [" + binder.text(at) + "]");
        }
        Evaluator e = new Call(
                binder.sites().of(at),
                evaluators.toArray(Evaluator[]::new),
                bound.body(),
                bound.multivalues(),
                bound.nulls());
        return binder.fold(bound.type(), e, constant);
    }

    private Typed conditional(Expr.Call c, Scope scope) {
        int n = c.args().size();
        if (n < 2) {
            return binder.error(c.offset(), "CASE needs a condition and a value, found [" + binder.text(c) + "]");
        }
        List<Evaluator> conditions = new ArrayList<>();
        List<Typed> values = new ArrayList<>();
        List<Expr> valueExprs = new ArrayList<>();
        boolean failed = false;
        for (int i = 0; i + 1 < n; i += 2) {
            Typed cond = binder.condition(c.args().get(i), scope, "condition of CASE");
            failed |= cond.failed();
            conditions.add(cond.evaluator());
            values.add(binder.bind(c.args().get(i + 1), scope));
            valueExprs.add(c.args().get(i + 1));
        }
        if (n % 2 == 1) {
            values.add(binder.bind(c.args().get(n - 1), scope));
            valueExprs.add(c.args().get(n - 1));
        }
        Evaluator[] unified = unifyValues(c, values, valueExprs, scope);
        if (failed || unified == null) {
            return Typed.ERROR;
        }
        DataType type = commonType(values);
        Evaluator otherwise = n % 2 == 1 ? unified[unified.length - 1] : null;
        Evaluator[] chosen = new Evaluator[conditions.size()];
        System.arraycopy(unified, 0, chosen, 0, chosen.length);
        return Typed.computed(
                type,
                new Conditionals.Case(binder.sites().of(c), conditions.toArray(Evaluator[]::new), chosen, otherwise));
    }

    private Typed coalesce(Expr.Call c, Scope scope) {
        if (c.args().isEmpty()) {
            return binder.error(c.offset(), "COALESCE needs at least one argument");
        }
        List<Typed> values = new ArrayList<>();
        for (Expr a : c.args()) {
            values.add(binder.bind(a, scope));
        }
        Evaluator[] unified = unifyValues(c, values, c.args(), scope);
        if (unified == null) {
            return Typed.ERROR;
        }
        boolean constant = values.stream().allMatch(Typed::isConstant);
        return binder.fold(commonType(values), new Conditionals.Coalesce(unified), constant);
    }

    private static DataType commonType(List<Typed> values) {
        DataType type = DataType.NULL;
        for (Typed t : values) {
            type = TypeRules.common(type, t.type());
        }
        return type;
    }

    /** The values of a CASE or COALESCE in their common type; null (with a problem) when they have none. */
    private Evaluator[] unifyValues(Expr.Call c, List<Typed> values, List<Expr> written, Scope scope) {
        DataType known = DataType.NULL;
        for (int i = 0; i < values.size(); i++) {
            if (!values.get(i).failed() && !scope.guessed(written.get(i))) {
                DataType next = TypeRules.common(known, values.get(i).type());
                known = next == null ? known : next;
            }
        }
        DataType type = DataType.NULL;
        for (int i = 0; i < values.size(); i++) {
            Typed t = values.get(i);
            if (t.failed()) {
                return null;
            }
            if (t.type().string() && !known.string() && known != DataType.NULL && scope.guessed(written.get(i))) {
                t = binder.bend(t, known, written.get(i));
                values.set(i, t);
            }
            DataType next = TypeRules.common(type, t.type());
            if (next == null) {
                binder.error(
                        written.get(i).offset(),
                        "argument of [" + binder.text(c) + "] must be [" + type.esName() + "], found value ["
                                + binder.text(written.get(i)) + "] type ["
                                + t.type().esName() + "]");
                return null;
            }
            type = next;
        }
        Evaluator[] out = new Evaluator[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (type.numeric() ? TypeRules.widen(values.get(i), type) : values.get(i)).evaluator();
        }
        return out;
    }
}
