package io.verdict.query;

/**
 * One problem found in a query or a rule file, located in the coordinates of its origin.
 *
 * @param origin     the file (or null for a text typed on its own)
 * @param line       1-based
 * @param column     1-based
 * @param message    what is wrong, one sentence without position
 * @param sourceLine the offending line as written, for the caret display (may be null)
 * @param caret      0-based column of the caret inside {@code sourceLine}
 */
public record Problem(String origin, int line, int column, String message, String sourceLine, int caret) {

    /** Characters of the offending line a problem echoes at most: a window around the caret. */
    public static final int MAX_SOURCE = 200;
    /** Characters of a message at most: messages quote what was written, which may be long. */
    public static final int MAX_MESSAGE = 1000;

    /** Long lines and messages are cut (with an ellipsis), so no input makes a problem large. */
    public Problem {
        if (message != null && message.length() > MAX_MESSAGE) {
            message = message.substring(0, MAX_MESSAGE - 1) + "\u2026";
        }
        if (sourceLine != null && sourceLine.length() > MAX_SOURCE) {
            int at = Math.max(0, Math.min(caret, sourceLine.length()));
            int from = Math.max(0, Math.min(at - MAX_SOURCE / 2, sourceLine.length() - MAX_SOURCE));
            int to = from + MAX_SOURCE;
            String window = sourceLine.substring(from, to);
            caret = at - from;
            if (from > 0) {
                window = "\u2026" + window.substring(1);
            }
            if (to < sourceLine.length()) {
                window = window.substring(0, window.length() - 1) + "\u2026";
            }
            sourceLine = window;
        }
    }

    /** A problem at {@code offset} of a query text, in the text's file coordinates. */
    public static Problem at(SourceText source, int offset, String message) {
        Position p = source.positionOf(offset);
        return new Problem(
                source.origin(), p.line(), p.column(), message, source.lineOf(offset), source.columnInLine(offset));
    }

    /** {@code file:line:column: message} */
    public String location() {
        return (origin == null ? "<query>" : origin) + ":" + line + ":" + column;
    }

    /** {@code file:line:column: message}, then the source line and a caret under the column. */
    public String render() {
        StringBuilder out = new StringBuilder(location()).append(": ").append(message);
        if (sourceLine != null) {
            out.append('\n')
                    .append(sourceLine)
                    .append('\n')
                    .append(" ".repeat(Math.max(0, caret)))
                    .append('^');
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return location() + ": " + message;
    }
}
