package io.verdict.esql.compile;

import io.verdict.esql.function.ScalarFunction;
import io.verdict.esql.run.Constant;
import io.verdict.esql.run.Evaluator;
import io.verdict.esql.value.DataType;

/**
 * A bound expression: its type, its evaluator and, when it is known before any row, its value. {@link #ERROR}
 * stands for an expression with a problem already reported, so that its parents report nothing more.
 */
record Typed(DataType type, Evaluator evaluator, Object constant) {

    static final Typed ERROR = new Typed(DataType.NULL, new Constant(null), ScalarFunction.NOT_CONSTANT);

    static Typed constant(DataType type, Object value) {
        return new Typed(type, new Constant(value), value);
    }

    static Typed computed(DataType type, Evaluator evaluator) {
        return new Typed(type, evaluator, ScalarFunction.NOT_CONSTANT);
    }

    boolean isConstant() {
        return constant != ScalarFunction.NOT_CONSTANT;
    }

    boolean failed() {
        return this == ERROR;
    }
}
