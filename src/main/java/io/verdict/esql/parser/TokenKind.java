package io.verdict.esql.parser;

/** The kinds of ES|QL tokens, each with how a message names it. */
enum TokenKind {
    /** A name: {@code a.b}, {@code @timestamp}, {@code `a b`.c}; keywords are names the parser recognises. */
    NAME("a name"),
    STRING("a string"),
    INTEGER("a number"),
    DECIMAL("a number"),
    PIPE("'|'"),
    COMMA("','"),
    LPAREN("'('"),
    RPAREN("')'"),
    LBRACKET("'['"),
    RBRACKET("']'"),
    LBRACE("'{'"),
    RBRACE("'}'"),
    ASSIGN("'='"),
    EQ("'=='"),
    NEQ("'!='"),
    LT("'<'"),
    LTE("'<='"),
    GT("'>'"),
    GTE("'>='"),
    INSENSITIVE_EQ("'=~'"),
    PLUS("'+'"),
    MINUS("'-'"),
    STAR("'*'"),
    SLASH("'/'"),
    PERCENT("'%'"),
    CAST("'::'"),
    COLON("':'"),
    SEMICOLON("';'"),
    /** An index pattern of {@code FROM}, or a name pattern of {@code KEEP}/{@code DROP}, scanned on request. */
    PATTERN("a pattern"),
    EOF("the end of the query");

    private final String display;

    TokenKind(String display) {
        this.display = display;
    }

    String display() {
        return display;
    }
}
