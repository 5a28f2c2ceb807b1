package io.verdict.kql;

/** The kinds of KQL token, each with the words an error message uses for it. */
enum TokenKind {
    LPAREN("'('"),
    RPAREN("')'"),
    LBRACE("'{'"),
    RBRACE("'}'"),
    COLON("':'"),
    LT("'<'"),
    LTE("'<='"),
    GT("'>'"),
    GTE("'>='"),
    OR("'or'"),
    AND("'and'"),
    NOT("'not'"),
    /** {@code "..."}: a phrase, never a wildcard. */
    QUOTED("a quoted string"),
    /** An unquoted literal, possibly with {@code *} wildcards and inner whitespace. */
    TERM("a value"),
    /** A malformed string or escape; its only part is the message. */
    ERROR("an error"),
    EOF("the end of the query");

    private final String display;

    TokenKind(String display) {
        this.display = display;
    }

    String display() {
        return display;
    }

    boolean isRangeOperator() {
        return this == LT || this == LTE || this == GT || this == GTE;
    }
}
