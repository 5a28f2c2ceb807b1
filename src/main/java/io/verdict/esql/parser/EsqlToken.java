package io.verdict.esql.parser;

import java.util.Locale;

/**
 * One ES|QL token.
 *
 * @param kind   what it is
 * @param start  offset of its first character in the query
 * @param end    offset after its last character
 * @param text   for NAME and PATTERN the name with backquotes removed, for STRING the unescaped value, for
 *               numbers their digits; else the symbol as written
 * @param quoted for NAME, whether any part was backquoted (a backquoted name is never a keyword)
 */
record EsqlToken(TokenKind kind, int start, int end, String text, boolean quoted) {

    boolean is(TokenKind other) {
        return kind == other;
    }

    /** Whether this is the unquoted, undotted word {@code word} in any letter case. */
    boolean isWord(String word) {
        return kind == TokenKind.NAME && !quoted && text.equalsIgnoreCase(word);
    }

    /** The lower-case word of an unquoted, undotted name, or null. */
    String word() {
        return kind == TokenKind.NAME && !quoted && text.indexOf('.') < 0 ? text.toLowerCase(Locale.ROOT) : null;
    }
}
