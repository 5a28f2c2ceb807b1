package io.verdict.eql.parser;

import io.verdict.query.CompileBudget;
import io.verdict.query.Problem;
import io.verdict.query.QueryLimits;
import io.verdict.query.SourceText;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Splits an EQL query into tokens. Every problem (a stray character, an unterminated string, a single-quoted
 * string, a bad escape) is collected and lexing goes on, so one pass reports them all.
 */
public final class EqlLexer {

    private static final Map<String, TokenKind> KEYWORDS = Map.ofEntries(
            Map.entry("and", TokenKind.AND),
            Map.entry("or", TokenKind.OR),
            Map.entry("not", TokenKind.NOT),
            Map.entry("where", TokenKind.WHERE),
            Map.entry("sequence", TokenKind.SEQUENCE),
            Map.entry("sample", TokenKind.SAMPLE),
            Map.entry("by", TokenKind.BY),
            Map.entry("with", TokenKind.WITH),
            Map.entry("until", TokenKind.UNTIL),
            Map.entry("any", TokenKind.ANY),
            Map.entry("in", TokenKind.IN),
            Map.entry("like", TokenKind.LIKE),
            Map.entry("regex", TokenKind.REGEX),
            Map.entry("true", TokenKind.TRUE),
            Map.entry("false", TokenKind.FALSE),
            Map.entry("null", TokenKind.NULL),
            Map.entry("join", TokenKind.JOIN));

    private final SourceText source;
    private final String text;
    private final List<Problem> problems;
    private final CompileBudget budget;
    private final List<Token> tokens = new ArrayList<>();
    private int pos;

    private EqlLexer(SourceText source, List<Problem> problems, CompileBudget budget) {
        this.source = source;
        this.text = source.text();
        this.problems = problems;
        this.budget = budget;
    }

    /** The tokens of the query, ending with EOF; problems are added to {@code problems}. */
    public static List<Token> tokenize(SourceText source, List<Problem> problems) {
        return tokenize(source, problems, CompileBudget.NONE);
    }

    /** {@link #tokenize(SourceText, List)} within a compile budget. */
    public static List<Token> tokenize(SourceText source, List<Problem> problems, CompileBudget budget) {
        EqlLexer lexer = new EqlLexer(source, problems, budget);
        lexer.run();
        return lexer.tokens;
    }

    private void run() {
        while (true) {
            budget.check();
            skipSpaceAndComments();
            if (pos >= text.length()) {
                tokens.add(new Token(TokenKind.EOF, null, text.length(), text.length()));
                return;
            }
            int start = pos;
            char c = text.charAt(pos);
            if (isIdentifierStart(c)) {
                identifierOrKeyword(start);
            } else if (c >= '0' && c <= '9') {
                number(start);
            } else if (c == '"') {
                string(start);
            } else if (c == '`') {
                quotedIdentifier(start);
            } else if (c == '\'') {
                problem(start, "single-quoted strings are not supported, use double quotes: \"...\"");
                skipQuoted('\'');
                // stands in for the string so that parsing goes on without a second, derived problem
                tokens.add(new Token(
                        TokenKind.STRING, text.substring(start + 1, Math.max(start + 1, pos - 1)), start, pos));
            } else {
                symbol(start, c);
            }
        }
    }

    private void skipSpaceAndComments() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (Character.isWhitespace(c)) {
                pos++;
            } else if (text.startsWith("//", pos)) {
                int nl = text.indexOf('\n', pos);
                pos = nl < 0 ? text.length() : nl + 1;
            } else if (text.startsWith("/*", pos)) {
                int end = text.indexOf("*/", pos + 2);
                if (end < 0) {
                    problem(pos, "unterminated comment");
                    pos = text.length();
                } else {
                    pos = end + 2;
                }
            } else {
                return;
            }
        }
    }

    static boolean isIdentifierStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '@';
    }

    static boolean isIdentifierPart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    }

    // identifier: [A-Za-z_@][A-Za-z0-9_]*; a keyword in lower case; in~, like~, regex~ written together
    private void identifierOrKeyword(int start) {
        pos++;
        while (pos < text.length() && isIdentifierPart(text.charAt(pos))) {
            pos++;
        }
        String word = text.substring(start, pos);
        TokenKind keyword = KEYWORDS.get(word);
        if (keyword != null && pos < text.length() && text.charAt(pos) == '~') {
            TokenKind insensitive = switch (keyword) {
                case IN -> TokenKind.IN_INSENSITIVE;
                case LIKE -> TokenKind.LIKE_INSENSITIVE;
                case REGEX -> TokenKind.REGEX_INSENSITIVE;
                default -> null;
            };
            if (insensitive != null) {
                pos++;
                tokens.add(new Token(insensitive, null, start, pos));
                return;
            }
        }
        tokens.add(
                keyword != null
                        ? new Token(keyword, null, start, pos)
                        : new Token(TokenKind.IDENTIFIER, word, start, pos));
    }

    // number: digits ('.' digits)? ([eE] [+-]? digits)?  -- a sign is a unary operator
    private void number(int start) {
        while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
            pos++;
        }
        boolean decimal = false;
        if (pos + 1 < text.length() && text.charAt(pos) == '.' && Character.isDigit(text.charAt(pos + 1))) {
            decimal = true;
            pos++;
            while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
                pos++;
            }
        }
        if (pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
            int save = pos;
            pos++;
            if (pos < text.length() && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
                pos++;
            }
            if (pos < text.length() && Character.isDigit(text.charAt(pos))) {
                decimal = true;
                while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
                    pos++;
                }
            } else {
                pos = save;
            }
        }
        String digits = text.substring(start, pos);
        if (decimal) {
            tokens.add(new Token(TokenKind.DECIMAL, Double.parseDouble(digits), start, pos));
            return;
        }
        // BigInteger reads a long text of digits in quadratic time: anything past 19 digits is too large anyway
        BigInteger value = digits.length() <= 19 ? new BigInteger(digits) : null;
        if (value != null && value.bitLength() < 64) {
            tokens.add(new Token(TokenKind.INTEGER, value.longValue(), start, pos));
        } else {
            problem(start, "number [" + digits + "] is too large");
            tokens.add(new Token(TokenKind.INTEGER, Long.MAX_VALUE, start, pos));
        }
    }

    // string: '"' (escape | ~["\\\r\n])* '"' | '"""' .*? '"""'
    private void string(int start) {
        if (text.startsWith("\"\"\"", pos)) {
            int end = text.indexOf("\"\"\"", pos + 3);
            if (end < 0) {
                problem(start, "unterminated raw string, expected \"\"\"");
                pos = text.length();
                return;
            }
            // a raw string may end in quotes: """a"""" is a" (the last three quotes close it)
            while (end + 3 < text.length() && text.charAt(end + 3) == '"') {
                end++;
            }
            String value = text.substring(pos + 3, end);
            pos = end + 3;
            tokens.add(new Token(TokenKind.STRING, value, start, pos));
            return;
        }
        pos++;
        StringBuilder value = new StringBuilder();
        while (true) {
            if (pos >= text.length() || text.charAt(pos) == '\n' || text.charAt(pos) == '\r') {
                problem(start, "unterminated string, expected '\"'");
                tokens.add(new Token(TokenKind.STRING, value.toString(), start, pos));
                return;
            }
            char c = text.charAt(pos);
            if (c == '"') {
                pos++;
                break;
            }
            if (c == '\\') {
                escape(value);
            } else {
                value.append(c);
                pos++;
            }
        }
        tokens.add(new Token(TokenKind.STRING, value.toString(), start, pos));
    }

    // escape: backslash then one of [nrtbf"'] or a backslash, or backslash 'u{' hex{2,8} '}'
    private void escape(StringBuilder out) {
        int at = pos;
        if (pos + 1 >= text.length()) {
            problem(at, "unterminated escape sequence");
            pos++;
            return;
        }
        char e = text.charAt(pos + 1);
        pos += 2;
        switch (e) {
            case 'n' -> out.append('\n');
            case 'r' -> out.append('\r');
            case 't' -> out.append('\t');
            case 'b' -> out.append('\b');
            case 'f' -> out.append('\f');
            case '"' -> out.append('"');
            case '\'' -> out.append('\'');
            case '\\' -> out.append('\\');
            case 'u' -> unicodeEscape(at, out);
            default -> problem(at, "illegal escape sequence \\" + e);
        }
    }

    private void unicodeEscape(int at, StringBuilder out) {
        if (pos >= text.length() || text.charAt(pos) != '{') {
            problem(at, "a unicode escape is written \\u{XXXX} with 2 to 8 hex digits");
            return;
        }
        // the closing brace is looked for within the longest escape only: a search to the end of the text for
        // each of many unclosed escapes would be quadratic
        int close = text.substring(pos, Math.min(text.length(), pos + 11)).indexOf('}');
        close = close < 0 ? -1 : pos + close;
        String hex = close < 0 ? "" : text.substring(pos + 1, close);
        if (close < 0
                || hex.length() < 2
                || hex.length() > 8
                || !hex.chars().allMatch(ch -> Character.digit(ch, 16) >= 0)) {
            problem(at, "a unicode escape is written \\u{XXXX} with 2 to 8 hex digits");
            pos = close < 0 ? pos : close + 1;
            return;
        }
        long cp = Long.parseLong(hex, 16);
        if (cp > Character.MAX_CODE_POINT || (cp >= 0xD800 && cp <= 0xDFFF)) {
            problem(at, "\\u{" + hex + "} is not a valid unicode code point");
        } else {
            out.appendCodePoint((int) cp);
        }
        pos = close + 1;
    }

    // quoted identifier: '`' ( ~'`' | '``' )* '`'
    private void quotedIdentifier(int start) {
        pos++;
        StringBuilder name = new StringBuilder();
        while (true) {
            if (pos >= text.length()) {
                problem(start, "unterminated quoted field name, expected '`'");
                return;
            }
            char c = text.charAt(pos++);
            if (c == '`') {
                if (pos < text.length() && text.charAt(pos) == '`') {
                    name.append('`');
                    pos++;
                } else {
                    break;
                }
            } else {
                name.append(c);
            }
        }
        tokens.add(new Token(TokenKind.QUOTED_IDENTIFIER, name.toString(), start, pos));
    }

    private void skipQuoted(char quote) {
        int end = text.indexOf(quote, pos + 1);
        pos = end < 0 ? text.length() : end + 1;
    }

    private void symbol(int start, char c) {
        char next = pos + 1 < text.length() ? text.charAt(pos + 1) : '\0';
        TokenKind kind;
        int length = 1;
        switch (c) {
            case '=' -> {
                kind = next == '=' ? TokenKind.EQ : TokenKind.ASSIGN;
                length = next == '=' ? 2 : 1;
            }
            case '!' -> {
                kind = next == '=' ? TokenKind.NEQ : TokenKind.BANG;
                length = next == '=' ? 2 : 1;
            }
            case '<' -> {
                kind = next == '=' ? TokenKind.LTE : TokenKind.LT;
                length = next == '=' ? 2 : 1;
            }
            case '>' -> {
                kind = next == '=' ? TokenKind.GTE : TokenKind.GT;
                length = next == '=' ? 2 : 1;
            }
            case ':' -> kind = TokenKind.COLON;
            case '+' -> kind = TokenKind.PLUS;
            case '-' -> kind = TokenKind.MINUS;
            case '*' -> kind = TokenKind.STAR;
            case '/' -> kind = TokenKind.SLASH;
            case '%' -> kind = TokenKind.PERCENT;
            case '.' -> kind = TokenKind.DOT;
            case ',' -> kind = TokenKind.COMMA;
            case '(' -> kind = TokenKind.LPAREN;
            case ')' -> kind = TokenKind.RPAREN;
            case '[' -> kind = TokenKind.LBRACKET;
            case ']' -> kind = TokenKind.RBRACKET;
            case '|' -> kind = TokenKind.PIPE;
            case '?' -> kind = TokenKind.QUESTION;
            case '~' -> kind = TokenKind.TILDE;
            default -> {
                problem(start, "unexpected character '" + c + "'");
                pos++;
                return;
            }
        }
        pos += length;
        tokens.add(new Token(kind, null, start, pos));
    }

    private void problem(int offset, String message) {
        if (problems.size() < QueryLimits.MAX_PROBLEMS) {
            problems.add(Problem.at(source, offset, message));
        }
    }
}
