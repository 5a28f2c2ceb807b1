package io.verdict.esql.parser;

import io.verdict.esql.ast.Command;
import io.verdict.esql.ast.Expr;
import io.verdict.esql.ast.Query;
import io.verdict.esql.value.DataType;
import io.verdict.query.CompileBudget;
import io.verdict.query.QueryLimits;
import io.verdict.query.SourceText;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Recursive-descent parser for ES|QL queries: a source command ({@code FROM}, {@code ROW}), then processing
 * commands after {@code |}. Command words are matched in any letter case. A command ES|QL has and Verdict does not
 * run ({@code COMPLETION}, {@code LOOKUP JOIN}, {@code ENRICH} ...) is kept as {@link Command.Unsupported}, its text
 * skipped to the next {@code |} outside strings and brackets, so that a rule can be set aside by name; a word that
 * is no ES|QL command is an error. A syntax error stops the parse and is reported in the file coordinates of the
 * text. Nesting is bounded by {@link QueryLimits#MAX_DEPTH} and chains of operators by
 * {@link ExpressionParser#MAX_HEIGHT}, so no text exhausts the stack.
 */
public final class EsqlParser {

    /** Processing commands of ES|QL that Verdict does not run, by their first word. */
    private static final Set<String> UNSUPPORTED = Set.of(
            "completion",
            "change_point",
            "enrich",
            "fork",
            "fuse",
            "rerank",
            "sample",
            "insist",
            "lookup",
            "rrf",
            "uri_parts",
            "registered_domain",
            "explain");
    /** Source commands of ES|QL that Verdict does not run. */
    private static final Set<String> UNSUPPORTED_SOURCES = Set.of("show", "ts", "metrics", "explain");

    private final TokenCursor in;
    private final ExpressionParser expressions;

    private EsqlParser(SourceText source, CompileBudget budget) {
        this.in = new TokenCursor(new EsqlLexer(source), budget);
        this.expressions = new ExpressionParser(in);
    }

    /** The syntax tree of {@code source}; a syntax error is a QueryException in the source's file coordinates. */
    public static Query parse(SourceText source) {
        return parse(source, CompileBudget.NONE);
    }

    /** {@link #parse(SourceText)} within a compile budget ({@link CompileBudget.Exceeded} past it). */
    public static Query parse(SourceText source, CompileBudget budget) {
        return new EsqlParser(source, budget).query();
    }

    // query = (SET ... ';')* source ('|' processing)* EOF
    private Query query() {
        List<Command> commands = new ArrayList<>();
        while (in.atWord("set")) {
            EsqlToken set = in.advance();
            commands.add(new Command.Unsupported(set.start(), in.skipCommand(true), "SET"));
            in.accept(TokenKind.SEMICOLON);
        }
        commands.add(source());
        while (in.accept(TokenKind.PIPE)) {
            in.checkBudget();
            commands.add(processing());
        }
        if (!in.at(TokenKind.EOF)) {
            throw in.unexpected("'|' or the end of the query");
        }
        return new Query(in.text(), commands);
    }

    // source = FROM indexPatterns (METADATA names)? | ROW fields | an unsupported source command
    private Command source() {
        EsqlToken word = in.peek();
        String name = word.word();
        if ("from".equals(name)) {
            in.advance();
            return from(word.start());
        }
        if ("row".equals(name)) {
            in.advance();
            return new Command.Row(word.start(), fields("a column name or an expression"));
        }
        if (name != null && UNSUPPORTED_SOURCES.contains(name)) {
            in.advance();
            return new Command.Unsupported(word.start(), in.skipCommand(false), name.toUpperCase(Locale.ROOT));
        }
        throw in.error(word.start(), EsqlMessage.NO_SOURCE.format(in.describe(word)));
    }

    // from = FROM pattern (',' pattern)* (METADATA name (',' name)*)?
    private Command from(int offset) {
        List<String> patterns = new ArrayList<>();
        List<String> metadata = new ArrayList<>();
        do {
            EsqlToken pattern = in.indexPattern();
            if (pattern == null || isMetadata(pattern)) {
                throw in.unexpected("an index pattern after " + (patterns.isEmpty() ? "FROM" : "','"));
            }
            patterns.add(pattern.text());
        } while (in.accept(TokenKind.COMMA));
        long mark = in.mark();
        EsqlToken next = in.indexPattern();
        if (next != null && isMetadata(next)) {
            do {
                EsqlToken field = in.expect(TokenKind.NAME, "a metadata field name such as _id or _index");
                metadata.add(field.text());
            } while (in.accept(TokenKind.COMMA));
        } else {
            in.reset(mark);
        }
        return new Command.From(offset, patterns, metadata);
    }

    private static boolean isMetadata(EsqlToken pattern) {
        return !pattern.quoted() && pattern.text().equalsIgnoreCase("metadata");
    }

    // processing = WHERE | EVAL | STATS | INLINE STATS | INLINESTATS | KEEP | DROP | RENAME | SORT | LIMIT
    //            | MV_EXPAND | DISSECT | GROK | an unsupported command
    private Command processing() {
        EsqlToken word = in.peek();
        String name = word.word();
        if (name == null) {
            throw in.unexpected("a command after '|'");
        }
        int offset = word.start();
        in.advance();
        return switch (name) {
            case "where" -> new Command.Where(offset, expressions.expression());
            case "eval" -> new Command.Eval(offset, fields("a column name or an expression"));
            case "stats" -> stats(offset, false, "STATS");
            case "inlinestats" -> stats(offset, true, "INLINESTATS");
            case "inline" -> {
                if (!in.acceptWord("stats")) {
                    throw in.unexpected("STATS after INLINE");
                }
                yield stats(offset, true, "INLINE STATS");
            }
            case "keep" -> new Command.Keep(offset, namePatterns());
            case "drop" -> new Command.Drop(offset, namePatterns());
            case "rename" -> rename(offset);
            case "sort" -> sort(offset);
            case "limit" -> limit(offset);
            case "mv_expand" -> new Command.MvExpand(offset, name("a column name after MV_EXPAND"));
            case "dissect" -> dissect(offset);
            case "grok" -> grok(offset);
            case "from", "row" ->
                throw in.error(
                        offset,
                        EsqlMessage.EXPECTED.format(
                                "a processing command after '|' (" + name.toUpperCase(Locale.ROOT)
                                        + " only starts a query)",
                                in.describe(word)));
            default -> unsupported(word, name);
        };
    }

    private Command unsupported(EsqlToken word, String name) {
        if (!UNSUPPORTED.contains(name)) {
            throw in.error(word.start(), EsqlMessage.UNKNOWN_COMMAND.format(word.text()));
        }
        String keyword = name.toUpperCase(Locale.ROOT);
        if ("lookup".equals(name) && in.acceptWord("join")) {
            keyword = "LOOKUP JOIN";
        }
        return new Command.Unsupported(word.start(), in.skipCommand(false), keyword);
    }

    // fields = field (',' field)*        field = (name '=')? expression
    private List<Command.Field> fields(String expected) {
        List<Command.Field> fields = new ArrayList<>();
        do {
            fields.add(field(expected));
        } while (in.accept(TokenKind.COMMA));
        return fields;
    }

    private Command.Field field(String expected) {
        int offset = in.nextStart();
        if (!in.at(TokenKind.NAME)
                && !in.at(TokenKind.LPAREN)
                && !in.at(TokenKind.MINUS)
                && !in.at(TokenKind.PLUS)
                && !in.at(TokenKind.STRING)
                && !in.at(TokenKind.INTEGER)
                && !in.at(TokenKind.DECIMAL)
                && !in.at(TokenKind.LBRACKET)) {
            throw in.unexpected(expected);
        }
        String name = assignedName();
        Expr expr = expressions.expression();
        return new Command.Field(offset, name == null ? nameOf(expr) : name, expr);
    }

    /** The {@code name} of {@code name = ...} at the current place, taken with its '='; or null, nothing taken. */
    private String assignedName() {
        if (!in.at(TokenKind.NAME)) {
            return null;
        }
        long mark = in.mark();
        EsqlToken name = in.advance();
        if (in.at(TokenKind.ASSIGN)) {
            in.advance();
            return expressions.attribute(name).name();
        }
        in.reset(mark);
        return null;
    }

    /**
     * The column an unnamed expression makes: a column keeps its name, anything else is named after its text as
     * written, outer parentheses included ({@code EVAL (a + b)} makes the column {@code (a + b)}).
     */
    private String nameOf(Expr expr) {
        if (expr instanceof Expr.Attribute attribute) {
            return attribute.name();
        }
        return in.text().substring(expressions.startOf(expr), expressions.endOf(expr));
    }

    // stats = STATS (aggregate (',' aggregate)*)? (BY fields)?        aggregate = field (WHERE expression)?
    private Command stats(int offset, boolean inline, String keyword) {
        List<Command.Aggregate> aggregates = new ArrayList<>();
        if (!in.atWord("by")) {
            if (in.at(TokenKind.PIPE) || in.at(TokenKind.EOF)) {
                throw in.error(in.nextStart(), EsqlMessage.EMPTY_STATS.format(keyword));
            }
            do {
                Command.Field field = field("an aggregation or BY");
                Expr filter = in.acceptWord("where") ? expressions.expression() : null;
                aggregates.add(new Command.Aggregate(field.offset(), field.name(), field.expr(), filter));
            } while (in.accept(TokenKind.COMMA));
        }
        List<Command.Field> groups = List.of();
        if (in.acceptWord("by")) {
            groups = fields("a grouping expression after BY");
        } else if (!in.at(TokenKind.PIPE) && !in.at(TokenKind.EOF)) {
            throw in.unexpected("',' or 'BY' after the aggregation");
        }
        return new Command.Stats(offset, aggregates, groups, inline);
    }

    // namePatterns = namePattern (',' namePattern)*
    private List<Command.NamePattern> namePatterns() {
        List<Command.NamePattern> patterns = new ArrayList<>();
        do {
            EsqlToken pattern = in.namePattern();
            if (pattern == null) {
                throw in.unexpected("a column name or a pattern with '*'");
            }
            patterns.add(new Command.NamePattern(pattern.start(), pattern.text()));
        } while (in.accept(TokenKind.COMMA));
        return patterns;
    }

    // rename = RENAME renaming (',' renaming)*        renaming = name AS name | name '=' name
    private Command rename(int offset) {
        List<Command.Renaming> renamings = new ArrayList<>();
        do {
            int at = in.nextStart();
            Expr.Attribute first = name("a column name to rename");
            if (in.acceptWord("as")) {
                renamings.add(new Command.Renaming(
                        at, first.name(), name("the new name after AS").name()));
            } else if (in.accept(TokenKind.ASSIGN)) {
                renamings.add(new Command.Renaming(
                        at, name("the column name after '='").name(), first.name()));
            } else {
                throw in.unexpected("AS or '=' after the column name");
            }
        } while (in.accept(TokenKind.COMMA));
        return new Command.Rename(offset, renamings);
    }

    // sort = SORT order (',' order)*        order = expression (ASC | DESC)? (NULLS (FIRST | LAST))?
    private Command sort(int offset) {
        List<Command.Order> orders = new ArrayList<>();
        do {
            Expr expr = expressions.expression();
            boolean ascending = !in.acceptWord("desc");
            if (ascending) {
                in.acceptWord("asc");
            }
            Boolean nullsFirst = null;
            if (in.acceptWord("nulls")) {
                if (in.acceptWord("first")) {
                    nullsFirst = true;
                } else if (in.acceptWord("last")) {
                    nullsFirst = false;
                } else {
                    throw in.unexpected("FIRST or LAST after NULLS");
                }
            }
            orders.add(new Command.Order(expr, ascending, nullsFirst));
        } while (in.accept(TokenKind.COMMA));
        return new Command.Sort(offset, orders);
    }

    // limit = LIMIT INTEGER
    private Command limit(int offset) {
        EsqlToken count = in.peek();
        Object value = count.is(TokenKind.INTEGER) ? Literals.integer(count.text()) : null;
        if (!(value instanceof Integer)) {
            throw in.error(count.start(), EsqlMessage.BAD_LIMIT.format(in.describe(count)));
        }
        in.advance();
        return new Command.Limit(offset, (Integer) value);
    }

    // dissect = DISSECT primary STRING (NAME '=' constant (',' NAME '=' constant)*)?
    private Command dissect(int offset) {
        Expr input = expressions.cast();
        Expr.Literal pattern = string("the dissect pattern, a string");
        String separator = null;
        if (in.at(TokenKind.NAME)) {
            do {
                EsqlToken option = in.expect(TokenKind.NAME, "a DISSECT option");
                if (!option.isWord("append_separator")) {
                    throw in.error(option.start(), EsqlMessage.UNKNOWN_DISSECT_OPTION.format(option.text()));
                }
                in.expect(TokenKind.ASSIGN, "'=' after APPEND_SEPARATOR");
                separator = (String) string("the separator, a string").value();
            } while (in.accept(TokenKind.COMMA));
        }
        return new Command.Dissect(offset, input, pattern, separator);
    }

    // grok = GROK primary STRING (',' STRING)*
    private Command grok(int offset) {
        Expr input = expressions.cast();
        List<Expr.Literal> patterns = new ArrayList<>();
        do {
            patterns.add(string("a grok pattern, a string"));
        } while (in.accept(TokenKind.COMMA));
        return new Command.Grok(offset, input, patterns);
    }

    private Expr.Literal string(String expected) {
        EsqlToken token = in.expect(TokenKind.STRING, expected);
        return new Expr.Literal(token.start(), token.end(), token.text(), DataType.KEYWORD);
    }

    private Expr.Attribute name(String expected) {
        return expressions.attribute(in.expect(TokenKind.NAME, expected));
    }
}
