package io.verdict.eql.parser;

import io.verdict.eql.ast.Expr;
import io.verdict.eql.ast.Expr.ArithmeticOp;
import io.verdict.eql.ast.Expr.CompareOp;
import io.verdict.eql.ast.Expr.MatchOp;
import io.verdict.eql.ast.Query;
import io.verdict.eql.ast.Query.EventFilter;
import io.verdict.eql.ast.Query.Maxspan;
import io.verdict.eql.ast.Query.Pipe;
import io.verdict.eql.ast.Query.Stage;
import io.verdict.query.CompileBudget;
import io.verdict.query.Problem;
import io.verdict.query.QueryException;
import io.verdict.query.QueryLimits;
import io.verdict.query.SourceText;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Hand-written recursive-descent parser for Elasticsearch's EQL. Each {@code parseXxx} method has its grammar
 * rule above it. Lexical problems are all collected; parsing stops at the first syntax error (what follows an
 * unexpected token cannot be read reliably), and the caller gets every problem found up to there.
 *
 * <p>The descent is bounded: every level of nesting (a parenthesis, a function call, {@code not}, a sign, each
 * operator of an arithmetic chain, which builds a left-deep tree) counts, and past {@link QueryLimits#MAX_DEPTH}
 * the query is a problem at the token that went too deep, long before the stack would run out. Chains of
 * {@code and} and {@code or} become one node each, however long.
 */
public final class EqlParser extends TokenCursor {

    private static final Map<String, Duration> UNITS = Map.of(
            "ms",
            Duration.ofMillis(1),
            "s",
            Duration.ofSeconds(1),
            "m",
            Duration.ofMinutes(1),
            "h",
            Duration.ofHours(1),
            "d",
            Duration.ofDays(1));

    private final CompileBudget budget;
    /** Levels of nesting entered and not yet left. */
    private int depth;

    private EqlParser(SourceText source, List<Problem> problems, CompileBudget budget) {
        super(source, EqlLexer.tokenize(source, problems, budget), problems);
        this.budget = budget;
    }

    /** The query's syntax tree, or a {@link QueryException} with every problem found. */
    public static Query parse(SourceText source) {
        List<Problem> problems = new ArrayList<>();
        Query query = parse(source, problems);
        if (!problems.isEmpty()) {
            throw new QueryException(problems);
        }
        return query;
    }

    /**
     * The query's syntax tree, adding every problem found to {@code problems}. The tree is null when parsing had
     * to stop; when it recovered (a broken sequence stage is skipped to its ']'), the tree is returned with the
     * broken stages as {@code false} filters, so the checker can still report the problems of the others.
     */
    public static Query parse(SourceText source, List<Problem> problems) {
        return parse(source, problems, CompileBudget.NONE);
    }

    /** {@link #parse(SourceText, List)} within a compile budget ({@link CompileBudget.Exceeded} past it). */
    public static Query parse(SourceText source, List<Problem> problems, CompileBudget budget) {
        EqlParser parser = new EqlParser(source, problems, budget);
        try {
            return parser.parseStatement();
        } catch (SyntaxError e) {
            return null; // recorded in problems
        }
    }

    /** A lone expression (for folding tests and tools): {@code expression EOF}. */
    public static Expr parseExpression(SourceText source) {
        List<Problem> problems = new ArrayList<>();
        EqlParser parser = new EqlParser(source, problems, CompileBudget.NONE);
        Expr expr = null;
        try {
            expr = parser.parseExpr();
            parser.expect(TokenKind.EOF, "the end of the expression");
        } catch (SyntaxError e) {
            // recorded in problems
        }
        if (!problems.isEmpty()) {
            throw new QueryException(problems);
        }
        return expr;
    }

    // ---- statements ----------------------------------------------------------------------------------------

    // statement: query pipe* EOF
    // query: sequence | sample | eventQuery
    private Query parseStatement() {
        Token first = peek();
        Query query;
        if (first.is(TokenKind.SEQUENCE)) {
            query = parseSequence();
        } else if (first.is(TokenKind.SAMPLE)) {
            query = parseSample();
        } else if (first.is(TokenKind.JOIN)) {
            throw error(first, "join is not supported by Elasticsearch EQL; use sequence");
        } else {
            EventFilter filter = parseEventFilter();
            query = new Query.EventQuery(filter, List.of(), filter.offset());
        }
        List<Pipe> pipes = parsePipes();
        expect(TokenKind.EOF, "the end of the query or '|'");
        if (pipes.isEmpty()) {
            return query;
        }
        if (query instanceof Query.SequenceQuery q) {
            return new Query.SequenceQuery(q.by(), q.maxspan(), q.stages(), q.until(), pipes, q.offset());
        }
        if (query instanceof Query.SampleQuery q) {
            return new Query.SampleQuery(q.by(), q.stages(), pipes, q.offset());
        }
        Query.EventQuery q = (Query.EventQuery) query;
        return new Query.EventQuery(q.filter(), pipes, q.offset());
    }

    // eventFilter: (ANY | IDENTIFIER | STRING) WHERE expression
    private EventFilter parseEventFilter() {
        Token category = peek();
        String name;
        if (category.is(TokenKind.ANY)) {
            name = null;
        } else if (category.is(TokenKind.IDENTIFIER) || category.is(TokenKind.STRING)) {
            name = (String) category.value();
        } else {
            throw error(category, "expected an event category, 'any' or 'sequence', found " + describe(category));
        }
        advance();
        expect(TokenKind.WHERE, "'where'");
        Expr condition = parseExpr();
        return new EventFilter(name, condition, category.start());
    }

    // sequence: SEQUENCE (joinKeys sequenceParams? | sequenceParams joinKeys?)? sequenceTerm+ (UNTIL sequenceTerm)?
    private Query parseSequence() {
        Token start = advance();
        List<Expr> by = List.of();
        Maxspan maxspan = null;
        if (peek().is(TokenKind.BY)) {
            by = parseJoinKeys();
            if (peek().is(TokenKind.WITH)) {
                maxspan = parseSequenceParams();
            }
        } else if (peek().is(TokenKind.WITH)) {
            maxspan = parseSequenceParams();
            if (peek().is(TokenKind.BY)) {
                by = parseJoinKeys();
            }
        }
        List<Stage> stages = new ArrayList<>();
        while (peek().is(TokenKind.LBRACKET) || peek().is(TokenKind.BANG)) {
            stages.add(parseSequenceTerm(true));
        }
        if (stages.isEmpty()) {
            throw error(peek(), "expected '[' to start a sequence stage, found " + describe(peek()));
        }
        Stage until = null;
        if (peek().is(TokenKind.UNTIL)) {
            advance();
            until = parseSequenceTerm(false);
        }
        return new Query.SequenceQuery(by, maxspan, stages, until, List.of(), start.start());
    }

    // sequenceParams: WITH 'maxspan' '=' timeUnit
    // timeUnit: INTEGER IDENTIFIER            (units ms s m h d)
    private Maxspan parseSequenceParams() {
        advance();
        Token key = peek();
        if (!key.is(TokenKind.IDENTIFIER) || !"maxspan".equals(key.value())) {
            throw error(key, "expected 'maxspan' after 'with', found " + describe(key));
        }
        advance();
        expect(TokenKind.ASSIGN, "'='");
        Token amount = peek();
        if (!amount.is(TokenKind.INTEGER)) {
            throw error(amount, "expected a whole number for maxspan, found " + describe(amount));
        }
        advance();
        Token unit = peek();
        if (!unit.is(TokenKind.IDENTIFIER) || !UNITS.containsKey(unit.value()) || unit.start() != amount.end()) {
            throw error(
                    unit.start() == amount.end() ? unit : amount,
                    "maxspan needs a time unit right after the number: ms, s, m, h or d");
        }
        advance();
        long n = (Long) amount.value();
        return new Maxspan(n, (String) unit.value(), UNITS.get(unit.value()).multipliedBy(n), key.start());
    }

    // sequenceTerm: '!'? '[' eventFilter ']' joinKeys? (WITH 'runs' '=' INTEGER)?
    private Stage parseSequenceTerm(boolean allowMissingAndRuns) {
        Token start = peek();
        boolean missing = false;
        if (start.is(TokenKind.BANG)) {
            if (!allowMissingAndRuns) {
                throw error(start, "an until stage cannot be a missing event");
            }
            missing = true;
            advance();
        }
        expect(TokenKind.LBRACKET, "'['");
        EventFilter filter = parseBracketedFilter();
        List<Expr> by = peek().is(TokenKind.BY) ? parseJoinKeys() : List.of();
        int runs = 1;
        if (peek().is(TokenKind.WITH)) {
            advance();
            Token key = peek();
            if (!allowMissingAndRuns || !key.is(TokenKind.IDENTIFIER) || !"runs".equals(key.value())) {
                throw error(key, "expected 'runs' after 'with' on a sequence stage, found " + describe(key));
            }
            advance();
            expect(TokenKind.ASSIGN, "'='");
            Token count = peek();
            if (!count.is(TokenKind.INTEGER)) {
                throw error(count, "expected a whole number of runs, found " + describe(count));
            }
            advance();
            long n = (Long) count.value();
            if (n < 1 || n > 100) {
                problem(count.start(), "runs must be between 1 and 100, found " + n);
            }
            runs = (int) Math.max(1, Math.min(100, n));
        }
        return new Stage(filter, by, runs, missing, start.start());
    }

    // sample: SAMPLE joinKeys? ('[' eventFilter ']' joinKeys?)+
    private Query parseSample() {
        Token start = advance();
        List<Expr> by = peek().is(TokenKind.BY) ? parseJoinKeys() : List.of();
        List<Stage> stages = new ArrayList<>();
        while (peek().is(TokenKind.LBRACKET)) {
            Token open = advance();
            EventFilter filter = parseBracketedFilter();
            List<Expr> stageBy = peek().is(TokenKind.BY) ? parseJoinKeys() : List.of();
            stages.add(new Stage(filter, stageBy, 1, false, open.start()));
        }
        if (stages.isEmpty()) {
            throw error(peek(), "expected '[' to start a sample filter, found " + describe(peek()));
        }
        return new Query.SampleQuery(by, stages, List.of(), start.start());
    }

    // bracketedFilter: eventFilter ']'
    // A syntax error inside a stage is recorded and the stage skipped up to its ']', so that the problems of the
    // other stages are reported too.
    private EventFilter parseBracketedFilter() {
        int start = peek().start();
        int outer = depth;
        try {
            EventFilter filter = parseEventFilter();
            expect(TokenKind.RBRACKET, "']'");
            return filter;
        } catch (SyntaxError e) {
            depth = outer;
            int brackets = 0;
            while (!peek().is(TokenKind.EOF)) {
                Token t = advance();
                if (t.is(TokenKind.LBRACKET)) {
                    brackets++;
                } else if (t.is(TokenKind.RBRACKET) && brackets-- == 0) {
                    return new EventFilter(null, new Expr.Literal(false, start), start);
                }
            }
            throw e;
        }
    }

    // joinKeys: BY expression (',' expression)*
    private List<Expr> parseJoinKeys() {
        advance();
        List<Expr> keys = new ArrayList<>();
        keys.add(parseAdditive());
        while (peek().is(TokenKind.COMMA)) {
            advance();
            keys.add(parseAdditive());
        }
        return keys;
    }

    // pipe: '|' IDENTIFIER (INTEGER)?        (Elasticsearch has only head and tail)
    private List<Pipe> parsePipes() {
        List<Pipe> pipes = new ArrayList<>();
        while (peek().is(TokenKind.PIPE)) {
            advance();
            Token name = peek();
            if (!name.is(TokenKind.IDENTIFIER)) {
                throw error(name, "expected a pipe name after '|', found " + describe(name));
            }
            advance();
            String pipe = (String) name.value();
            if (!pipe.equals("head") && !pipe.equals("tail")) {
                throw error(name, "unsupported pipe [" + pipe + "]; Elasticsearch supports head and tail");
            }
            long count = 10;
            if (peek().is(TokenKind.INTEGER)) {
                count = (Long) advance().value();
                if (count < 1) {
                    problem(name.start(), "the number of a " + pipe + " pipe must be positive");
                }
            } else if (!peek().is(TokenKind.PIPE) && !peek().is(TokenKind.EOF)) {
                throw error(peek(), "expected a positive number after " + pipe + ", found " + describe(peek()));
            }
            pipes.add(new Pipe(pipe, count, name.start()));
        }
        return pipes;
    }

    // ---- expressions ---------------------------------------------------------------------------------------

    // expression: orExpression
    // orExpression: andExpression ('or' andExpression)*
    Expr parseExpr() {
        nest(peek());
        Expr first = parseAnd();
        if (!peek().is(TokenKind.OR)) {
            depth--;
            return first;
        }
        List<Expr> operands = new ArrayList<>();
        operands.add(first);
        while (peek().is(TokenKind.OR)) {
            advance();
            operands.add(parseAnd());
        }
        depth--;
        return new Expr.Or(operands, first.offset());
    }

    // andExpression: notExpression ('and' notExpression)*
    private Expr parseAnd() {
        Expr first = parseNot();
        if (!peek().is(TokenKind.AND)) {
            return first;
        }
        List<Expr> operands = new ArrayList<>();
        operands.add(first);
        while (peek().is(TokenKind.AND)) {
            advance();
            operands.add(parseNot());
        }
        return new Expr.And(operands, first.offset());
    }

    // notExpression: 'not' notExpression | predicate
    private Expr parseNot() {
        if (peek().is(TokenKind.NOT)) {
            Token not = advance();
            nest(not);
            Expr operand = parseNot();
            depth--;
            return new Expr.Not(operand, not.start());
        }
        return parsePredicate();
    }

    /** One level deeper, at {@code at}; a problem there past the limit. Also where the compile budget is checked. */
    private void nest(Token at) {
        budget.check();
        if (++depth > QueryLimits.MAX_DEPTH) {
            throw error(at, QueryLimits.tooDeep());
        }
    }

    // predicate: additive ( compareOp additive
    //                     | 'not'? ('in' | 'in~') '(' expression (',' expression)* ')'
    //                     | (':' | 'like' | 'like~' | 'regex' | 'regex~') patterns )?
    // patterns: additive | '(' expression (',' expression)* ')'
    private Expr parsePredicate() {
        Expr left = parseAdditive();
        Token op = peek();
        CompareOp compare = compareOp(op.kind());
        if (compare != null) {
            advance();
            Expr right = parseAdditive();
            if (compareOp(peek().kind()) != null) {
                throw error(peek(), "chained comparisons are not supported; combine them with 'and'");
            }
            return new Expr.Comparison(compare, left, right, left.offset());
        }
        if (op.is(TokenKind.ASSIGN)) {
            throw error(op, "use '==' to compare, not '='");
        }
        boolean negated = false;
        if (op.is(TokenKind.NOT) && (peek(1).is(TokenKind.IN) || peek(1).is(TokenKind.IN_INSENSITIVE))) {
            advance();
            negated = true;
            op = peek();
        }
        if (op.is(TokenKind.IN) || op.is(TokenKind.IN_INSENSITIVE)) {
            advance();
            expect(TokenKind.LPAREN, "'(' to start the list of " + op.kind().text());
            List<Expr> list = parseExprList();
            expect(TokenKind.RPAREN, "')' to close the list of " + op.kind().text());
            return new Expr.In(left, list, negated, op.is(TokenKind.IN_INSENSITIVE), left.offset());
        }
        MatchOp match = switch (op.kind()) {
            case COLON, LIKE, LIKE_INSENSITIVE -> op.is(TokenKind.COLON) ? MatchOp.SEQ : MatchOp.LIKE;
            case REGEX, REGEX_INSENSITIVE -> MatchOp.REGEX;
            default -> null;
        };
        if (match != null) {
            advance();
            boolean insensitive =
                    op.is(TokenKind.COLON) || op.is(TokenKind.LIKE_INSENSITIVE) || op.is(TokenKind.REGEX_INSENSITIVE);
            List<Expr> patterns;
            if (peek().is(TokenKind.LPAREN)) {
                advance();
                patterns = parseExprList();
                expect(TokenKind.RPAREN, "')' to close the list of patterns");
            } else {
                patterns = List.of(parseAdditive());
            }
            return new Expr.Match(match, insensitive, left, patterns, left.offset());
        }
        return left;
    }

    private List<Expr> parseExprList() {
        List<Expr> list = new ArrayList<>();
        list.add(parseExpr());
        while (peek().is(TokenKind.COMMA)) {
            advance();
            list.add(parseExpr());
        }
        return list;
    }

    private static CompareOp compareOp(TokenKind kind) {
        return switch (kind) {
            case EQ -> CompareOp.EQ;
            case NEQ -> CompareOp.NEQ;
            case LT -> CompareOp.LT;
            case LTE -> CompareOp.LTE;
            case GT -> CompareOp.GT;
            case GTE -> CompareOp.GTE;
            default -> null;
        };
    }

    // additive: multiplicative (('+' | '-') multiplicative)*
    // each operator of a chain nests the tree one level deeper (left-deep), so each counts as a level
    private Expr parseAdditive() {
        int outer = depth;
        Expr left = parseMultiplicative();
        while (peek().is(TokenKind.PLUS) || peek().is(TokenKind.MINUS)) {
            nest(peek());
            ArithmeticOp op = advance().is(TokenKind.PLUS) ? ArithmeticOp.ADD : ArithmeticOp.SUBTRACT;
            left = new Expr.Arithmetic(op, left, parseMultiplicative(), left.offset());
        }
        depth = outer;
        return left;
    }

    // multiplicative: unary (('*' | '/' | '%') unary)*
    private Expr parseMultiplicative() {
        int outer = depth;
        Expr left = parseUnary();
        while (peek().is(TokenKind.STAR) || peek().is(TokenKind.SLASH) || peek().is(TokenKind.PERCENT)) {
            nest(peek());
            Token op = advance();
            ArithmeticOp kind = op.is(TokenKind.STAR)
                    ? ArithmeticOp.MULTIPLY
                    : op.is(TokenKind.SLASH) ? ArithmeticOp.DIVIDE : ArithmeticOp.MODULO;
            left = new Expr.Arithmetic(kind, left, parseUnary(), left.offset());
        }
        depth = outer;
        return left;
    }

    // unary: ('-' | '+') unary | primary          (a minus before a number literal folds into it)
    private Expr parseUnary() {
        Token sign = peek();
        if (sign.is(TokenKind.MINUS)) {
            advance();
            nest(sign);
            Expr operand = parseUnary();
            depth--;
            if (operand instanceof Expr.Literal lit && lit.value() instanceof Long l) {
                return new Expr.Literal(-l, sign.start());
            }
            if (operand instanceof Expr.Literal lit && lit.value() instanceof Double d) {
                return new Expr.Literal(-d, sign.start());
            }
            return new Expr.Negate(operand, sign.start());
        }
        if (sign.is(TokenKind.PLUS)) {
            advance();
            nest(sign);
            Expr operand = parseUnary();
            depth--;
            return operand;
        }
        return parsePrimary();
    }

    // primary: constant | call | field | '(' expression ')'
    // constant: STRING | INTEGER | DECIMAL | 'true' | 'false' | 'null'
    // call: IDENTIFIER '~'? '(' (expression (',' expression)*)? ')'
    private Expr parsePrimary() {
        Token t = peek();
        switch (t.kind()) {
            case STRING, INTEGER, DECIMAL -> {
                advance();
                return new Expr.Literal(t.value(), t.start());
            }
            case TRUE, FALSE -> {
                advance();
                return new Expr.Literal(t.is(TokenKind.TRUE), t.start());
            }
            case NULL -> {
                advance();
                return new Expr.Literal(null, t.start());
            }
            case LPAREN -> {
                advance();
                Expr inner = parseExpr();
                expect(TokenKind.RPAREN, "')'");
                return inner;
            }
            case IDENTIFIER -> {
                boolean tilde =
                        peek(1).is(TokenKind.TILDE) && peek(1).start() == t.end() && peek(2).is(TokenKind.LPAREN);
                if (peek(1).is(TokenKind.LPAREN) || tilde) {
                    return parseCall(tilde);
                }
                return parseField();
            }
            case QUOTED_IDENTIFIER, QUESTION -> {
                return parseField();
            }
            default -> throw error(t, "expected an expression, found " + describe(t));
        }
    }

    private Expr parseCall(boolean insensitive) {
        Token name = advance();
        if (insensitive) {
            advance();
        }
        expect(TokenKind.LPAREN, "'('");
        List<Expr> args = new ArrayList<>();
        if (!peek().is(TokenKind.RPAREN)) {
            args = parseExprList();
        }
        expect(TokenKind.RPAREN, "')' to close the arguments of " + name.value());
        return new Expr.Call((String) name.value(), insensitive, args, name.start());
    }

    // field: '?'? name ('.' name)*          name: IDENTIFIER | QUOTED_IDENTIFIER (a keyword is a name after '.')
    private Expr parseField() {
        Token start = peek();
        boolean optional = false;
        if (start.is(TokenKind.QUESTION)) {
            optional = true;
            advance();
            if (peek().is(TokenKind.STRING)) {
                throw error(peek(), "?\"...\" strings are not supported; use \"\"\"...\"\"\" for a raw string");
            }
        }
        StringBuilder name = new StringBuilder(fieldSegment(false));
        while (peek().is(TokenKind.DOT) || peek().is(TokenKind.LBRACKET)) {
            if (peek().is(TokenKind.LBRACKET)) {
                if (peek(1).is(TokenKind.INTEGER) && peek(2).is(TokenKind.RBRACKET)) {
                    throw error(peek(), "array indexes in field names are not supported");
                }
                break; // '[' starts the next sequence stage
            }
            advance();
            name.append('.').append(fieldSegment(true));
        }
        return new Expr.Field(name.toString(), optional, start.start());
    }

    private String fieldSegment(boolean afterDot) {
        Token t = peek();
        if (t.is(TokenKind.IDENTIFIER) || t.is(TokenKind.QUOTED_IDENTIFIER)) {
            advance();
            return (String) t.value();
        }
        if (afterDot
                && t.kind().text() != null
                && Character.isLetter(t.kind().text().charAt(0))
                && !t.kind().text().endsWith("~")) {
            advance();
            return t.kind().text();
        }
        throw error(t, "expected a field name, found " + describe(t));
    }
}
