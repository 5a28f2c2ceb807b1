package io.verdict.eql.parser;

import io.verdict.query.Problem;
import io.verdict.query.QueryLimits;
import io.verdict.query.SourceText;
import java.util.List;

/** The parser's view of the token list: look ahead, consume, expect, and report a problem at a token. */
abstract class TokenCursor {

    private final SourceText source;
    private final List<Token> tokens;
    private final List<Problem> problems;
    private int next;

    TokenCursor(SourceText source, List<Token> tokens, List<Problem> problems) {
        this.source = source;
        this.tokens = tokens;
        this.problems = problems;
    }

    Token peek() {
        return tokens.get(next);
    }

    Token peek(int ahead) {
        return tokens.get(Math.min(next + ahead, tokens.size() - 1));
    }

    Token advance() {
        Token t = tokens.get(next);
        if (next < tokens.size() - 1) {
            next++;
        }
        return t;
    }

    Token expect(TokenKind kind, String what) {
        Token t = peek();
        if (!t.is(kind)) {
            throw error(t, "expected " + what + ", found " + describe(t));
        }
        return advance();
    }

    String describe(Token t) {
        return switch (t.kind()) {
            case IDENTIFIER -> "'" + t.value() + "'";
            case QUOTED_IDENTIFIER -> "`" + t.value() + "`";
            case STRING -> "\"" + t.value() + "\"";
            case INTEGER, DECIMAL -> String.valueOf(t.value());
            default -> t.kind().describe();
        };
    }

    void problem(int offset, String message) {
        if (problems.size() < QueryLimits.MAX_PROBLEMS) {
            problems.add(Problem.at(source, offset, message));
        }
    }

    SyntaxError error(Token at, String message) {
        problem(at.start(), message);
        return new SyntaxError();
    }

    /** Unwinds the descent after a syntax error has been recorded. */
    static final class SyntaxError extends RuntimeException {
        SyntaxError() {
            super(null, null, false, false);
        }
    }
}
