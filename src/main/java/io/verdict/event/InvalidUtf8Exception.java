package io.verdict.event;

import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.core.io.ContentReference;

/**
 * The input is not UTF-8 (see {@link StrictUtf8}). A read error like Jackson's own, so that whoever reports
 * malformed JSON reports this too, at its line and column.
 */
public final class InvalidUtf8Exception extends StreamReadException {

    private static final long serialVersionUID = 1L;

    private InvalidUtf8Exception(String message, TokenStreamLocation location) {
        super(null, message, location);
    }

    /** The first invalid sequence of {@code bytes[0, end)}, at {@code at}; its line and column counted in bytes. */
    public static InvalidUtf8Exception at(byte[] bytes, int at, int end) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < at; i++) {
            if (bytes[i] == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return at(StrictUtf8.describe(bytes, at, end), at, line, at - lineStart + 1);
    }

    /** An invalid sequence described by {@code what}, at a byte offset, line and column (from 1) of the input. */
    public static InvalidUtf8Exception at(String what, long offset, int line, int column) {
        return new InvalidUtf8Exception(
                "Invalid UTF-8: " + what,
                new TokenStreamLocation(ContentReference.unknown(), offset, -1, line, column));
    }
}
