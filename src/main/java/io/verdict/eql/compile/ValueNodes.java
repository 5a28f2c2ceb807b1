package io.verdict.eql.compile;

import io.verdict.eql.ast.Expr.ArithmeticOp;
import io.verdict.eql.ast.Expr.CompareOp;
import io.verdict.event.FieldPath;
import io.verdict.event.FieldType;
import io.verdict.event.FieldValues;
import io.verdict.query.LuceneRegex;
import io.verdict.query.WildcardSet;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/** The evaluation nodes of value expressions (script semantics: null propagates). */
final class ValueNodes {

    private ValueNodes() {}

    record Constant(Object value) implements ValueNode {
        @Override
        public Object evaluate(Scope scope) {
            return value;
        }
    }

    /** A field's value as its type reads it; the first value of a multi-valued field unless one is bound. */
    record FieldRef(FieldPath path, FieldType type) implements ValueNode {
        @Override
        public Object evaluate(Scope scope) {
            JsonNode v = scope.valueOf(path);
            return v == null ? null : FieldValues.typed(v, type);
        }
    }

    /** {@code == != < <= > >=}; {@code x == null} and {@code x != null} test for null, any other null gives null. */
    record Compare(CompareOp op, ValueNode left, ValueNode right, boolean leftIsNull, boolean rightIsNull)
            implements ValueNode {
        @Override
        public Object evaluate(Scope scope) {
            if ((leftIsNull || rightIsNull) && (op == CompareOp.EQ || op == CompareOp.NEQ)) {
                Object other = leftIsNull ? right.evaluate(scope) : left.evaluate(scope);
                boolean bothNull = leftIsNull && rightIsNull;
                boolean isNull = bothNull || other == null;
                return op == CompareOp.EQ ? isNull : !isNull;
            }
            Object l = left.evaluate(scope);
            Object r = right.evaluate(scope);
            if (l == null || r == null) {
                return null;
            }
            Integer cmp = Operators.compare(l, r);
            return cmp == null ? null : op.test(cmp);
        }
    }

    /** {@code a and b and ...} as one node, read left to right as the chain nests: false stops it. */
    record And(ValueNode[] operands) implements ValueNode {
        @Override
        public Object evaluate(Scope scope) {
            Object result = operands[0].evaluate(scope);
            for (int i = 1; i < operands.length; i++) {
                if (Boolean.FALSE.equals(result)) {
                    return Boolean.FALSE;
                }
                result = Operators.and(result, operands[i].evaluate(scope));
            }
            return result;
        }
    }

    /** {@code a or b or ...} as one node: true stops it. */
    record Or(ValueNode[] operands) implements ValueNode {
        @Override
        public Object evaluate(Scope scope) {
            Object result = operands[0].evaluate(scope);
            for (int i = 1; i < operands.length; i++) {
                if (Boolean.TRUE.equals(result)) {
                    return Boolean.TRUE;
                }
                result = Operators.or(result, operands[i].evaluate(scope));
            }
            return result;
        }
    }

    record Not(ValueNode operand) implements ValueNode {
        @Override
        public Object evaluate(Scope scope) {
            return Operators.not(operand.evaluate(scope));
        }
    }

    /** {@code :}, {@code like(~)}: true when the value's text matches any pattern. */
    record WildcardMatch(ValueNode value, WildcardSet patterns) implements ValueNode {
        @Override
        public Object evaluate(Scope scope) {
            Object v = value.evaluate(scope);
            if (v == null) {
                return null;
            }
            return patterns.matches(Operators.text(v)) ? Boolean.TRUE : Boolean.FALSE;
        }
    }

    record RegexMatch(ValueNode value, LuceneRegex[] patterns) implements ValueNode {
        @Override
        public Object evaluate(Scope scope) {
            Object v = value.evaluate(scope);
            if (v == null) {
                return null;
            }
            String s = Operators.text(v);
            for (LuceneRegex r : patterns) {
                if (r.matches(s)) {
                    return Boolean.TRUE;
                }
            }
            return Boolean.FALSE;
        }
    }

    /** {@code in}, {@code in~} (no wildcards), negated for {@code not in}; null elements never match. */
    record In(ValueNode value, Object[] constants, boolean caseInsensitive, boolean negated) implements ValueNode {
        @Override
        public Object evaluate(Scope scope) {
            Object v = value.evaluate(scope);
            if (v == null) {
                return null;
            }
            boolean found = false;
            // lower-cased once, not once per constant: a long value against a long list was quadratic
            String lower = caseInsensitive && v instanceof String s ? s.toLowerCase(Locale.ROOT) : null;
            for (Object c : constants) {
                if (c == null) {
                    continue;
                }
                if (lower != null && c instanceof String t) {
                    found = lower.equals(t.toLowerCase(Locale.ROOT));
                } else {
                    Integer cmp = Operators.compare(v, c);
                    found = cmp != null && cmp == 0;
                }
                if (found) {
                    break;
                }
            }
            return found != negated;
        }
    }

    record Arithmetic(ArithmeticOp op, ValueNode left, ValueNode right) implements ValueNode {
        @Override
        public Object evaluate(Scope scope) {
            return Operators.arithmetic(op, left.evaluate(scope), right.evaluate(scope));
        }
    }

    record Negate(ValueNode operand) implements ValueNode {
        @Override
        public Object evaluate(Scope scope) {
            return Operators.negate(operand.evaluate(scope));
        }
    }

    record Call(Functions.Body body, ValueNode[] args) implements ValueNode {
        @Override
        public Object evaluate(Scope scope) {
            Object[] values = new Object[args.length];
            for (int i = 0; i < args.length; i++) {
                values[i] = args[i].evaluate(scope);
            }
            return body.apply(values);
        }
    }
}
