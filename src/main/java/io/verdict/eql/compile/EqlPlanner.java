package io.verdict.eql.compile;

import io.verdict.eql.ast.Expr;
import io.verdict.eql.ast.Expr.CompareOp;
import io.verdict.eql.ast.Query.EventFilter;
import io.verdict.eql.check.FunctionSpec;
import io.verdict.eql.check.References;
import io.verdict.event.EventPredicate;
import io.verdict.event.FieldPath;
import io.verdict.event.FieldType;
import io.verdict.event.FieldValues;
import io.verdict.event.Schema;
import io.verdict.event.ValueTest;
import io.verdict.query.Cidr;
import io.verdict.query.CompileBudget;
import io.verdict.query.LuceneRegex;
import io.verdict.query.WildcardSet;
import io.verdict.query.Wildcards;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Turns a checked expression into evaluation nodes, deciding at compile time all that can be decided: constant
 * sub-expressions are folded, field paths split, constants converted to the field's type, wildcard and regex
 * patterns compiled, {@code in} lists hashed, CIDR blocks parsed, functions bound.
 *
 * <p>A predicate of a field against constants becomes a document-level {@link EventPredicate} (any value matches,
 * a missing field does not, {@code not}/{@code !=} are {@code must_not}), as Elasticsearch translates it to a
 * query. Anything else is a script: a value expression with null propagation that matches only when it is
 * {@code true}. Expects a query the checker accepted.
 */
public final class EqlPlanner {

    private final Schema schema;
    private final CompileBudget budget;

    public EqlPlanner(Schema schema) {
        this(schema, CompileBudget.NONE);
    }

    /** A planner that checks {@code budget} at every node. */
    public EqlPlanner(Schema schema, CompileBudget budget) {
        this.schema = schema;
        this.budget = budget;
    }

    /** {@code category where condition} against the category field ({@code any}: no category test). */
    public EventPredicate filter(EventFilter filter, String categoryField) {
        EventPredicate condition = condition(filter.condition());
        if (filter.category() == null) {
            return condition;
        }
        String category = filter.category();
        EventPredicate categoryTest = new Conditions.FieldTest(
                FieldPath.of(categoryField),
                v -> category.equals(FieldValues.asString(v)),
                categoryField + " == " + category);
        return Conditions.and(List.of(categoryTest, condition));
    }

    /** The document-level predicate of a boolean expression. */
    public EventPredicate condition(Expr e) {
        budget.check();
        if (!References.hasField(e)) {
            return Boolean.TRUE.equals(fold(e)) ? Conditions.TRUE : Conditions.FALSE;
        }
        if (e instanceof Expr.Not n) {
            return Conditions.not(condition(n.operand()));
        }
        if (e instanceof Expr.And a) {
            return Conditions.and(a.operands().stream().map(this::condition).toList());
        }
        if (e instanceof Expr.Or o) {
            return Conditions.or(o.operands().stream().map(this::condition).toList());
        }
        if (e instanceof Expr.Field f) {
            return fieldTest(f, FieldTests.isTrue(), f.name());
        }
        if (e instanceof Expr.Comparison c) {
            if (c.op() == CompareOp.NEQ && !isNullLiteral(c.left()) && !isNullLiteral(c.right())) {
                // Elasticsearch parses a != b as not (a == b): must_not, so a document lacking the field matches
                return Conditions.not(condition(new Expr.Comparison(CompareOp.EQ, c.left(), c.right(), c.offset())));
            }
            return comparison(c);
        }
        if (e instanceof Expr.Match m && m.value() instanceof Expr.Field f) {
            return match(m, f);
        }
        if (e instanceof Expr.In in && in.negated()) {
            // x not in (...) is not (x in (...)): must_not
            return Conditions.not(
                    condition(new Expr.In(in.value(), in.list(), false, in.caseInsensitive(), in.offset())));
        }
        if (e instanceof Expr.In in
                && in.value() instanceof Expr.Field f
                && in.list().stream().noneMatch(References::hasField)) {
            List<Object> constants = in.list().stream().map(this::fold).toList();
            return fieldTest(f, FieldTests.in(typeOf(f), constants, in.caseInsensitive()), f.name() + " in");
        }
        if (e instanceof Expr.Call c
                && FunctionSpec.lookup(c.name()) == FunctionSpec.CIDR_MATCH
                && c.args().get(0) instanceof Expr.Field f) {
            return fieldTest(f, FieldTests.cidrs(cidrs(c)), "cidrMatch(" + f.name() + ")");
        }
        if (e instanceof Expr.Call c
                && c.args().size() == 2
                && c.args().get(0) instanceof Expr.Field f
                && !References.hasField(c.args().get(1))) {
            EventPredicate affix = affix(c, f);
            if (affix != null) {
                return affix;
            }
        }
        return script(e);
    }

    /**
     * {@code startsWith}, {@code endsWith}, {@code stringContains} (and their {@code ~}) of a field and a constant:
     * a wildcard pattern built once, the case folded once, tried on every value of the field.
     */
    private EventPredicate affix(Expr.Call c, Expr.Field f) {
        FunctionSpec spec = FunctionSpec.lookup(c.name());
        if (spec != FunctionSpec.STARTS_WITH
                && spec != FunctionSpec.ENDS_WITH
                && spec != FunctionSpec.STRING_CONTAINS) {
            return null;
        }
        if (!(fold(c.args().get(1)) instanceof String text)) {
            return Conditions.FALSE; // a null argument gives null, which does not match
        }
        if (spec == FunctionSpec.STRING_CONTAINS && text.isEmpty()) {
            return Conditions.FALSE; // Elasticsearch: an empty substring is contained nowhere
        }
        // KQL dialect: only * is special and a backslash escapes, so the constant is taken literally
        String literal = text.replace("\\", "\\\\").replace("*", "\\*");
        String pattern = switch (spec) {
            case STARTS_WITH -> literal + "*";
            case ENDS_WITH -> "*" + literal;
            default -> "*" + literal + "*";
        };
        return fieldTest(
                f,
                FieldTests.wildcards(List.of(Wildcards.kql(pattern, c.caseInsensitive()))),
                spec.displayName() + "(" + f.name() + ")");
    }

    private EventPredicate comparison(Expr.Comparison c) {
        if (c.left() instanceof Expr.Field l
                && c.right() instanceof Expr.Field r
                && l.optional()
                && r.optional()
                && !schema.knows(l.name())
                && !schema.knows(r.name())) {
            // Elasticsearch turns an unmapped ?field into the null literal, then simplifies null == null to true
            // (equal operands: == <= >= true, != < > false) [test extra sequenceOptionalFieldAsQueryKeysOnly]
            return switch (c.op()) {
                case EQ, LTE, GTE -> Conditions.TRUE;
                default -> Conditions.FALSE;
            };
        }
        Expr.Field field;
        Expr constant;
        CompareOp op;
        if (c.left() instanceof Expr.Field f && !References.hasField(c.right())) {
            field = f;
            constant = c.right();
            op = c.op();
        } else if (c.right() instanceof Expr.Field f && !References.hasField(c.left())) {
            field = f;
            constant = c.left();
            op = c.op().flip();
        } else {
            return script(c);
        }
        Object value = fold(constant);
        FieldPath path = FieldPath.of(field.name());
        if (value == null) {
            // x == null: missing; x != null: exists; an ordering against null is null, which does not match
            return switch (op) {
                case EQ -> Conditions.not(new Conditions.Exists(path));
                case NEQ -> new Conditions.Exists(path);
                default -> Conditions.FALSE;
            };
        }
        FieldType type = typeOf(field);
        if (op == CompareOp.NEQ) {
            return Conditions.not(
                    fieldTest(field, FieldTests.compare(type, CompareOp.EQ, value), field.name() + " == " + value));
        }
        return fieldTest(field, FieldTests.compare(type, op, value), field.name() + " " + op.symbol() + " " + value);
    }

    private EventPredicate match(Expr.Match m, Expr.Field f) {
        if (m.op() == Expr.MatchOp.REGEX) {
            return fieldTest(f, FieldTests.regexes(regexes(m)), f.name() + " regex");
        }
        return fieldTest(f, FieldTests.wildcards(wildcards(m)), f.name() + " " + m.op().symbol());
    }

    private EventPredicate fieldTest(Expr.Field f, ValueTest test, String description) {
        return new Conditions.FieldTest(FieldPath.of(f.name()), test, description);
    }

    private EventPredicate script(Expr e) {
        Set<String> fields = References.fields(e);
        FieldPath single = fields.size() == 1 ? FieldPath.of(fields.iterator().next()) : null;
        return new Conditions.Script(value(e), single);
    }

    // ---- values --------------------------------------------------------------------------------------------

    /** The value of a constant expression (no field), computed now. */
    public Object fold(Expr e) {
        return build(e).evaluate(Scope.EMPTY);
    }

    ValueNode value(Expr e) {
        if (!(e instanceof Expr.Literal) && !References.hasField(e)) {
            return new ValueNodes.Constant(fold(e));
        }
        return build(e);
    }

    private ValueNode build(Expr e) {
        budget.check();
        if (e instanceof Expr.Literal l) {
            return new ValueNodes.Constant(l.value());
        }
        if (e instanceof Expr.Field f) {
            return new ValueNodes.FieldRef(FieldPath.of(f.name()), typeOf(f));
        }
        if (e instanceof Expr.Not n) {
            return new ValueNodes.Not(value(n.operand()));
        }
        if (e instanceof Expr.And a) {
            return new ValueNodes.And(a.operands().stream().map(this::value).toArray(ValueNode[]::new));
        }
        if (e instanceof Expr.Or o) {
            return new ValueNodes.Or(o.operands().stream().map(this::value).toArray(ValueNode[]::new));
        }
        if (e instanceof Expr.Comparison c) {
            return new ValueNodes.Compare(
                    c.op(), value(c.left()), value(c.right()), isNullLiteral(c.left()), isNullLiteral(c.right()));
        }
        if (e instanceof Expr.Match m) {
            return m.op() == Expr.MatchOp.REGEX
                    ? new ValueNodes.RegexMatch(value(m.value()), regexes(m).toArray(LuceneRegex[]::new))
                    : new ValueNodes.WildcardMatch(value(m.value()), WildcardSet.of(wildcards(m)));
        }
        if (e instanceof Expr.In in) {
            Object[] constants = in.list().stream().map(this::fold).toArray();
            return new ValueNodes.In(value(in.value()), constants, in.caseInsensitive(), in.negated());
        }
        if (e instanceof Expr.Arithmetic a) {
            return new ValueNodes.Arithmetic(a.op(), value(a.left()), value(a.right()));
        }
        if (e instanceof Expr.Negate n) {
            return new ValueNodes.Negate(value(n.operand()));
        }
        if (e instanceof Expr.Call c) {
            FunctionSpec spec = FunctionSpec.lookup(c.name());
            List<Cidr> blocks = spec == FunctionSpec.CIDR_MATCH ? cidrs(c) : List.of();
            ValueNode[] args = c.args().stream().map(this::value).toArray(ValueNode[]::new);
            return new ValueNodes.Call(Functions.bind(spec, c.caseInsensitive(), blocks), args);
        }
        throw new IllegalStateException("unknown expression " + e);
    }

    private static boolean isNullLiteral(Expr e) {
        return e instanceof Expr.Literal l && l.value() == null;
    }

    private List<Wildcards> wildcards(Expr.Match m) {
        List<Wildcards> out = new ArrayList<>();
        for (Expr p : m.patterns()) {
            out.add(Wildcards.eql((String) ((Expr.Literal) p).value(), m.caseInsensitive()));
        }
        return out;
    }

    private List<LuceneRegex> regexes(Expr.Match m) {
        List<LuceneRegex> out = new ArrayList<>();
        for (Expr p : m.patterns()) {
            out.add(LuceneRegex.compile((String) ((Expr.Literal) p).value(), m.caseInsensitive()));
        }
        return out;
    }

    private List<Cidr> cidrs(Expr.Call c) {
        return c.args().subList(1, c.args().size()).stream()
                .map(a -> Cidr.parse((String) ((Expr.Literal) a).value()))
                .toList();
    }

    private FieldType typeOf(Expr.Field f) {
        return schema.typeOf(f.name());
    }
}
