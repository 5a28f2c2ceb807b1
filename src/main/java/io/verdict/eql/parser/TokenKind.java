package io.verdict.eql.parser;

/** The kinds of EQL token; a keyword or symbol carries its text (used by the lexer and in messages). */
public enum TokenKind {
    // keywords (lower case only, as in Elasticsearch's grammar)
    AND("and"),
    OR("or"),
    NOT("not"),
    WHERE("where"),
    SEQUENCE("sequence"),
    SAMPLE("sample"),
    BY("by"),
    WITH("with"),
    UNTIL("until"),
    ANY("any"),
    IN("in"),
    IN_INSENSITIVE("in~"),
    LIKE("like"),
    LIKE_INSENSITIVE("like~"),
    REGEX("regex"),
    REGEX_INSENSITIVE("regex~"),
    TRUE("true"),
    FALSE("false"),
    NULL("null"),
    JOIN("join"),
    // symbols
    EQ("=="),
    NEQ("!="),
    LT("<"),
    LTE("<="),
    GT(">"),
    GTE(">="),
    ASSIGN("="),
    COLON(":"),
    PLUS("+"),
    MINUS("-"),
    STAR("*"),
    SLASH("/"),
    PERCENT("%"),
    DOT("."),
    COMMA(","),
    LPAREN("("),
    RPAREN(")"),
    LBRACKET("["),
    RBRACKET("]"),
    PIPE("|"),
    BANG("!"),
    QUESTION("?"),
    TILDE("~"),
    // values
    IDENTIFIER(null),
    QUOTED_IDENTIFIER(null),
    STRING(null),
    INTEGER(null),
    DECIMAL(null),
    EOF(null);

    private final String text;

    TokenKind(String text) {
        this.text = text;
    }

    /** The fixed text of a keyword or symbol; null for value tokens. */
    public String text() {
        return text;
    }

    /** How a message names this kind: {@code 'where'}, or a description for value tokens. */
    public String describe() {
        return switch (this) {
            case IDENTIFIER, QUOTED_IDENTIFIER -> "a field name";
            case STRING -> "a string";
            case INTEGER, DECIMAL -> "a number";
            case EOF -> "the end of the query";
            default -> "'" + text + "'";
        };
    }
}
