package io.verdict.esql.run;

import io.verdict.esql.value.DataType;
import io.verdict.esql.value.MultiValue;
import java.util.ArrayList;
import java.util.List;

/** A number made wider (integer to long or double, long to double), element by element. */
public record Widen(Evaluator inner, DataType to) implements Evaluator {

    @Override
    public Object eval(Object[] row, Run run) {
        return widen(inner.eval(row, run), to);
    }

    /** {@code value} as a value of {@code to}, a numeric type at least as wide as its own. */
    public static Object widen(Object value, DataType to) {
        if (value == null) {
            return null;
        }
        if (value instanceof MultiValue mv) {
            List<Object> out = new ArrayList<>(mv.size());
            for (Object e : mv.elements()) {
                out.add(widen(e, to));
            }
            return new MultiValue(out);
        }
        if (!(value instanceof Number n)) {
            return value;
        }
        return switch (to) {
            case LONG -> n.longValue();
            case DOUBLE -> n.doubleValue();
            case INTEGER -> n.intValue();
            default -> value;
        };
    }
}
