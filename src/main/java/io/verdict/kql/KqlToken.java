package io.verdict.kql;

import java.util.List;

/**
 * One KQL token.
 *
 * @param kind  what it is
 * @param start offset of its first character in the query text
 * @param end   offset after its last character
 * @param parts for QUOTED and TERM, the decoded text split at the unescaped {@code *} wildcards (one part when
 *              there is none); empty for the other kinds
 */
record KqlToken(TokenKind kind, int start, int end, List<String> parts) {

    KqlToken {
        parts = List.copyOf(parts);
    }

    boolean is(TokenKind other) {
        return kind == other;
    }

    boolean isLiteral() {
        return kind == TokenKind.QUOTED || kind == TokenKind.TERM;
    }

    /** The decoded text with wildcards written as {@code *} (for messages and field names). */
    String text() {
        return String.join("*", parts);
    }
}
