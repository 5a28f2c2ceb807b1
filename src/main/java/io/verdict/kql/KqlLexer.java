package io.verdict.kql;

import io.verdict.query.SourceText;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a KQL text into tokens, following Kibana's grammar ({@code kuery.peggy}) rather than a conventional
 * lexer: an unquoted literal runs over inner whitespace ({@code a:foo bar} is the value {@code foo bar}) and stops
 * only at a special character ({@code \ ( ) : < > " * { }}, where {@code *} is a wildcard) or where a keyword
 * begins: one whitespace then {@code or}/{@code and} then whitespace, or {@code not} then whitespace. Keywords
 * are matched in any letter case and {@code or}/{@code and} need whitespace on both sides. Whitespace between
 * tokens carries no meaning once the keywords are found, so it is dropped.
 */
final class KqlLexer {

    private static final String SPECIAL = "\\():<>\"*{}";

    private final String text;
    private int pos;

    private KqlLexer(SourceText source) {
        this.text = source.text();
    }

    /** All tokens of the text, ending with EOF; a malformed string or escape becomes an ERROR token, the last before EOF. */
    static List<KqlToken> tokenize(SourceText source) {
        return new KqlLexer(source).run();
    }

    private List<KqlToken> run() {
        List<KqlToken> tokens = new ArrayList<>();
        while (true) {
            skipSpace();
            if (pos >= text.length()) {
                tokens.add(new KqlToken(TokenKind.EOF, pos, pos, List.of()));
                return tokens;
            }
            try {
                tokens.add(next(!tokens.isEmpty()
                        && endsOperand(tokens.get(tokens.size() - 1))
                        && isSpace(text.charAt(pos - 1))));
            } catch (Malformed e) {
                // reported only if the parser gets this far: an earlier syntax error comes first, as in Kibana
                tokens.add(new KqlToken(TokenKind.ERROR, e.offset, e.offset, List.of(e.getMessage())));
                tokens.add(new KqlToken(TokenKind.EOF, text.length(), text.length(), List.of()));
                return tokens;
            }
        }
    }

    /** {@code or}/{@code and} are keywords only after an operand and whitespace; elsewhere they start a literal. */
    private static boolean endsOperand(KqlToken previous) {
        return previous.isLiteral() || previous.is(TokenKind.RPAREN) || previous.is(TokenKind.RBRACE);
    }

    private KqlToken next(boolean afterSpace) {
        int start = pos;
        if (afterSpace) {
            TokenKind binary = keywordAt(pos, "or", TokenKind.OR);
            if (binary == null) {
                binary = keywordAt(pos, "and", TokenKind.AND);
            }
            if (binary != null) {
                pos += binary == TokenKind.OR ? 2 : 3;
                return new KqlToken(binary, start, pos, List.of());
            }
        }
        if (keywordAt(pos, "not", TokenKind.NOT) != null) {
            pos += 3;
            return new KqlToken(TokenKind.NOT, start, pos, List.of());
        }
        char c = text.charAt(pos);
        switch (c) {
            case '(':
                return single(TokenKind.LPAREN);
            case ')':
                return single(TokenKind.RPAREN);
            case '{':
                return single(TokenKind.LBRACE);
            case '}':
                return single(TokenKind.RBRACE);
            case ':':
                return single(TokenKind.COLON);
            case '<':
                return comparison(TokenKind.LT, TokenKind.LTE);
            case '>':
                return comparison(TokenKind.GT, TokenKind.GTE);
            case '"':
                return quoted();
            default:
                return unquoted();
        }
    }

    /** {@code kind} when {@code word} (any case) is at {@code at} and whitespace follows it. */
    private TokenKind keywordAt(int at, String word, TokenKind kind) {
        int after = at + word.length();
        return after < text.length()
                        && text.regionMatches(true, at, word, 0, word.length())
                        && isSpace(text.charAt(after))
                ? kind
                : null;
    }

    private KqlToken single(TokenKind kind) {
        pos++;
        return new KqlToken(kind, pos - 1, pos, List.of());
    }

    private KqlToken comparison(TokenKind strict, TokenKind inclusive) {
        int start = pos++;
        if (pos < text.length() && text.charAt(pos) == '=') {
            pos++;
            return new KqlToken(inclusive, start, pos, List.of());
        }
        return new KqlToken(strict, start, pos, List.of());
    }

    // QuotedString = '"' ( '\\t' | '\\r' | '\\n' | '\\' 'u' hex{4} | '\\\\' | '\\"' | [^"] )* '"'
    // A backslash before any other character stays a backslash: "C:\Windows" is C:\Windows.
    private KqlToken quoted() {
        int start = pos++;
        StringBuilder out = new StringBuilder();
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '"') {
                pos++;
                return new KqlToken(TokenKind.QUOTED, start, pos, List.of(out.toString()));
            }
            if (c == '\\' && pos + 1 < text.length()) {
                int decoded = escapedWhitespaceOrUnicode(pos);
                if (decoded >= 0) {
                    out.append((char) decoded);
                    continue;
                }
                char n = text.charAt(pos + 1);
                if (n == '\\' || n == '"') {
                    out.append(n);
                    pos += 2;
                    continue;
                }
            }
            out.append(c);
            pos++;
        }
        throw error(start, KqlMessage.UNTERMINATED_STRING.format());
    }

    // UnquotedLiteral = ( escapedWhitespace | '\' special | '\' 'u' hex{4} | '\' ('or'|'and'|'not') | '*'
    //                   | !special !keyword . )+        then trimmed
    private KqlToken unquoted() {
        int start = pos;
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (isSpace(c)
                    && pos + 1 < text.length()
                    && (keywordAt(pos + 1, "or", TokenKind.OR) != null
                            || keywordAt(pos + 1, "and", TokenKind.AND) != null)) {
                break;
            }
            if (keywordAt(pos, "not", TokenKind.NOT) != null) {
                break;
            }
            if (c == '\\') {
                part.append(escapeInLiteral());
            } else if (c == '*') {
                parts.add(part.toString());
                part.setLength(0);
                pos++;
            } else if (SPECIAL.indexOf(c) >= 0) {
                break;
            } else {
                part.append(c);
                pos++;
            }
        }
        parts.add(part.toString());
        trim(parts);
        return new KqlToken(TokenKind.TERM, start, pos, parts);
    }

    private String escapeInLiteral() {
        int decoded = escapedWhitespaceOrUnicode(pos);
        if (decoded >= 0) {
            return String.valueOf((char) decoded);
        }
        if (pos + 1 < text.length() && SPECIAL.indexOf(text.charAt(pos + 1)) >= 0) {
            pos += 2;
            return String.valueOf(text.charAt(pos - 1));
        }
        for (String word : new String[] {"and", "not", "or"}) {
            if (text.regionMatches(true, pos + 1, word, 0, word.length())) {
                pos += 1 + word.length();
                return text.substring(pos - word.length(), pos);
            }
        }
        throw error(
                pos, KqlMessage.BAD_ESCAPE.format(pos + 1 < text.length() ? String.valueOf(text.charAt(pos + 1)) : ""));
    }

    /** The character of a tab, CR, LF or unicode (backslash, u, four hex digits) escape at {@code at} (advancing past it), or -1. */
    private int escapedWhitespaceOrUnicode(int at) {
        char n = at + 1 < text.length() ? text.charAt(at + 1) : 0;
        switch (n) {
            case 't':
                pos = at + 2;
                return '\t';
            case 'r':
                pos = at + 2;
                return '\r';
            case 'n':
                pos = at + 2;
                return '\n';
            case 'u':
                if (at + 6 <= text.length() && isHex(text, at + 2, at + 6)) {
                    pos = at + 6;
                    return Integer.parseInt(text.substring(at + 2, at + 6), 16);
                }
                return -1;
            default:
                return -1;
        }
    }

    private static boolean isHex(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (Character.digit(s.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    /** Kibana trims the literal as JavaScript's trim() does; wildcards are never trimmed. */
    private static void trim(List<String> parts) {
        parts.set(0, strip(parts.get(0), true));
        int last = parts.size() - 1;
        parts.set(last, strip(parts.get(last), false));
    }

    private static String strip(String s, boolean leading) {
        int from = 0;
        int to = s.length();
        if (leading) {
            while (from < to && isJsSpace(s.charAt(from))) {
                from++;
            }
        } else {
            while (to > from && isJsSpace(s.charAt(to - 1))) {
                to--;
            }
        }
        return s.substring(from, to);
    }

    private static boolean isJsSpace(int c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\uFEFF';
    }

    /** Kibana's {@code Space}: space, tab, CR, LF and no-break space. */
    static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\u00A0';
    }

    private void skipSpace() {
        while (pos < text.length() && isSpace(text.charAt(pos))) {
            pos++;
        }
    }

    private static Malformed error(int offset, String message) {
        return new Malformed(offset, message);
    }

    /** A malformed string or escape, turned into an ERROR token. */
    private static final class Malformed extends RuntimeException {
        private final int offset;

        Malformed(int offset, String message) {
            super(message, null, false, false);
            this.offset = offset;
        }
    }
}
