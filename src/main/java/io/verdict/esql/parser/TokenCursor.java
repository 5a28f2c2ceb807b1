package io.verdict.esql.parser;

import io.verdict.query.CompileBudget;
import io.verdict.query.QueryException;
import io.verdict.query.QueryLimits;

/**
 * The parser's place in the text: the offset after the last token taken, and the next token once looked at.
 * Tokens are cut on demand so that a command can ask for its own mode (index or name patterns) at the place it
 * reaches; a saved place can be gone back to, which is how {@code name = expr} is told from {@code expr}.
 */
final class TokenCursor {

    private final EsqlLexer lexer;
    private final CompileBudget budget;
    private int pos;
    private int lastEnd;
    private EsqlToken peeked;
    private int depth;

    TokenCursor(EsqlLexer lexer, CompileBudget budget) {
        this.lexer = lexer;
        this.budget = budget;
    }

    String text() {
        return lexer.text();
    }

    EsqlToken peek() {
        if (peeked == null) {
            peeked = lexer.next(pos);
        }
        return peeked;
    }

    boolean at(TokenKind kind) {
        return peek().is(kind);
    }

    boolean atWord(String word) {
        return peek().isWord(word);
    }

    EsqlToken advance() {
        EsqlToken token = peek();
        pos = token.end();
        if (!token.is(TokenKind.EOF)) {
            lastEnd = token.end();
        }
        peeked = null;
        return token;
    }

    boolean accept(TokenKind kind) {
        if (at(kind)) {
            advance();
            return true;
        }
        return false;
    }

    boolean acceptWord(String word) {
        if (atWord(word)) {
            advance();
            return true;
        }
        return false;
    }

    EsqlToken expect(TokenKind kind, String expected) {
        if (!at(kind)) {
            throw unexpected(expected);
        }
        return advance();
    }

    /** The end of the last token taken: where the construct just parsed ends. */
    int lastEnd() {
        return lastEnd;
    }

    /** A place to come back to with {@link #reset}. */
    long mark() {
        return ((long) pos << 32) | (lastEnd & 0xffffffffL);
    }

    void reset(long mark) {
        pos = (int) (mark >>> 32);
        lastEnd = (int) mark;
        peeked = null;
    }

    /** The index pattern at the current place, taken; or null (nothing taken) when there is none. */
    EsqlToken indexPattern() {
        return take(lexer.indexPattern(pos));
    }

    /** The name pattern at the current place, taken; or null (nothing taken) when there is none. */
    EsqlToken namePattern() {
        return take(lexer.namePattern(pos));
    }

    private EsqlToken take(EsqlToken token) {
        if (!token.is(TokenKind.PATTERN)) {
            return null;
        }
        pos = token.end();
        lastEnd = token.end();
        peeked = null;
        return token;
    }

    /** Skips the rest of a command Verdict does not run; returns where its text ends. */
    int skipCommand(boolean toSemicolon) {
        int end = lexer.commandEnd(pos, toSemicolon);
        int textEnd = end;
        while (textEnd > pos && Character.isWhitespace(lexer.text().charAt(textEnd - 1))) {
            textEnd--;
        }
        pos = end;
        lastEnd = Math.max(lastEnd, textEnd);
        peeked = null;
        return textEnd;
    }

    /** The offset where the next token begins. */
    int nextStart() {
        return peek().start();
    }

    /** One level deeper; a problem at {@code offset} past the limit. Also where the compile budget is checked. */
    void nest(int offset) {
        budget.check();
        if (++depth > QueryLimits.MAX_DEPTH) {
            throw error(offset, QueryLimits.tooDeep());
        }
    }

    void unnest() {
        depth--;
    }

    void checkBudget() {
        budget.check();
    }

    QueryException unexpected(String expected) {
        return error(peek().start(), EsqlMessage.EXPECTED.format(expected, describe(peek())));
    }

    /** How a message names a token: its text as written, quoted, or what it is. */
    String describe(EsqlToken token) {
        if (token.is(TokenKind.EOF)) {
            return TokenKind.EOF.display();
        }
        String written = lexer.text().substring(token.start(), token.end());
        if (written.length() > 40) {
            written = written.substring(0, 39) + "\u2026";
        }
        return "'" + written + "'";
    }

    QueryException error(int offset, String message) {
        return lexer.error(offset, message);
    }
}
