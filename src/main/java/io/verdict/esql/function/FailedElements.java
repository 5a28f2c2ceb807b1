package io.verdict.esql.function;

import java.util.List;

/**
 * Thrown by a function that maps every element of a multivalue (the conversions) when some elements failed: ES
 * keeps the elements that converted as the value and warns once per element that did not
 * ({@code TO_INTEGER([1, 501379200000])} is {@code 1} with a warning). The caller takes {@link #value()} as the
 * result and records each of {@link #failures()} as it records a thrown failure.
 */
public final class FailedElements extends RuntimeException {

    private final transient Object value;
    private final transient List<RuntimeException> failures;

    FailedElements(Object value, List<RuntimeException> failures) {
        super(failures.get(0).getMessage(), failures.get(0), false, false);
        this.value = value;
        this.failures = List.copyOf(failures);
    }

    /** The value of the elements that converted: null when none did. */
    public Object value() {
        return value;
    }

    /** The failure of each element that did not convert, in order. */
    public List<RuntimeException> failures() {
        return failures;
    }
}
