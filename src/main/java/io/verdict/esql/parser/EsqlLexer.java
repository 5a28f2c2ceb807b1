package io.verdict.esql.parser;

import io.verdict.query.Problem;
import io.verdict.query.QueryException;
import io.verdict.query.SourceText;
import java.util.List;

/**
 * Cuts an ES|QL text into tokens on demand: the parser asks for the token at an offset, in the mode the place
 * calls for. Most of a query is read as expressions ({@link #next}); {@code FROM} reads index patterns, which may
 * hold {@code - * : +} ({@link #indexPattern}), and {@code KEEP}/{@code DROP} read name patterns with {@code *}
 * ({@link #namePattern}), as ES|QL's lexer switches modes after those keywords. Whitespace, {@code // ...} and
 * {@code /* ... * /} comments may come between any two tokens and are skipped.
 */
final class EsqlLexer {

    private final SourceText source;
    private final String text;

    EsqlLexer(SourceText source) {
        this.source = source;
        this.text = source.text();
    }

    String text() {
        return text;
    }

    /** The offset of the first character at or after {@code at} that is no whitespace and in no comment. */
    int skipTrivia(int at) {
        int i = at;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '/' && i + 1 < text.length() && text.charAt(i + 1) == '/') {
                while (i < text.length() && text.charAt(i) != '\n' && text.charAt(i) != '\r') {
                    i++;
                }
            } else if (c == '/' && i + 1 < text.length() && text.charAt(i + 1) == '*') {
                i = blockCommentEnd(i);
            } else {
                break;
            }
        }
        return i;
    }

    /** Block comments nest, as in ES|QL's grammar: {@code /* a /* b * / c * /} is one comment. */
    private int blockCommentEnd(int start) {
        int depth = 0;
        int i = start;
        while (i + 1 < text.length()) {
            if (text.charAt(i) == '/' && text.charAt(i + 1) == '*') {
                depth++;
                i += 2;
            } else if (text.charAt(i) == '*' && text.charAt(i + 1) == '/') {
                i += 2;
                if (--depth == 0) {
                    return i;
                }
            } else {
                i++;
            }
        }
        throw error(start, EsqlMessage.UNTERMINATED_COMMENT.format());
    }

    /** The expression-mode token at or after {@code at}. */
    EsqlToken next(int at) {
        int start = skipTrivia(at);
        if (start >= text.length()) {
            return new EsqlToken(TokenKind.EOF, text.length(), text.length(), "", false);
        }
        char c = text.charAt(start);
        if (isNameStart(c, start) || c == '`') {
            return name(start);
        }
        if (isDigit(c) || c == '.' && start + 1 < text.length() && isDigit(text.charAt(start + 1))) {
            return number(start);
        }
        if (c == '"') {
            return string(start);
        }
        return symbol(start, c);
    }

    private EsqlToken symbol(int start, char c) {
        char n = start + 1 < text.length() ? text.charAt(start + 1) : '\0';
        return switch (c) {
            case '|' -> token(TokenKind.PIPE, start, 1);
            case ',' -> token(TokenKind.COMMA, start, 1);
            case '(' -> token(TokenKind.LPAREN, start, 1);
            case ')' -> token(TokenKind.RPAREN, start, 1);
            case '[' -> token(TokenKind.LBRACKET, start, 1);
            case ']' -> token(TokenKind.RBRACKET, start, 1);
            case '{' -> token(TokenKind.LBRACE, start, 1);
            case '}' -> token(TokenKind.RBRACE, start, 1);
            case '+' -> token(TokenKind.PLUS, start, 1);
            case '-' -> token(TokenKind.MINUS, start, 1);
            case '*' -> token(TokenKind.STAR, start, 1);
            case '/' -> token(TokenKind.SLASH, start, 1);
            case '%' -> token(TokenKind.PERCENT, start, 1);
            case ';' -> token(TokenKind.SEMICOLON, start, 1);
            case '=' ->
                n == '='
                        ? token(TokenKind.EQ, start, 2)
                        : n == '~' ? token(TokenKind.INSENSITIVE_EQ, start, 2) : token(TokenKind.ASSIGN, start, 1);
            case '<' -> n == '=' ? token(TokenKind.LTE, start, 2) : token(TokenKind.LT, start, 1);
            case '>' -> n == '=' ? token(TokenKind.GTE, start, 2) : token(TokenKind.GT, start, 1);
            case ':' -> n == ':' ? token(TokenKind.CAST, start, 2) : token(TokenKind.COLON, start, 1);
            case '!' -> {
                if (n == '=') {
                    yield token(TokenKind.NEQ, start, 2);
                }
                throw error(start, EsqlMessage.UNEXPECTED_CHARACTER.format("!"));
            }
            case '?' -> throw error(start, EsqlMessage.PARAMETER.format());
            default ->
                throw error(
                        start,
                        EsqlMessage.UNEXPECTED_CHARACTER.format(
                                new String(Character.toChars(text.codePointAt(start)))));
        };
    }

    private EsqlToken token(TokenKind kind, int start, int length) {
        return new EsqlToken(kind, start, start + length, text.substring(start, start + length), false);
    }

    // name = part ('.' part)*        part = (letter | '_' | '@') (letter | digit | '_')* | '`' ( ~'`' | '``' )* '`'
    private EsqlToken name(int start) {
        StringBuilder name = new StringBuilder();
        boolean quoted = false;
        int i = start;
        while (true) {
            if (text.charAt(i) == '`') {
                quoted = true;
                i = quotedPart(i, name);
            } else {
                int from = i;
                i++;
                while (i < text.length() && isNameBody(text.charAt(i))) {
                    i++;
                }
                name.append(text, from, i);
            }
            if (i + 1 < text.length() && text.charAt(i) == '.' && isPartStart(text.charAt(i + 1), i + 1)) {
                name.append('.');
                i++;
            } else {
                break;
            }
        }
        if (name.isEmpty()) {
            throw error(start, EsqlMessage.EMPTY_NAME.format());
        }
        return new EsqlToken(TokenKind.NAME, start, i, name.toString(), quoted);
    }

    private int quotedPart(int start, StringBuilder into) {
        int i = start + 1;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '`') {
                if (i + 1 < text.length() && text.charAt(i + 1) == '`') {
                    into.append('`');
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            into.append(c);
            i++;
        }
        throw error(start, EsqlMessage.UNTERMINATED_NAME.format());
    }

    private boolean isNameStart(char c, int at) {
        if (isLetter(c)) {
            return true;
        }
        // '_' and '@' begin a name only with something after them, as in ES|QL ('_' alone is no name)
        return (c == '_' || c == '@') && at + 1 < text.length() && isNameBody(text.charAt(at + 1));
    }

    private boolean isPartStart(char c, int at) {
        return c == '`' || isDigit(c) || isNameStart(c, at);
    }

    private static boolean isNameBody(char c) {
        return isLetter(c) || isDigit(c) || c == '_';
    }

    private static boolean isLetter(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    // integer = digit+      decimal = digit+ '.' digit* | '.' digit+ | digit+ ('.' digit*)? exponent | ...
    private EsqlToken number(int start) {
        int i = start;
        while (i < text.length() && isDigit(text.charAt(i))) {
            i++;
        }
        boolean decimal = false;
        if (i < text.length() && text.charAt(i) == '.') {
            decimal = true;
            i++;
            while (i < text.length() && isDigit(text.charAt(i))) {
                i++;
            }
        }
        if (i < text.length() && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
            int j = i + 1;
            if (j < text.length() && (text.charAt(j) == '+' || text.charAt(j) == '-')) {
                j++;
            }
            if (j < text.length() && isDigit(text.charAt(j))) {
                while (j < text.length() && isDigit(text.charAt(j))) {
                    j++;
                }
                decimal = true;
                i = j;
            }
        }
        return new EsqlToken(
                decimal ? TokenKind.DECIMAL : TokenKind.INTEGER, start, i, text.substring(start, i), false);
    }

    // string = '"' (escape | ~["\\\r\n])* '"' | '"""' .*? '"""' '"'? '"'?
    private EsqlToken string(int start) {
        if (text.startsWith("\"\"\"", start)) {
            int close = text.indexOf("\"\"\"", start + 3);
            if (close < 0) {
                throw error(start, EsqlMessage.UNTERMINATED_RAW_STRING.format());
            }
            int end = close + 3;
            // up to two more quotes belong to the value: """a"""" is the string a"
            int extra = 0;
            while (extra < 2 && end < text.length() && text.charAt(end) == '"') {
                end++;
                extra++;
            }
            return new EsqlToken(TokenKind.STRING, start, end, text.substring(start + 3, close + extra), false);
        }
        StringBuilder value = new StringBuilder();
        int i = start + 1;
        while (true) {
            if (i >= text.length() || text.charAt(i) == '\n' || text.charAt(i) == '\r') {
                throw error(start, EsqlMessage.UNTERMINATED_STRING.format());
            }
            char c = text.charAt(i);
            if (c == '"') {
                return new EsqlToken(TokenKind.STRING, start, i + 1, value.toString(), false);
            }
            if (c != '\\') {
                value.append(c);
                i++;
                continue;
            }
            if (i + 1 >= text.length()) {
                throw error(start, EsqlMessage.UNTERMINATED_STRING.format());
            }
            char e = text.charAt(i + 1);
            switch (e) {
                case '\\', '"' -> value.append(e);
                case 'n' -> value.append('\n');
                case 'r' -> value.append('\r');
                case 't' -> value.append('\t');
                case 'u' -> {
                    value.append(unicodeEscape(i));
                    i += 4;
                }
                default -> throw error(i, EsqlMessage.BAD_ESCAPE.format(e));
            }
            i += 2;
        }
    }

    private char unicodeEscape(int backslash) {
        int from = backslash + 2;
        if (from + 4 > text.length()) {
            throw error(backslash, EsqlMessage.BAD_UNICODE_ESCAPE.format());
        }
        int value = 0;
        for (int k = from; k < from + 4; k++) {
            int digit = Character.digit(text.charAt(k), 16);
            if (digit < 0) {
                throw error(backslash, EsqlMessage.BAD_UNICODE_ESCAPE.format());
            }
            value = value * 16 + digit;
        }
        return (char) value;
    }

    /**
     * An index pattern of {@code FROM} at or after {@code at}: a quoted string, or a run of characters other than
     * whitespace, {@code , | " ( ) [ ] =} and comment starts ({@code logs-endpoint.events.*}, {@code cluster:idx},
     * {@code .alerts-security.*}). Anything else is returned as the expression token there, for the parser to report.
     */
    EsqlToken indexPattern(int at) {
        int start = skipTrivia(at);
        if (start < text.length() && text.charAt(start) == '"') {
            EsqlToken string = string(start);
            return new EsqlToken(TokenKind.PATTERN, string.start(), string.end(), string.text(), true);
        }
        int i = start;
        while (i < text.length() && isIndexChar(text.charAt(i))) {
            i++;
        }
        if (i == start) {
            return next(start);
        }
        return new EsqlToken(TokenKind.PATTERN, start, i, text.substring(start, i), false);
    }

    private static boolean isIndexChar(char c) {
        return !Character.isWhitespace(c) && ",|\"()[]=/`".indexOf(c) < 0;
    }

    /**
     * A name pattern of {@code KEEP}/{@code DROP} at or after {@code at}: name characters, {@code .} and the
     * wildcard {@code *}, with backquoted parts ({@code `a b`.*}). Anything else is returned as the expression
     * token there.
     */
    EsqlToken namePattern(int at) {
        int start = skipTrivia(at);
        StringBuilder pattern = new StringBuilder();
        boolean quoted = false;
        int i = start;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '`') {
                quoted = true;
                i = quotedPart(i, pattern);
            } else if (isNameBody(c) || c == '@' || c == '.' || c == '*') {
                pattern.append(c);
                i++;
            } else {
                break;
            }
        }
        if (i == start) {
            return next(start);
        }
        if (pattern.isEmpty()) {
            throw error(start, EsqlMessage.EMPTY_NAME.format());
        }
        return new EsqlToken(TokenKind.PATTERN, start, i, pattern.toString(), quoted);
    }

    /**
     * The offset of the {@code |} that ends the command running from {@code at} (or of {@code ;} where
     * {@code semicolon} allows, or the end of the text): a command Verdict does not run is skipped whole, its
     * strings, comments, names and brackets stepped over so that a {@code |} inside them does not end it.
     */
    int commandEnd(int at, boolean semicolon) {
        int depth = 0;
        int i = at;
        while (true) {
            i = skipTrivia(i);
            if (i >= text.length()) {
                return i;
            }
            char c = text.charAt(i);
            if (depth == 0 && (c == '|' || semicolon && c == ';')) {
                return i;
            }
            if (c == '"') {
                i = string(i).end();
            } else if (c == '`') {
                i = quotedPart(i, new StringBuilder());
            } else {
                if (c == '(' || c == '[' || c == '{') {
                    depth++;
                } else if ((c == ')' || c == ']' || c == '}') && depth > 0) {
                    depth--;
                }
                i++;
            }
        }
    }

    QueryException error(int offset, String message) {
        return new QueryException(List.of(Problem.at(source, offset, message)));
    }
}
