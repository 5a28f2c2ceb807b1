package io.verdict.esql.parser;

import io.verdict.esql.ast.Expr;
import io.verdict.esql.ast.Expr.BinaryOp;
import io.verdict.esql.value.DataType;
import io.verdict.query.QueryLimits;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Recursive descent over ES|QL expressions, loosest first: {@code OR}; {@code AND}; {@code NOT}; the predicates
 * ({@code == != < <= > >= =~}, {@code [NOT] IN}, {@code [NOT] LIKE/RLIKE}, {@code IS [NOT] NULL}, {@code field: "q"});
 * {@code + -}; {@code * / %}; unary {@code - +}; the postfix cast {@code ::type}; primaries. A comparison does not
 * chain ({@code a < b < c} is an error, as in ES|QL). A sign before a number literal is folded into it.
 *
 * <p>An expression's offsets are its own text; a parenthesised operand widens the text of the expression around
 * it ({@code (a + b) * c}), not its own, so that a warning quotes {@code a + b} as ES|QL does.
 */
final class ExpressionParser {

    /**
     * Operators chained one after another ({@code a AND b AND ...}) build a tree as deep as the chain is long; the
     * compiler and evaluator walk it recursively, so its height is bounded too, far above anything written by hand.
     */
    static final int MAX_HEIGHT = 1000;

    /** Words that end an expression rather than continue it: never a time unit, never a bare column name. */
    private static final Set<String> KEYWORDS = Set.of(
            "and",
            "or",
            "not",
            "in",
            "like",
            "rlike",
            "is",
            "by",
            "as",
            "where",
            "asc",
            "desc",
            "nulls",
            "with",
            "on",
            "metadata");

    private final TokenCursor in;
    /** Parenthesised expressions: the offsets of their outermost parentheses. */
    private final Map<Expr, int[]> parenthesised = new IdentityHashMap<>();

    ExpressionParser(TokenCursor in) {
        this.in = in;
    }

    // expression = or      (the entry point: checks the height of what it built)
    Expr expression() {
        Expr expr = or();
        checkHeight(expr);
        return expr;
    }

    // or = and (OR and)*
    private Expr or() {
        Expr left = and();
        while (in.atWord("or")) {
            in.advance();
            in.checkBudget();
            left = binary(BinaryOp.OR, left, and());
        }
        return left;
    }

    // and = not (AND not)*
    private Expr and() {
        Expr left = not();
        while (in.atWord("and")) {
            in.advance();
            in.checkBudget();
            left = binary(BinaryOp.AND, left, not());
        }
        return left;
    }

    // not = NOT not | predicate
    private Expr not() {
        if (in.atWord("not")) {
            EsqlToken not = in.advance();
            in.nest(not.start());
            Expr operand = not();
            in.unnest();
            return new Expr.Unary(not.start(), endOf(operand), Expr.UnaryOp.NOT, operand);
        }
        return predicate();
    }

    // predicate = comparison ( NOT? IN '(' comparison (',' comparison)* ')'
    //                        | NOT? (LIKE | RLIKE) (additive | '(' additive (',' additive)* ')')
    //                        | IS NOT? NULL
    //                        | ':' constant )?                        (the match operator, on a name)
    private Expr predicate() {
        Expr value = comparison();
        boolean negated = false;
        if (in.atWord("not")) {
            in.advance();
            negated = true;
            if (!in.atWord("in") && !in.atWord("like") && !in.atWord("rlike")) {
                throw in.unexpected("IN, LIKE or RLIKE after NOT");
            }
        }
        if (in.acceptWord("in")) {
            in.expect(TokenKind.LPAREN, "'(' after IN");
            List<Expr> list = new ArrayList<>();
            do {
                list.add(comparison());
            } while (in.accept(TokenKind.COMMA));
            in.expect(TokenKind.RPAREN, "',' or ')' in the IN list");
            return new Expr.In(startOf(value), in.lastEnd(), value, list, negated);
        }
        if (in.atWord("like") || in.atWord("rlike")) {
            boolean regex = in.advance().isWord("rlike");
            List<Expr> patterns = new ArrayList<>();
            if (in.accept(TokenKind.LPAREN)) {
                do {
                    patterns.add(additive());
                } while (in.accept(TokenKind.COMMA));
                in.expect(TokenKind.RPAREN, "',' or ')' in the list of patterns");
            } else {
                patterns.add(additive());
            }
            return new Expr.Like(startOf(value), in.lastEnd(), value, patterns, regex, negated);
        }
        if (in.acceptWord("is")) {
            boolean not = in.acceptWord("not");
            if (!in.atWord("null")) {
                throw in.unexpected(not ? "NULL after IS NOT" : "NULL or NOT NULL after IS");
            }
            in.advance();
            return new Expr.IsNull(startOf(value), in.lastEnd(), value, not);
        }
        if (in.at(TokenKind.COLON) && isMatchField(value)) {
            in.advance();
            Expr.Literal query = constant();
            return new Expr.Match(startOf(value), query.end(), value, query);
        }
        return value;
    }

    private static boolean isMatchField(Expr value) {
        return value instanceof Expr.Attribute || value instanceof Expr.Cast c && c.value() instanceof Expr.Attribute;
    }

    // comparison = additive (('==' | '!=' | '<' | '<=' | '>' | '>=' | '=~') additive)?
    private Expr comparison() {
        Expr left = additive();
        BinaryOp op = switch (in.peek().kind()) {
            case EQ -> BinaryOp.EQ;
            case NEQ -> BinaryOp.NEQ;
            case LT -> BinaryOp.LT;
            case LTE -> BinaryOp.LTE;
            case GT -> BinaryOp.GT;
            case GTE -> BinaryOp.GTE;
            case INSENSITIVE_EQ -> BinaryOp.INSENSITIVE_EQ;
            default -> null;
        };
        if (op == null) {
            return left;
        }
        in.advance();
        return binary(op, left, additive());
    }

    // additive = multiplicative (('+' | '-') multiplicative)*
    private Expr additive() {
        Expr left = multiplicative();
        while (in.at(TokenKind.PLUS) || in.at(TokenKind.MINUS)) {
            BinaryOp op = in.advance().is(TokenKind.PLUS) ? BinaryOp.ADD : BinaryOp.SUB;
            in.checkBudget();
            left = binary(op, left, multiplicative());
        }
        return left;
    }

    // multiplicative = unary (('*' | '/' | '%') unary)*
    private Expr multiplicative() {
        Expr left = unary();
        while (in.at(TokenKind.STAR) || in.at(TokenKind.SLASH) || in.at(TokenKind.PERCENT)) {
            BinaryOp op = switch (in.advance().kind()) {
                case STAR -> BinaryOp.MUL;
                case SLASH -> BinaryOp.DIV;
                default -> BinaryOp.MOD;
            };
            in.checkBudget();
            left = binary(op, left, unary());
        }
        return left;
    }

    // unary = ('-' | '+') unary | cast          (a sign before a number or time span literal is folded into it)
    private Expr unary() {
        if (!in.at(TokenKind.MINUS) && !in.at(TokenKind.PLUS)) {
            return cast();
        }
        EsqlToken sign = in.advance();
        boolean minus = sign.is(TokenKind.MINUS);
        if (minus
                && in.at(TokenKind.INTEGER)
                && Literals.isLongMinMagnitude(in.peek().text())) {
            in.advance();
            return new Expr.Literal(sign.start(), in.lastEnd(), Long.MIN_VALUE, DataType.LONG);
        }
        in.nest(sign.start());
        Expr operand = unary();
        in.unnest();
        if (operand instanceof Expr.Literal literal
                && !parenthesised.containsKey(operand)
                && Literals.signable(literal.type())) {
            return new Expr.Literal(
                    sign.start(),
                    literal.end(),
                    minus ? Literals.negate(literal.value()) : literal.value(),
                    literal.type());
        }
        return minus ? new Expr.Unary(sign.start(), endOf(operand), Expr.UnaryOp.NEGATE, operand) : operand;
    }

    // cast = primary ('::' NAME)*
    Expr cast() {
        Expr value = primary();
        while (in.at(TokenKind.CAST)) {
            in.advance();
            EsqlToken type = in.expect(TokenKind.NAME, "a type name after '::'");
            value = new Expr.Cast(startOf(value), type.end(), value, type.text());
        }
        return value;
    }

    // primary = constant | NAME '(' arguments? ')' | NAME | '(' expression ')'
    private Expr primary() {
        EsqlToken token = in.peek();
        switch (token.kind()) {
            case LPAREN -> {
                in.advance();
                in.nest(token.start());
                Expr inner = or();
                in.expect(TokenKind.RPAREN, "')' or an operator");
                in.unnest();
                parenthesised.put(inner, new int[] {token.start(), in.lastEnd()});
                return inner;
            }
            case INTEGER, DECIMAL, STRING, LBRACKET -> {
                return constant();
            }
            case NAME -> {
                String word = token.word();
                if ("true".equals(word) || "false".equals(word) || "null".equals(word)) {
                    return constant();
                }
                in.advance();
                if (in.at(TokenKind.LPAREN)) {
                    return call(token);
                }
                if (word != null && KEYWORDS.contains(word)) {
                    throw in.error(token.start(), EsqlMessage.RESERVED_WORD.format(token.text(), token.text()));
                }
                return attribute(token);
            }
            default -> throw in.unexpected("an expression");
        }
    }

    Expr.Attribute attribute(EsqlToken name) {
        String problem = QueryLimits.fieldNameProblem(name.text());
        if (problem != null) {
            throw in.error(name.start(), problem);
        }
        return new Expr.Attribute(name.start(), name.end(), name.text());
    }

    // call = NAME '(' ( '*' | expression (',' expression)* (',' map)? | map )? ')'
    private Expr call(EsqlToken name) {
        if (name.quoted() || name.text().indexOf('.') >= 0) {
            throw in.error(name.start(), EsqlMessage.EXPECTED.format("a function name before '('", in.describe(name)));
        }
        EsqlToken open = in.advance();
        in.nest(open.start());
        List<Expr> args = new ArrayList<>();
        Map<String, Expr.Literal> options = Map.of();
        if (in.at(TokenKind.STAR)) {
            EsqlToken star = in.advance();
            args.add(new Expr.Star(star.start(), star.end()));
        } else if (!in.at(TokenKind.RPAREN)) {
            do {
                if (in.at(TokenKind.LBRACE)) {
                    options = map();
                    break;
                }
                args.add(expression());
            } while (in.accept(TokenKind.COMMA));
        }
        in.expect(
                TokenKind.RPAREN,
                options.isEmpty() ? "',' or ')' in the arguments of " + name.text() : "')' after the options");
        in.unnest();
        return new Expr.Call(name.start(), in.lastEnd(), name.text().toUpperCase(Locale.ROOT), args, options);
    }

    // map = '{' STRING ':' constant (',' STRING ':' constant)* '}'
    private Map<String, Expr.Literal> map() {
        in.advance();
        Map<String, Expr.Literal> entries = new LinkedHashMap<>();
        do {
            EsqlToken key = in.expect(TokenKind.STRING, "a quoted option name");
            in.expect(TokenKind.COLON, "':' after the option name");
            entries.put(key.text(), constant());
        } while (in.accept(TokenKind.COMMA));
        in.expect(TokenKind.RBRACE, "',' or '}' in the options");
        return entries;
    }

    // constant = ('-' | '+')? (INTEGER timeUnit? | DECIMAL) | STRING | TRUE | FALSE | NULL | array
    Expr.Literal constant() {
        EsqlToken token = in.peek();
        if (token.is(TokenKind.MINUS) || token.is(TokenKind.PLUS)) {
            in.advance();
            boolean minus = token.is(TokenKind.MINUS);
            if (minus
                    && in.at(TokenKind.INTEGER)
                    && Literals.isLongMinMagnitude(in.peek().text())) {
                in.advance();
                return new Expr.Literal(token.start(), in.lastEnd(), Long.MIN_VALUE, DataType.LONG);
            }
            if (!in.at(TokenKind.INTEGER) && !in.at(TokenKind.DECIMAL)) {
                throw in.unexpected("a number after '" + token.text() + "'");
            }
            Expr.Literal number = constant();
            return new Expr.Literal(
                    token.start(),
                    number.end(),
                    minus ? Literals.negate(number.value()) : number.value(),
                    number.type());
        }
        switch (token.kind()) {
            case INTEGER -> {
                in.advance();
                return integer(token);
            }
            case DECIMAL -> {
                in.advance();
                return new Expr.Literal(token.start(), token.end(), Literals.decimal(in, token), DataType.DOUBLE);
            }
            case STRING -> {
                in.advance();
                return new Expr.Literal(token.start(), token.end(), token.text(), DataType.KEYWORD);
            }
            case LBRACKET -> {
                return array();
            }
            case NAME -> {
                String word = token.word();
                if ("true".equals(word) || "false".equals(word)) {
                    in.advance();
                    return new Expr.Literal(token.start(), token.end(), "true".equals(word), DataType.BOOLEAN);
                }
                if ("null".equals(word)) {
                    in.advance();
                    return new Expr.Literal(token.start(), token.end(), null, DataType.NULL);
                }
                throw in.unexpected("a constant");
            }
            default -> throw in.unexpected("a constant");
        }
    }

    /** An integer, or a time span when a unit follows it ({@code 1 hour}, {@code 5m}). */
    private Expr.Literal integer(EsqlToken digits) {
        EsqlToken next = in.peek();
        String word = next.word();
        if (word != null && !KEYWORDS.contains(word)) {
            Object span = Literals.timeSpan(digits.text(), word);
            if (span == Literals.UNKNOWN_UNIT) {
                throw in.error(next.start(), EsqlMessage.UNKNOWN_TIME_UNIT.format(next.text(), digits.text()));
            }
            if (span == null) {
                throw in.error(digits.start(), EsqlMessage.TIME_SPAN_TOO_LARGE.format(digits.text(), next.text()));
            }
            in.advance();
            return new Expr.Literal(
                    digits.start(),
                    next.end(),
                    span,
                    span instanceof java.time.Duration ? DataType.TIME_DURATION : DataType.DATE_PERIOD);
        }
        Object value = Literals.integer(digits.text());
        if (value == null) {
            throw in.error(digits.start(), EsqlMessage.UNSIGNED_LONG.format(digits.text()));
        }
        return new Expr.Literal(
                digits.start(), digits.end(), value, value instanceof Integer ? DataType.INTEGER : DataType.LONG);
    }

    // array = '[' ']' | '[' constant (',' constant)* ']'      (numbers, strings or booleans, not mixed)
    private Expr.Literal array() {
        EsqlToken open = in.advance();
        List<Expr.Literal> elements = new ArrayList<>();
        if (!in.at(TokenKind.RBRACKET)) {
            do {
                if (in.at(TokenKind.LBRACKET)) {
                    throw in.unexpected("a number, a string or a boolean in the array (arrays do not nest)");
                }
                elements.add(constant());
            } while (in.accept(TokenKind.COMMA));
        }
        in.expect(TokenKind.RBRACKET, "',' or ']' in the array");
        return Literals.array(in, open.start(), in.lastEnd(), elements);
    }

    private Expr binary(BinaryOp op, Expr left, Expr right) {
        return new Expr.Binary(startOf(left), endOf(right), op, left, right);
    }

    /** Where the text of an operand begins, its opening parenthesis included. */
    int startOf(Expr expr) {
        int[] parens = parenthesised.get(expr);
        return parens == null ? expr.offset() : parens[0];
    }

    int endOf(Expr expr) {
        int[] parens = parenthesised.get(expr);
        return parens == null ? expr.end() : parens[1];
    }

    /** Refuses a tree taller than {@link #MAX_HEIGHT}, walked without recursion (it may be that tall). */
    private void checkHeight(Expr root) {
        Deque<Object[]> stack = new ArrayDeque<>();
        stack.push(new Object[] {root, 1});
        while (!stack.isEmpty()) {
            Object[] top = stack.pop();
            Expr expr = (Expr) top[0];
            int height = (Integer) top[1];
            if (height > MAX_HEIGHT) {
                throw in.error(expr.offset(), EsqlMessage.TOO_TALL.format(MAX_HEIGHT));
            }
            for (Expr child : children(expr)) {
                stack.push(new Object[] {child, height + 1});
            }
        }
    }

    private static List<Expr> children(Expr expr) {
        if (expr instanceof Expr.Binary b) {
            return List.of(b.left(), b.right());
        }
        if (expr instanceof Expr.Unary u) {
            return List.of(u.operand());
        }
        if (expr instanceof Expr.Call c) {
            return c.args();
        }
        if (expr instanceof Expr.In i) {
            return concat(i.value(), i.list());
        }
        if (expr instanceof Expr.Like l) {
            return concat(l.value(), l.patterns());
        }
        if (expr instanceof Expr.IsNull n) {
            return List.of(n.value());
        }
        if (expr instanceof Expr.Cast c) {
            return List.of(c.value());
        }
        if (expr instanceof Expr.Match m) {
            return List.of(m.field(), m.query());
        }
        return List.of();
    }

    private static List<Expr> concat(Expr first, List<Expr> rest) {
        List<Expr> all = new ArrayList<>(rest.size() + 1);
        all.add(first);
        all.addAll(rest);
        return all;
    }
}
