package io.verdict.esql.parser;

/** Every message the ES|QL lexer and parser report, in one place so tests can assert codes and positions, not prose. */
enum EsqlMessage {
    UNEXPECTED_CHARACTER("unexpected character '%s'"),
    UNTERMINATED_STRING("unterminated string: a \"...\" string ends on the line it starts"),
    UNTERMINATED_RAW_STRING("unterminated \"\"\"...\"\"\" string"),
    UNTERMINATED_NAME("unterminated `...` name"),
    UNTERMINATED_COMMENT("unterminated /* ... */ comment"),
    BAD_ESCAPE("invalid escape '\\%s' in a string: use \\\\ \\\" \\n \\r \\t or \\uXXXX, or a \"\"\"...\"\"\" string"),
    BAD_UNICODE_ESCAPE("invalid \\u escape: four hexadecimal digits must follow"),
    EMPTY_NAME("empty name ``"),
    PARAMETER("query parameters ('?') are not supported"),
    EXPECTED("expected %s, found %s"),
    UNKNOWN_COMMAND("unknown command '%s'"),
    NO_SOURCE("a query starts with FROM or ROW, found %s"),
    UNSIGNED_LONG("the number %s is beyond the range of long: unsigned_long is not supported"),
    BAD_DECIMAL("the number %s is beyond the range of double"),
    UNKNOWN_TIME_UNIT("unknown time unit '%s' after %s: expected one of ms, s, sec, second(s), m, min, minute(s),"
            + " h, hour(s), d, day(s), w, week(s), mo, month(s), q, quarter(s), y, yr, year(s)"),
    TIME_SPAN_TOO_LARGE("the time span %s %s is too large"),
    MIXED_ARRAY("an array holds values of one kind (numbers, strings or booleans): found %s after %s"),
    EMPTY_STATS("%s needs an aggregation or a BY clause"),
    BAD_LIMIT("LIMIT takes a whole number from 0 to 2147483647, found %s"),
    UNKNOWN_DISSECT_OPTION("unknown DISSECT option '%s': the only one is APPEND_SEPARATOR"),
    TOO_TALL(
            "the expression chains or nests more than %d operators; split it (for example into several WHERE commands)"),
    RESERVED_WORD("'%s' is a keyword: write `%s` to use it as a name");

    private final String template;

    EsqlMessage(String template) {
        this.template = template;
    }

    String format(Object... args) {
        return args.length == 0 ? template : String.format(template, args);
    }
}
