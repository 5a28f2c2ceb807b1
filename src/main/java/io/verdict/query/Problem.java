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

    /** A problem at {@code offset} of a query text, in the text's file coordinates. */
    public static Problem at(SourceText source, int offset, String message) {
        Position p = source.positionOf(offset);
        return new Problem(source.origin(), p.line(), p.column(), message,
                source.lineOf(offset), source.columnInLine(offset));
    }

    /** {@code file:line:column: message} */
    public String location() {
        return (origin == null ? "<query>" : origin) + ":" + line + ":" + column;
    }

    /** {@code file:line:column: message}, then the source line and a caret under the column. */
    public String render() {
        StringBuilder out = new StringBuilder(location()).append(": ").append(message);
        if (sourceLine != null) {
            out.append('\n').append(sourceLine).append('\n').append(" ".repeat(Math.max(0, caret))).append('^');
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return location() + ": " + message;
    }
}
