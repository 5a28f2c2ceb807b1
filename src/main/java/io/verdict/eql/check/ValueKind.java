package io.verdict.eql.check;

import java.util.Locale;

/** What the checker knows statically about an expression's value. */
public enum ValueKind {
    STRING,
    NUMBER,
    BOOLEAN,
    NULL,
    /** A field, or anything whose kind is only known per event. */
    ANY;

    /** Whether a value of this kind may be passed where {@code wanted} is required. */
    boolean fits(ValueKind wanted) {
        return wanted == ANY || this == ANY || this == NULL || this == wanted;
    }

    String describe() {
        return name().toLowerCase(Locale.ROOT);
    }
}
