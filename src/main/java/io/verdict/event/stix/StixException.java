package io.verdict.event.stix;

/**
 * Why STIX input cannot be read: a body that is not JSON, not a bundle or over a limit (with the line and column
 * of the problem when the parser knows them), or, caught per indicator, a pattern that cannot be converted.
 */
public class StixException extends RuntimeException {

    private final int line;
    private final int column;

    /** A problem without a place in the body (0 for line and column). */
    public StixException(String message) {
        this(message, 0, 0);
    }

    public StixException(String message, int line, int column) {
        super(message);
        this.line = line;
        this.column = column;
    }

    /** The 1-based line of the problem in the body, or 0 when it has none. */
    public int line() {
        return line;
    }

    /** The 1-based column of the problem in the body, or 0 when it has none. */
    public int column() {
        return column;
    }
}
