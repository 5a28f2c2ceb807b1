package io.verdict.esql.ast;

import io.verdict.esql.value.DataType;
import java.util.List;
import java.util.Map;

/**
 * An ES|QL expression as written. {@code offset} and {@code end} delimit its text in the query (0-based, end
 * exclusive): warnings quote that text ({@code evaluation of [a + b] failed}) at its line and column, and an
 * unnamed {@code EVAL} or {@code STATS} column is named after it.
 */
public sealed interface Expr {

    int offset();

    int end();

    /**
     * A constant: {@code value} in the model of {@link io.verdict.esql.value.Values} ({@code "..."} strings already
     * unescaped, {@code """..."""} taken as written; {@code 1 hour} a {@link java.time.Duration}, {@code 1 month}
     * a {@link java.time.Period}); {@code [1, 2]} a {@link io.verdict.esql.value.MultiValue}.
     */
    record Literal(int offset, int end, Object value, DataType type) implements Expr {}

    /** A column or source field: {@code process.name}, {@code `@timestamp`} (backquotes removed). */
    record Attribute(int offset, int end, String name) implements Expr {}

    /** {@code *} as the argument of {@code COUNT(*)}. */
    record Star(int offset, int end) implements Expr {}

    /**
     * A function or aggregation call; {@code name} upper-case ({@code COUNT_DISTINCT}). {@code options} holds a
     * trailing map argument ({@code TO_IP(x, {"leading_zeros": "octal"})}), empty when there is none.
     */
    record Call(int offset, int end, String name, List<Expr> args, Map<String, Literal> options) implements Expr {
        public Call {
            args = List.copyOf(args);
            options = Map.copyOf(options);
        }
    }

    /** {@code -x}, {@code NOT x}. */
    record Unary(int offset, int end, UnaryOp op, Expr operand) implements Expr {}

    record Binary(int offset, int end, BinaryOp op, Expr left, Expr right) implements Expr {}

    /** {@code x [NOT] IN (a, b, ...)}. */
    record In(int offset, int end, Expr value, List<Expr> list, boolean negated) implements Expr {
        public In {
            list = List.copyOf(list);
        }
    }

    /** {@code x IS [NOT] NULL}. */
    record IsNull(int offset, int end, Expr value, boolean negated) implements Expr {}

    /**
     * {@code x [NOT] LIKE p}, {@code x [NOT] RLIKE p}, and the list forms {@code x LIKE ("a*", "b?")}: true when any
     * pattern matches. Patterns are string literals (or constant expressions, folded when compiled).
     */
    record Like(int offset, int end, Expr value, List<Expr> patterns, boolean regex, boolean negated) implements Expr {
        public Like {
            patterns = List.copyOf(patterns);
        }
    }

    /** {@code x::type}; {@code type} is the name as written ({@code double}, {@code string}, {@code datetime}). */
    record Cast(int offset, int end, Expr value, String type) implements Expr {}

    /** {@code field: "text"}, the match operator. */
    record Match(int offset, int end, Expr field, Expr query) implements Expr {}

    enum UnaryOp {
        NEGATE,
        NOT
    }

    enum BinaryOp {
        ADD("+"),
        SUB("-"),
        MUL("*"),
        DIV("/"),
        MOD("%"),
        EQ("=="),
        NEQ("!="),
        LT("<"),
        LTE("<="),
        GT(">"),
        GTE(">="),
        /** {@code =~}: case-insensitive string equality. */
        INSENSITIVE_EQ("=~"),
        AND("AND"),
        OR("OR");

        private final String symbol;

        BinaryOp(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }

        public boolean comparison() {
            return ordinal() >= EQ.ordinal() && ordinal() <= INSENSITIVE_EQ.ordinal();
        }

        public boolean arithmetic() {
            return ordinal() <= MOD.ordinal();
        }
    }
}
