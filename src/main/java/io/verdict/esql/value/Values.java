package io.verdict.esql.value;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** What every value of the model shares: null, a single value, or a {@link MultiValue}. */
public final class Values {

    private Values() {}

    /** The value of {@code elements} without nulls: null when none is left, the element when one, else a multivalue. */
    public static Object of(List<?> elements) {
        List<Object> kept = new ArrayList<>(elements.size());
        for (Object e : elements) {
            if (e != null) {
                kept.add(e);
            }
        }
        return switch (kept.size()) {
            case 0 -> null;
            case 1 -> kept.get(0);
            default -> new MultiValue(kept);
        };
    }

    /** Every element of a value: none for null, itself for a single value. */
    public static void forEach(Object value, Consumer<Object> action) {
        if (value instanceof MultiValue mv) {
            mv.elements().forEach(action);
        } else if (value != null) {
            action.accept(value);
        }
    }

    /** The elements of a value as a list: empty for null. */
    public static List<Object> elements(Object value) {
        if (value instanceof MultiValue mv) {
            return mv.elements();
        }
        return value == null ? List.of() : List.of(value);
    }

    /**
     * Strings in UTF-8 byte order, which is code point order (not {@link String#compareTo}'s UTF-16 order, which
     * differs for characters beyond the Basic Multilingual Plane).
     */
    public static int compareStrings(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }
}
