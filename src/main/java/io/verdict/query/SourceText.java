package io.verdict.query;

import java.util.Arrays;
import java.util.Objects;

/**
 * A query's text together with where it came from, so that a problem found at an offset of the text can be
 * reported in the coordinates of the file that holds it ({@code rules/x.toml:27:9}).
 *
 * <p>{@code line} and {@code column} (1-based) locate the text's first character in the origin. When the text
 * was decoded from a TOML basic string with escapes, {@code rawOffsets[i]} is the offset in {@code raw} (the
 * undecoded value as written in the file) of decoded character {@code i}; otherwise both are null and the text
 * maps onto the file one character for one.
 */
public record SourceText(String text, String origin, int line, int column, String raw, int[] rawOffsets) {

    public SourceText {
        Objects.requireNonNull(text, "text");
        if (line < 1 || column < 1) {
            throw new IllegalArgumentException("line and column are 1-based: " + line + ":" + column);
        }
        if ((raw == null) != (rawOffsets == null)) {
            throw new IllegalArgumentException("raw and rawOffsets come together");
        }
        if (rawOffsets != null) {
            rawOffsets = rawOffsets.clone();
        }
    }

    /** A text typed on its own (an API request, a test): line 1, column 1 of an unnamed origin. */
    public static SourceText of(String text) {
        return new SourceText(text, null, 1, 1, null, null);
    }

    /** A text that starts at {@code line:column} of {@code origin} and maps onto it character for character. */
    public static SourceText at(String text, String origin, int line, int column) {
        return new SourceText(text, origin, line, column, null, null);
    }

    /** The 1-based position, in the origin's coordinates, of the character at {@code offset} of the text. */
    public Position positionOf(int offset) {
        int at = Math.max(0, Math.min(offset, text.length()));
        String scanned = text;
        if (rawOffsets != null) {
            at = at < rawOffsets.length ? rawOffsets[at] : raw.length();
            scanned = raw;
        }
        int lineInText = 0;
        int lineStart = 0;
        for (int i = 0; i < at; i++) {
            if (scanned.charAt(i) == '\n') {
                lineInText++;
                lineStart = i + 1;
            }
        }
        int columnInLine = at - lineStart;
        return lineInText == 0
                ? new Position(line, column + columnInLine)
                : new Position(line + lineInText, columnInLine + 1);
    }

    /** The line of the text (not of the file) that holds {@code offset}, for the caret display. */
    public String lineOf(int offset) {
        int at = Math.max(0, Math.min(offset, text.length()));
        int start = text.lastIndexOf('\n', at - 1) + 1;
        int end = text.indexOf('\n', at);
        return text.substring(start, end < 0 ? text.length() : end);
    }

    /** The 0-based column of {@code offset} inside {@link #lineOf(int)}. */
    public int columnInLine(int offset) {
        int at = Math.max(0, Math.min(offset, text.length()));
        return at - (text.lastIndexOf('\n', at - 1) + 1);
    }

    @Override
    public int[] rawOffsets() {
        return rawOffsets == null ? null : rawOffsets.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SourceText other
                && text.equals(other.text)
                && Objects.equals(origin, other.origin)
                && line == other.line
                && column == other.column
                && Objects.equals(raw, other.raw)
                && Arrays.equals(rawOffsets, other.rawOffsets);
    }

    @Override
    public int hashCode() {
        return Objects.hash(text, origin, line, column, raw, Arrays.hashCode(rawOffsets));
    }

    @Override
    public String toString() {
        return (origin == null ? "<query>" : origin) + ":" + line + ":" + column;
    }
}
