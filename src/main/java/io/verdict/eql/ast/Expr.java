package io.verdict.eql.ast;

import java.util.List;

/**
 * An EQL expression as written. Every node carries the offset of its first character in the query text, so a
 * problem found in any later stage can be reported at {@code file:line:column}. Immutable.
 */
public sealed interface Expr {

    int offset();

    /** A constant: {@code String}, {@code Long}, {@code Double}, {@code Boolean}, or null for {@code null}. */
    record Literal(Object value, int offset) implements Expr {}

    /** A field reference; {@code optional} when written {@code ?name}. */
    record Field(String name, boolean optional, int offset) implements Expr {}

    record Not(Expr operand, int offset) implements Expr {}

    /**
     * {@code a and b and ...}: one node for a whole chain, so that a long chain is a wide node and not a deep tree
     * (every later pass walks it with a loop, not a recursion per operand). At least two operands.
     */
    record And(List<Expr> operands, int offset) implements Expr {
        public And {
            operands = List.copyOf(operands);
        }
    }

    /** {@code a or b or ...}, one node per chain like {@link And}. */
    record Or(List<Expr> operands, int offset) implements Expr {
        public Or {
            operands = List.copyOf(operands);
        }
    }

    /** {@code == != < <= > >=}. */
    record Comparison(CompareOp op, Expr left, Expr right, int offset) implements Expr {}

    /**
     * {@code value : patterns}, {@code like}, {@code like~}, {@code regex}, {@code regex~}; the patterns are
     * literals (the checker makes sure), one or a parenthesised list.
     */
    record Match(MatchOp op, boolean caseInsensitive, Expr value, List<Expr> patterns, int offset) implements Expr {
        public Match {
            patterns = List.copyOf(patterns);
        }
    }

    /** {@code value in (...)}, {@code in~}, {@code not in}, {@code not in~}. */
    record In(Expr value, List<Expr> list, boolean negated, boolean caseInsensitive, int offset) implements Expr {
        public In {
            list = List.copyOf(list);
        }
    }

    /** {@code + - * / %}. */
    record Arithmetic(ArithmeticOp op, Expr left, Expr right, int offset) implements Expr {}

    /** Unary minus. */
    record Negate(Expr operand, int offset) implements Expr {}

    /** A function call; {@code caseInsensitive} when written {@code name~(...)}. */
    record Call(String name, boolean caseInsensitive, List<Expr> args, int offset) implements Expr {
        public Call {
            args = List.copyOf(args);
        }
    }

    enum CompareOp {
        EQ("=="),
        NEQ("!="),
        LT("<"),
        LTE("<="),
        GT(">"),
        GTE(">=");

        private final String symbol;

        CompareOp(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }

        /** The operator with its operands swapped: {@code 0 <= x} is {@code x >= 0}. */
        public CompareOp flip() {
            return switch (this) {
                case LT -> GT;
                case LTE -> GTE;
                case GT -> LT;
                case GTE -> LTE;
                default -> this;
            };
        }

        /** Whether a comparison result ({@code <0, 0, >0}) satisfies the operator. */
        public boolean test(int cmp) {
            return switch (this) {
                case EQ -> cmp == 0;
                case NEQ -> cmp != 0;
                case LT -> cmp < 0;
                case LTE -> cmp <= 0;
                case GT -> cmp > 0;
                case GTE -> cmp >= 0;
            };
        }
    }

    enum MatchOp {
        /** {@code :} — a case-insensitive wildcard match. */
        SEQ(":"),
        LIKE("like"),
        REGEX("regex");

        private final String symbol;

        MatchOp(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }

    enum ArithmeticOp {
        ADD("+"),
        SUBTRACT("-"),
        MULTIPLY("*"),
        DIVIDE("/"),
        MODULO("%");

        private final String symbol;

        ArithmeticOp(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }
}
