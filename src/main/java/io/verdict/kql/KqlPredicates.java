package io.verdict.kql;

import io.verdict.event.Event;
import io.verdict.event.EventPredicate;
import io.verdict.event.FieldPath;
import io.verdict.event.FieldType;
import io.verdict.event.Schema;
import io.verdict.event.ValueTest;
import io.verdict.query.Wildcards;
import java.util.List;

/**
 * The evaluation tree a KQL query or a Kibana filter compiles into: small immutable nodes, each deciding one event.
 * The empty query and {@code *:*} are {@link EventPredicate#ALL}; a test of a field no document can hold (see
 * {@link KqlField#unmappable()}) is {@link EventPredicate#NONE}.
 */
final class KqlPredicates {

    private KqlPredicates() {}

    /** {@code a or b ...}: the first operand that holds decides. */
    record AnyOf(EventPredicate[] operands) implements EventPredicate {
        @Override
        public boolean matches(Event event) {
            for (EventPredicate operand : operands) {
                if (operand.matches(event)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** {@code a and b ...} */
    record AllOf(EventPredicate[] operands) implements EventPredicate {
        @Override
        public boolean matches(Event event) {
            for (EventPredicate operand : operands) {
                if (!operand.matches(event)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** {@code not a}: true where {@code a} is false, including where a's field is missing. */
    record Negation(EventPredicate operand) implements EventPredicate {
        @Override
        public boolean matches(Event event) {
            return !operand.matches(event);
        }
    }

    /** A test of one field: true when any of its values passes (arrays match on any element). */
    record AnyValue(FieldPath path, ValueTest test) implements EventPredicate {
        @Override
        public boolean matches(Event event) {
            return event.anyValue(path, test);
        }
    }

    /**
     * A test of a {@code flattened} field named by its root: true when any leaf value of an object under the root
     * passes (Elasticsearch indexes every leaf as a keyword of the root field, whatever its key).
     */
    record AnyLeaf(String[] segments, ValueTest test) implements EventPredicate {
        static AnyLeaf of(FieldPath root, ValueTest test) {
            return new AnyLeaf(root.name().split("\\.", -1), test);
        }

        @Override
        public boolean matches(Event event) {
            return EventLeaves.anyObject(
                    event.root(), segments, object -> EventLeaves.anyLeaf(object, (field, value) -> test.test(value)));
        }
    }

    /** {@code field:*}: the field has a value that is not null. */
    record Exists(FieldPath path) implements EventPredicate {
        @Override
        public boolean matches(Event event) {
            return event.has(path);
        }
    }

    /**
     * A test over fields chosen by their name: every field of the event for free text ({@code names} null), or the
     * fields whose name matches a wildcard pattern. The value test depends on each field's type, so one is
     * prepared per {@link FieldType} (null where the value cannot apply to that type, which Kibana's lenient
     * multi-field search skips).
     */
    record AnyField(Wildcards names, Schema schema, List<ValueTest> byType) implements EventPredicate {
        public AnyField {
            // nulls mark types the value cannot apply to, so List.copyOf (which rejects them) does not fit
            byType = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(byType));
        }

        @Override
        public boolean matches(Event event) {
            return EventLeaves.anyLeaf(event.root(), (field, value) -> {
                if (names != null && !names.matches(field)) {
                    return false;
                }
                ValueTest test = byType.get(schema.typeOf(field).ordinal());
                return test != null && test.test(value);
            });
        }
    }

    /**
     * A wildcard existence test: any of the known fields it names has a value (a lookup each), else the walk of
     * every leaf ({@code fallback}) finds one it names. The same answer as the walk alone, mostly without it.
     */
    record KnownFieldsFirst(io.verdict.event.FieldPath[] known, EventPredicate fallback) implements EventPredicate {
        @Override
        public boolean matches(Event event) {
            for (io.verdict.event.FieldPath field : known) {
                if (event.has(field)) {
                    return true;
                }
            }
            return fallback.matches(event);
        }
    }

    /** {@code path:{ query }}: one object under the path satisfies the whole query, its fields read relative to it. */
    record Nested(String[] segments, EventPredicate query) implements EventPredicate {
        @Override
        public boolean matches(Event event) {
            return EventLeaves.anyObject(event.root(), segments, object -> query.matches(Event.of(object)));
        }
    }
}
