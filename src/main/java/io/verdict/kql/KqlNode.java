package io.verdict.kql;

import java.util.List;

/**
 * The KQL syntax tree. A value list {@code field:(a or not b)} is distributed over its field while parsing, as
 * Kibana does, so it becomes {@code Or(Match(field, a), Not(Match(field, b)))}. Every node keeps the offset of its
 * first character in the query text.
 */
public sealed interface KqlNode {

    /** Offset in the query text of the node's first character. */
    int offset();

    /** Whether this node tests one field that no document can hold ({@link KqlField#unmappable()}). */
    default boolean unmappable() {
        KqlField field = testedField();
        return field != null && field.unmappable();
    }

    /** The one field this node tests (a match, exists, range or nested path); null for and, or, not. */
    default KqlField testedField() {
        return this instanceof Match m
                ? m.field()
                : this instanceof Exists e
                        ? e.field()
                        : this instanceof Range r ? r.field() : this instanceof Nested n ? n.path() : null;
    }

    /** {@code a or b or ...} */
    record Or(List<KqlNode> operands, int offset) implements KqlNode {
        public Or {
            operands = List.copyOf(operands);
        }
    }

    /** {@code a and b and ...} */
    record And(List<KqlNode> operands, int offset) implements KqlNode {
        public And {
            operands = List.copyOf(operands);
        }
    }

    /** {@code not a} */
    record Not(KqlNode operand, int offset) implements KqlNode {}

    /** {@code field:value}, Kibana's {@code is} function. */
    record Match(KqlField field, KqlValue value, int offset) implements KqlNode {}

    /** {@code field:*}: the field has a value. */
    record Exists(KqlField field, int offset) implements KqlNode {}

    /** {@code field > value}, {@code >=}, {@code <}, {@code <=}. */
    record Range(KqlField field, RangeOperator operator, KqlValue value, int offset) implements KqlNode {}

    /** {@code path:{ query }}: one element of the nested objects at {@code path} satisfies the whole query. */
    record Nested(KqlField path, KqlNode query, int offset) implements KqlNode {}

    /** A value with no field: searched in every field. */
    record FreeText(KqlValue value, int offset) implements KqlNode {}

    /** The empty query and {@code *:*}. */
    record MatchAll(int offset) implements KqlNode {}

    /** The four comparison operators of a range. */
    enum RangeOperator {
        LT("<"),
        LTE("<="),
        GT(">"),
        GTE(">=");

        private final String symbol;

        RangeOperator(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }
}
