package io.verdict.esql.function;

import io.verdict.esql.value.DataType;

/**
 * A verification error about one argument, as ES words it:
 * {@code first argument of [LENGTH(x)] must be [string], found value [x] type [integer]}. Binding does not know
 * the call's text, so {@link #getMessage()} leaves {@code {call}} and {@code {arg}} for the caller to fill with
 * {@link #message(String, String)}.
 */
public final class ArgumentTypeException extends IllegalArgumentException {

    private static final String[] ORDINALS = {
        "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"
    };

    private final int position;
    private final String expected;
    private final DataType found;
    private final boolean single;

    /**
     * @param position the argument's 0-based position
     * @param single   whether the function takes one argument only (ES then names no ordinal)
     */
    ArgumentTypeException(int position, String expected, DataType found, boolean single) {
        super(text(position, expected, found, single, "{call}", "{arg}"));
        this.position = position;
        this.expected = expected;
        this.found = found;
        this.single = single;
    }

    /** The argument's 0-based position. */
    public int position() {
        return position;
    }

    /** The message with the call's and the argument's text in place. */
    public String message(String callText, String argumentText) {
        return text(position, expected, found, single, callText, argumentText);
    }

    private static String text(int position, String expected, DataType found, boolean single, String call, String arg) {
        String ordinal = single ? "" : (position < ORDINALS.length ? ORDINALS[position] : (position + 1) + "th") + " ";
        return ordinal + "argument of [" + call + "] must be [" + expected + "], found value [" + arg + "] type ["
                + found.esName() + "]";
    }
}
