package io.verdict.eql.compile;

import io.verdict.event.Event;
import io.verdict.event.EventPredicate;
import io.verdict.event.FieldPath;
import io.verdict.event.ValueTest;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/** The evaluation nodes of document-level logic. */
final class Conditions {

    static final EventPredicate TRUE = new Constant(true);
    static final EventPredicate FALSE = new Constant(false);

    private Conditions() {}

    static EventPredicate and(List<EventPredicate> parts) {
        // nested ands flatten into one node: fewer calls per event
        List<EventPredicate> kept = parts.stream()
                .flatMap(p -> p instanceof And a ? Arrays.stream(a.parts) : Stream.of(p))
                .filter(p -> p != TRUE)
                .toList();
        if (kept.contains(FALSE)) {
            return FALSE;
        }
        return kept.isEmpty() ? TRUE : kept.size() == 1 ? kept.get(0) : new And(kept.toArray(EventPredicate[]::new));
    }

    static EventPredicate or(List<EventPredicate> parts) {
        List<EventPredicate> kept = parts.stream()
                .flatMap(p -> p instanceof Or o ? Arrays.stream(o.parts) : Stream.of(p))
                .filter(p -> p != FALSE)
                .toList();
        if (kept.contains(TRUE)) {
            return TRUE;
        }
        return kept.isEmpty() ? FALSE : kept.size() == 1 ? kept.get(0) : new Or(kept.toArray(EventPredicate[]::new));
    }

    static EventPredicate not(EventPredicate operand) {
        if (operand == TRUE) {
            return FALSE;
        }
        if (operand == FALSE) {
            return TRUE;
        }
        return operand instanceof Not n ? n.operand : new Not(operand);
    }

    record Constant(boolean value) implements EventPredicate {
        @Override
        public boolean matches(Event event) {
            return value;
        }
    }

    /** All parts match; stops at the first that does not. */
    record And(EventPredicate[] parts) implements EventPredicate {
        @Override
        public boolean matches(Event event) {
            for (EventPredicate part : parts) {
                if (!part.matches(event)) {
                    return false;
                }
            }
            return true;
        }
    }

    record Or(EventPredicate[] parts) implements EventPredicate {
        @Override
        public boolean matches(Event event) {
            for (EventPredicate part : parts) {
                if (part.matches(event)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** {@code bool.must_not}: matches every document the operand does not, including those lacking its field. */
    record Not(EventPredicate operand) implements EventPredicate {
        @Override
        public boolean matches(Event event) {
            return !operand.matches(event);
        }
    }

    /** Any value of the field passes the test (a multi-valued field matches if one value does). */
    record FieldTest(FieldPath path, ValueTest test, String description) implements EventPredicate {
        @Override
        public boolean matches(Event event) {
            return event.anyValue(path, test);
        }
    }

    /** The field has a value ({@code x != null}). */
    record Exists(FieldPath path) implements EventPredicate {
        @Override
        public boolean matches(Event event) {
            return event.has(path);
        }
    }

    /**
     * An expression Elasticsearch runs as a script: matches when it evaluates to {@code true} (null does not
     * match). When it reads a single field, it is tried with each value of that field (any-value semantics) and
     * once with null when the field has none.
     */
    record Script(ValueNode expression, FieldPath anyValueOf) implements EventPredicate {
        @Override
        public boolean matches(Event event) {
            if (anyValueOf == null) {
                return Boolean.TRUE.equals(expression.evaluate(new Scope(event)));
            }
            Scope scope = new Scope(event);
            boolean[] found = new boolean[1];
            boolean matched = event.anyValue(anyValueOf, value -> {
                found[0] = true;
                scope.bind(anyValueOf, value);
                return Boolean.TRUE.equals(expression.evaluate(scope));
            });
            if (matched) {
                return true;
            }
            if (!found[0]) {
                scope.bind(anyValueOf, null);
                return Boolean.TRUE.equals(expression.evaluate(scope));
            }
            return false;
        }
    }
}
