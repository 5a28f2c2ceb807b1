package io.verdict.eql.check;

import io.verdict.eql.ast.Expr;
import io.verdict.eql.ast.Query;
import io.verdict.eql.ast.Query.Stage;
import io.verdict.event.FieldType;
import io.verdict.event.Schema;
import io.verdict.query.Cidr;
import io.verdict.query.CompileBudget;
import io.verdict.query.LuceneRegex;
import io.verdict.query.Problem;
import io.verdict.query.QueryException;
import io.verdict.query.QueryLimits;
import io.verdict.query.SourceText;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a parsed query as Elasticsearch's verifier would, collecting every problem: function names, arity and
 * argument kinds; literal right sides of {@code :}, {@code like}, {@code regex} (and valid patterns); no
 * field-to-field comparison; well-formed sequences and samples.
 */
public final class EqlChecker {

    private final SourceText source;
    private final CompileBudget budget;
    private final Schema schema;
    private final List<Problem> problems = new ArrayList<>();

    private EqlChecker(SourceText source, CompileBudget budget, Schema schema) {
        this.source = source;
        this.budget = budget;
        this.schema = schema;
    }

    /** Throws a {@link QueryException} with every problem, or returns when there is none. */
    public static void check(Query query, SourceText source) {
        List<Problem> problems = new ArrayList<>();
        check(query, source, problems);
        if (!problems.isEmpty()) {
            throw new QueryException(problems);
        }
    }

    /** Adds every problem of the query to {@code problems}. */
    public static void check(Query query, SourceText source, List<Problem> problems) {
        check(query, source, problems, CompileBudget.NONE);
    }

    /** {@link #check(Query, SourceText, List)} within a compile budget. */
    public static void check(Query query, SourceText source, List<Problem> problems, CompileBudget budget) {
        check(query, source, problems, budget, Schema.empty());
    }

    /**
     * {@link #check(Query, SourceText, List, CompileBudget)} knowing the fields' mappings: a field EQL cannot
     * compare exactly (text without a keyword multi-field, a keyword with a normalizer) is a problem where it is
     * compared, as Elasticsearch's verifier refuses it.
     */
    public static void check(
            Query query, SourceText source, List<Problem> problems, CompileBudget budget, Schema schema) {
        EqlChecker checker = new EqlChecker(source, budget, schema);
        checker.query(query);
        problems.addAll(checker.problems.subList(
                0, Math.min(checker.problems.size(), Math.max(0, QueryLimits.MAX_PROBLEMS - problems.size()))));
    }

    /** Checks a lone expression (see {@code EqlParser.parseExpression}). */
    public static ValueKind check(Expr expr, SourceText source) {
        EqlChecker checker = new EqlChecker(source, CompileBudget.NONE, Schema.empty());
        ValueKind kind = checker.expr(expr);
        if (!checker.problems.isEmpty()) {
            throw new QueryException(checker.problems);
        }
        return kind;
    }

    private void query(Query query) {
        if (query instanceof Query.EventQuery q) {
            expr(q.filter().condition());
        } else if (query instanceof Query.SequenceQuery q) {
            sequence(q);
        } else if (query instanceof Query.SampleQuery q) {
            sample(q);
        }
    }

    private void sequence(Query.SequenceQuery q) {
        int positive = 0;
        int total = 0;
        boolean anyMissing = false;
        for (Stage stage : q.stages()) {
            stage(stage, q.by().size(), q.stages().get(0));
            total += stage.runs();
            positive += stage.missing() ? 0 : stage.runs();
            anyMissing |= stage.missing();
        }
        if (total < 2) {
            problem(q.offset(), "a sequence needs at least 2 queries, found " + total);
        }
        if (anyMissing && positive == 0) {
            problem(q.offset(), "a sequence needs at least one stage that is not a missing event");
        }
        if (anyMissing && q.maxspan() == null) {
            problem(q.offset(), "a sequence with missing events ![...] needs 'with maxspan=...'");
        }
        if (q.maxspan() != null && q.maxspan().amount() <= 0) {
            problem(q.maxspan().offset(), "maxspan must be positive");
        }
        if (q.until() != null) {
            stage(q.until(), q.by().size(), q.stages().get(0));
        }
        q.by().forEach(this::joinKey);
    }

    private void sample(Query.SampleQuery q) {
        for (Stage stage : q.stages()) {
            stage(stage, q.by().size(), q.stages().get(0));
        }
        if (q.stages().size() < 2) {
            problem(
                    q.offset(),
                    "a sample needs at least 2 queries, found " + q.stages().size());
        }
        if (!q.pipes().isEmpty()) {
            problem(q.pipes().get(0).offset(), "pipes are not supported with samples");
        }
        q.by().forEach(this::joinKey);
    }

    private void stage(Stage stage, int sharedKeys, Stage first) {
        expr(stage.filter().condition());
        stage.by().forEach(this::joinKey);
        if (stage.by().size() != first.by().size()) {
            problem(
                    stage.offset(),
                    "inconsistent number of join keys: this stage has "
                            + (sharedKeys + stage.by().size()) + ", the first has "
                            + (sharedKeys + first.by().size()));
        }
    }

    private void joinKey(Expr key) {
        if (!(key instanceof Expr.Field f)) {
            problem(key.offset(), "a join key must be a field");
        } else {
            field(f);
        }
    }

    /**
     * A name with an empty part (a leading or trailing '.', or '..') is no field Elasticsearch can map: it refuses
     * such documents, and its EQL reports the name as an unknown column.
     */
    private void field(Expr.Field f) {
        String name = f.name();
        String limit = QueryLimits.fieldNameProblem(name);
        if (limit != null) {
            problem(f.offset(), limit);
        } else if (name.isEmpty() || name.startsWith(".") || name.endsWith(".") || name.contains("..")) {
            problem(
                    f.offset(),
                    "field [" + name + "] cannot exist in Elasticsearch: a field name has no empty part"
                            + " (no leading or trailing '.', no '..')");
        }
    }

    /**
     * EQL compares a field's exact value: a text field is read through its keyword multi-field, and Elasticsearch
     * refuses a text field without one, and a keyword with a normalizer (whose indexed value is not the value).
     */
    private void exact(Expr.Field f) {
        Schema.Mapping mapping = schema.mappingOf(f.name());
        if (mapping == null) {
            return;
        }
        if (mapping.type() == FieldType.TEXT && !schema.hasExactMultiField(f.name())) {
            problem(
                    f.offset(),
                    "field [" + f.name() + "] is mapped " + mapping.mappingType() + " with no keyword"
                            + " multi-field, so EQL has no exact value to compare; query it with KQL (match, match_phrase)"
                            + " or give it a keyword multi-field");
        } else if (mapping.type() == FieldType.KEYWORD && mapping.caseless()) {
            problem(
                    f.offset(),
                    "field [" + f.name() + "] is a keyword with a normalizer, which EQL cannot compare"
                            + " exactly; compare the field it normalizes, with ':' or '~' to ignore case");
        }
    }

    // The kind of an expression, checking it on the way.
    private ValueKind expr(Expr e) {
        budget.check();
        if (e instanceof Expr.Literal l) {
            return literalKind(l.value());
        }
        if (e instanceof Expr.Field f) {
            field(f);
            exact(f);
            return ValueKind.ANY;
        }
        if (e instanceof Expr.Not n) {
            expect(n.operand(), ValueKind.BOOLEAN, "the operand of not");
            return ValueKind.BOOLEAN;
        }
        if (e instanceof Expr.And a) {
            a.operands().forEach(operand -> expect(operand, ValueKind.BOOLEAN, "the operands of and"));
            return ValueKind.BOOLEAN;
        }
        if (e instanceof Expr.Or o) {
            o.operands().forEach(operand -> expect(operand, ValueKind.BOOLEAN, "the operands of or"));
            return ValueKind.BOOLEAN;
        }
        if (e instanceof Expr.Comparison c) {
            comparison(c);
            return ValueKind.BOOLEAN;
        }
        if (e instanceof Expr.Match m) {
            match(m);
            return ValueKind.BOOLEAN;
        }
        if (e instanceof Expr.In in) {
            expr(in.value());
            for (Expr item : in.list()) {
                expr(item);
                if (References.hasField(item)) {
                    problem(
                            item.offset(),
                            "the list of " + (in.caseInsensitive() ? "in~" : "in")
                                    + " must hold constants; comparing a field with another field is not supported");
                }
            }
            return ValueKind.BOOLEAN;
        }
        if (e instanceof Expr.Arithmetic a) {
            expect(a.left(), ValueKind.NUMBER, "the operands of " + a.op().symbol());
            expect(a.right(), ValueKind.NUMBER, "the operands of " + a.op().symbol());
            return ValueKind.NUMBER;
        }
        if (e instanceof Expr.Negate n) {
            expect(n.operand(), ValueKind.NUMBER, "the operand of unary -");
            return ValueKind.NUMBER;
        }
        if (e instanceof Expr.Call c) {
            return call(c);
        }
        throw new IllegalStateException("unknown expression " + e);
    }

    private void expect(Expr e, ValueKind wanted, String role) {
        ValueKind kind = expr(e);
        if (!kind.fits(wanted)) {
            problem(e.offset(), role + " must be " + wanted.describe() + ", found " + kind.describe());
        }
    }

    private void comparison(Expr.Comparison c) {
        ValueKind left = expr(c.left());
        ValueKind right = expr(c.right());
        // Elasticsearch replaces an unmapped ?field by null, so ?x == ?y is no field-to-field comparison there;
        // without a mapping we cannot tell, and let a comparison with an optional field through
        if (References.hasField(c.left())
                && References.hasField(c.right())
                && !(c.left() instanceof Expr.Field l && l.optional())
                && !(c.right() instanceof Expr.Field r && r.optional())) {
            problem(
                    c.right().offset(),
                    "comparing a field with another field (" + c.op().symbol()
                            + ") is not supported by Elasticsearch EQL; compare a field with a constant");
        }
        boolean ordering = c.op() != Expr.CompareOp.EQ && c.op() != Expr.CompareOp.NEQ;
        if (ordering && (left == ValueKind.BOOLEAN || right == ValueKind.BOOLEAN)) {
            problem(c.offset(), "booleans cannot be ordered with " + c.op().symbol());
        }
        if (left != ValueKind.ANY
                && right != ValueKind.ANY
                && left != ValueKind.NULL
                && right != ValueKind.NULL
                && left != right) {
            problem(c.right().offset(), "cannot compare " + left.describe() + " with " + right.describe());
        }
    }

    private void match(Expr.Match m) {
        expr(m.value());
        String op = m.op() == Expr.MatchOp.SEQ ? ":" : m.op().symbol() + (m.caseInsensitive() ? "~" : "");
        for (Expr pattern : m.patterns()) {
            if (!(pattern instanceof Expr.Literal lit) || !(lit.value() instanceof String text)) {
                problem(pattern.offset(), "the right side of " + op + " must be a string literal or a list of them");
                continue;
            }
            if (m.op() == Expr.MatchOp.REGEX) {
                try {
                    LuceneRegex.compile(text, m.caseInsensitive());
                } catch (LuceneRegex.PatternException e) {
                    problem(
                            pattern.offset(),
                            "invalid regular expression: " + e.getMessage() + " (at index " + e.index() + ")");
                }
            }
        }
    }

    private ValueKind call(Expr.Call c) {
        FunctionSpec spec = FunctionSpec.lookup(c.name());
        List<ValueKind> kinds = new ArrayList<>();
        for (Expr arg : c.args()) {
            kinds.add(expr(arg));
        }
        if (spec == null) {
            problem(c.offset(), "unknown function [" + c.name() + "]; Elasticsearch EQL has " + FunctionSpec.names());
            return ValueKind.ANY;
        }
        if (c.caseInsensitive() && !spec.hasCaseInsensitiveVariant()) {
            problem(c.offset(), "function [" + spec.displayName() + "] has no case-insensitive (~) variant");
        }
        int n = c.args().size();
        if (n < spec.minArgs() || n > spec.maxArgs()) {
            String expected = spec.minArgs() == spec.maxArgs()
                    ? String.valueOf(spec.minArgs())
                    : spec.maxArgs() == Integer.MAX_VALUE
                            ? "at least " + spec.minArgs()
                            : spec.minArgs() + " to " + spec.maxArgs();
            problem(
                    c.offset(),
                    "function [" + spec.displayName() + "] takes " + expected + " argument"
                            + (expected.equals("1") ? "" : "s") + ", found " + n);
            return spec.result();
        }
        for (int i = 0; i < n; i++) {
            ValueKind wanted = spec.argument(i);
            if (!kinds.get(i).fits(wanted)) {
                problem(
                        c.args().get(i).offset(),
                        "argument " + (i + 1) + " of [" + spec.displayName() + "] must be " + wanted.describe()
                                + ", found " + kinds.get(i).describe());
            }
        }
        if (spec == FunctionSpec.CIDR_MATCH) {
            for (Expr block : c.args().subList(1, n)) {
                if (!(block instanceof Expr.Literal lit) || !(lit.value() instanceof String text)) {
                    problem(block.offset(), "the CIDR blocks of cidrMatch must be string literals");
                } else if (!Cidr.isValid(text)) {
                    problem(block.offset(), "[" + text + "] is not a valid IPv4 or IPv6 CIDR block");
                }
            }
        }
        return spec.result();
    }

    private static ValueKind literalKind(Object value) {
        if (value == null) {
            return ValueKind.NULL;
        }
        if (value instanceof String) {
            return ValueKind.STRING;
        }
        if (value instanceof Boolean) {
            return ValueKind.BOOLEAN;
        }
        return ValueKind.NUMBER;
    }

    private void problem(int offset, String message) {
        if (problems.size() < QueryLimits.MAX_PROBLEMS) {
            problems.add(Problem.at(source, offset, message));
        }
    }
}
