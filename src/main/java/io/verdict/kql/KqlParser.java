package io.verdict.kql;

import io.verdict.kql.KqlNode.And;
import io.verdict.kql.KqlNode.Exists;
import io.verdict.kql.KqlNode.FreeText;
import io.verdict.kql.KqlNode.Match;
import io.verdict.kql.KqlNode.MatchAll;
import io.verdict.kql.KqlNode.Nested;
import io.verdict.kql.KqlNode.Not;
import io.verdict.kql.KqlNode.Or;
import io.verdict.kql.KqlNode.Range;
import io.verdict.kql.KqlNode.RangeOperator;
import io.verdict.query.CompileBudget;
import io.verdict.query.Problem;
import io.verdict.query.QueryException;
import io.verdict.query.QueryLimits;
import io.verdict.query.SourceText;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * Recursive-descent parser for Kibana's KQL ({@code kuery.peggy}). Precedence from loosest to tightest:
 * {@code or}, {@code and}, {@code not}; {@code not} applies to one sub-query, so {@code not not a} is an error as in
 * Kibana. Keywords are matched in any letter case by the lexer. A syntax error stops the parse: after it, the
 * rest of the text has no reliable structure to report on. Every parenthesis, brace and {@code not} is a level of
 * nesting, and past {@link QueryLimits#MAX_DEPTH} levels the query is a problem at the token that went too deep;
 * {@code a or b or ...} is one node however long.
 */
public final class KqlParser {

    private final SourceText source;
    private final CompileBudget budget;
    private final List<KqlToken> tokens;
    private int index;
    /** The nested path the parser is inside, or null. */
    private String scope;
    /** Levels of nesting entered and not yet left. */
    private int depth;

    private KqlParser(SourceText source, CompileBudget budget) {
        this.source = source;
        this.budget = budget;
        this.tokens = KqlLexer.tokenize(source);
    }

    /** The syntax tree of {@code source}; a syntax error is a QueryException in the source's file coordinates. */
    public static KqlNode parse(SourceText source) {
        return parse(source, CompileBudget.NONE);
    }

    /** {@link #parse(SourceText)} within a compile budget ({@link CompileBudget.Exceeded} past it). */
    public static KqlNode parse(SourceText source, CompileBudget budget) {
        return new KqlParser(source, budget).parseQuery();
    }

    // ---------------------------------------------------------------- queries

    // query = orQuery? EOF                          (the empty query matches every event)
    private KqlNode parseQuery() {
        if (peek().is(TokenKind.EOF)) {
            return new MatchAll(0);
        }
        KqlNode query = parseOr();
        expect(TokenKind.EOF, "'and', 'or' or " + TokenKind.EOF.display());
        return query;
    }

    // orQuery = andQuery ( OR andQuery )*
    private KqlNode parseOr() {
        return parseChain(TokenKind.OR, this::parseAnd, Or::new);
    }

    // andQuery = notQuery ( AND notQuery )*
    private KqlNode parseAnd() {
        return parseChain(TokenKind.AND, this::parseNot, And::new);
    }

    // notQuery = NOT subQuery | subQuery
    private KqlNode parseNot() {
        if (peek().is(TokenKind.NOT)) {
            KqlToken not = advance();
            nest(not);
            KqlNode operand = parseSub();
            depth--;
            return new Not(operand, not.start());
        }
        return parseSub();
    }

    // subQuery = '(' orQuery ')' | nestedQuery
    private KqlNode parseSub() {
        if (peek().is(TokenKind.LPAREN)) {
            nest(advance());
            KqlNode query = parseOr();
            expect(TokenKind.RPAREN, "'and', 'or' or ')'");
            depth--;
            return query;
        }
        return parseExpression();
    }

    // nestedQuery = field ':' '{' orQuery '}' | expression
    // expression  = field rangeOperator literal           (range)
    //             | field ':' listOfValues                (field value)
    //             | value                                 (free text)
    // field       = QUOTED | TERM
    private KqlNode parseExpression() {
        KqlToken first = expectLiteral("a field, a value, 'not' or '('");
        KqlToken next = peek();
        if (next.is(TokenKind.COLON)) {
            advance();
            KqlField field = field(first);
            if (peek().is(TokenKind.LBRACE)) {
                return parseNested(field, first.start());
            }
            return parseListOfValues(field);
        }
        if (next.kind().isRangeOperator()) {
            advance();
            KqlToken bound = expectLiteral("a value");
            return new Range(field(first), rangeOperator(next.kind()), value(bound), first.start());
        }
        return new FreeText(value(first), first.start());
    }

    // nested = '{' orQuery '}'       (after "field :"; fields inside are relative to the nested path)
    private KqlNode parseNested(KqlField path, int offset) {
        nest(advance());
        if (path.isWildcard()) {
            throw error(path.offset(), KqlMessage.NESTED_WILDCARD_PATH.format(path.name()));
        }
        KqlNode query = parseScoped(path.name());
        expect(TokenKind.RBRACE, "'and', 'or' or '}'");
        depth--;
        return new Nested(path, query, offset);
    }

    /** {@code orQuery} inside a nested scope: field names get the path as prefix. */
    private KqlNode parseScoped(String path) {
        String outer = scope;
        scope = path;
        try {
            return parseOr();
        } finally {
            scope = outer;
        }
    }

    // ---------------------------------------------------------------- value lists

    // listOfValues = '(' orValues ')' | value
    private KqlNode parseListOfValues(KqlField field) {
        if (peek().is(TokenKind.LPAREN)) {
            nest(advance());
            KqlNode values = parseOrValues(field);
            expect(TokenKind.RPAREN, "'and', 'or' or ')'");
            depth--;
            return values;
        }
        return fieldValue(field, value(expectLiteral("a value, '(' or '{'")));
    }

    // orValues = andValues ( OR andValues )*
    private KqlNode parseOrValues(KqlField field) {
        return parseChain(TokenKind.OR, () -> parseAndValues(field), Or::new);
    }

    // andValues = notValues ( AND notValues )*
    private KqlNode parseAndValues(KqlField field) {
        return parseChain(TokenKind.AND, () -> parseNotValues(field), And::new);
    }

    // notValues = NOT listOfValues | listOfValues
    private KqlNode parseNotValues(KqlField field) {
        if (peek().is(TokenKind.NOT)) {
            KqlToken not = advance();
            nest(not);
            KqlNode operand = parseListOfValues(field);
            depth--;
            return new Not(operand, not.start());
        }
        return parseListOfValues(field);
    }

    // value = QUOTED | TERM     (a lone unquoted * tests existence; *:* matches everything)
    private KqlNode fieldValue(KqlField field, KqlValue value) {
        if (value.isLoneWildcard()) {
            boolean allFields = field.parts().size() == 2 && field.name().equals("*");
            return allFields ? new MatchAll(field.offset()) : new Exists(field, field.offset());
        }
        return new Match(field, value, field.offset());
    }

    // ---------------------------------------------------------------- helpers

    private KqlNode parseChain(
            TokenKind operator, Supplier<KqlNode> operand, BiFunction<List<KqlNode>, Integer, KqlNode> build) {
        KqlNode head = operand.get();
        if (!peek().is(operator)) {
            return head;
        }
        List<KqlNode> operands = new ArrayList<>();
        operands.add(head);
        while (peek().is(operator)) {
            advance();
            budget.check();
            operands.add(operand.get());
        }
        return build.apply(operands, head.offset());
    }

    /** One level deeper, at {@code at}; a problem there past the limit. Also where the compile budget is checked. */
    private void nest(KqlToken at) {
        budget.check();
        if (++depth > QueryLimits.MAX_DEPTH) {
            throw error(at.start(), QueryLimits.tooDeep());
        }
    }

    /** A field name; inside {@code path:{...}} it is relative to the path. */
    private KqlField field(KqlToken token) {
        if (token.text().isEmpty()) {
            throw error(token.start(), KqlMessage.EMPTY_FIELD.format());
        }
        String limit = QueryLimits.fieldNameProblem(token.text());
        if (limit != null) {
            throw error(token.start(), limit);
        }
        KqlField field = new KqlField(token.parts(), token.start());
        return scope == null ? field : field.under(scope);
    }

    private static KqlValue value(KqlToken token) {
        return new KqlValue(token.parts(), token.is(TokenKind.QUOTED), token.start());
    }

    private static RangeOperator rangeOperator(TokenKind kind) {
        return switch (kind) {
            case LT -> RangeOperator.LT;
            case LTE -> RangeOperator.LTE;
            case GT -> RangeOperator.GT;
            default -> RangeOperator.GTE;
        };
    }

    private KqlToken peek() {
        KqlToken token = tokens.get(index);
        if (token.is(TokenKind.ERROR)) {
            throw error(token.start(), token.parts().get(0));
        }
        return token;
    }

    private KqlToken advance() {
        KqlToken token = tokens.get(index);
        if (!token.is(TokenKind.EOF)) {
            index++;
        }
        return token;
    }

    private KqlToken expectLiteral(String expected) {
        if (!peek().isLiteral()) {
            throw unexpected(expected);
        }
        return advance();
    }

    private void expect(TokenKind kind, String expected) {
        if (!peek().is(kind)) {
            throw unexpected(expected);
        }
        advance();
    }

    private QueryException unexpected(String expected) {
        KqlToken found = peek();
        String what = found.is(TokenKind.EOF)
                ? found.kind().display()
                : found.isLiteral()
                        ? found.kind().display() + " '"
                                + source.text()
                                        .substring(found.start(), found.end())
                                        .strip() + "'"
                        : found.kind().display();
        return error(found.start(), KqlMessage.EXPECTED.format(expected, what));
    }

    private QueryException error(int offset, String message) {
        return new QueryException(List.of(Problem.at(source, offset, message)));
    }
}
