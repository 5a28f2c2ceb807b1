package io.verdict.engine;

import java.util.Locale;

/**
 * How a field's value text is folded before it is looked up among a rule's required literals, chosen to be exactly
 * the comparison the compiled query makes, so that a hash lookup finds every literal the query could accept.
 */
public enum KeyFold {

    /** {@code ==}, {@code in}, {@code like}, KQL on keyword fields: the text itself. */
    EXACT,
    /**
     * {@code :} and {@code like~} without wildcards, which compare as {@link String#equalsIgnoreCase}: each char
     * folded to lower(upper(c)). A text holding a surrogate has no key ({@code null}): equalsIgnoreCase compares
     * supplementary code points whole, so the index must then assume any literal may match.
     */
    CHARS,
    /** {@code in~} and Elastic's {@code .caseless} fields, which compare {@code toLowerCase(Locale.ROOT)} texts. */
    LOWER,
    /** No literal: any value will do (a test that some value of the field passes needs the field to have one). */
    ANY;

    /** The lookup key of {@code text}, or null when this fold cannot give one (see {@link #CHARS}). */
    public String key(String text) {
        return switch (this) {
            case EXACT -> text;
            case CHARS -> foldChars(text);
            case LOWER -> text.toLowerCase(Locale.ROOT);
            case ANY -> "";
        };
    }

    private static String foldChars(String text) {
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c >= 128 || c >= 'A' && c <= 'Z') {
                break;
            }
            i++;
        }
        if (i == n) {
            return text; // lower-case ASCII folds to itself: no copy
        }
        char[] out = text.toCharArray();
        for (; i < n; i++) {
            char c = out[i];
            if (Character.isSurrogate(c)) {
                return null;
            }
            out[i] = c < 128
                    ? (c >= 'A' && c <= 'Z' ? (char) (c + 32) : c)
                    : Character.toLowerCase(Character.toUpperCase(c));
        }
        return new String(out);
    }
}
