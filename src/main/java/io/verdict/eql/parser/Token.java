package io.verdict.eql.parser;

/**
 * One token: its kind, the decoded value (a string's content, a number, an identifier's name) and its offsets
 * {@code [start, end)} in the query text.
 */
public record Token(TokenKind kind, Object value, int start, int end) {

    public String text() {
        return value instanceof String s ? s : kind.text();
    }

    public boolean is(TokenKind k) {
        return kind == k;
    }
}
