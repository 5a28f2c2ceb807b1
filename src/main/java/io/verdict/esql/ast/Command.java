package io.verdict.esql.ast;

import java.util.List;

/**
 * One command of an ES|QL pipeline as written. {@code offset} is where its keyword starts in the query (0-based).
 * The first command of a query is a source ({@link From} or {@link Row}); the others process rows.
 */
public sealed interface Command {

    int offset();

    /** The command's keyword as ES|QL writes it in upper case ({@code INLINE STATS}, {@code MV_EXPAND}). */
    String keyword();

    /** {@code FROM a-*, b METADATA _id, _index}. */
    record From(int offset, List<String> patterns, List<String> metadata) implements Command {
        public From {
            patterns = List.copyOf(patterns);
            metadata = List.copyOf(metadata);
        }

        @Override
        public String keyword() {
            return "FROM";
        }
    }

    /** {@code ROW a = 1, b = "x"}. */
    record Row(int offset, List<Field> fields) implements Command {
        public Row {
            fields = List.copyOf(fields);
        }

        @Override
        public String keyword() {
            return "ROW";
        }
    }

    record Where(int offset, Expr condition) implements Command {
        @Override
        public String keyword() {
            return "WHERE";
        }
    }

    record Eval(int offset, List<Field> fields) implements Command {
        public Eval {
            fields = List.copyOf(fields);
        }

        @Override
        public String keyword() {
            return "EVAL";
        }
    }

    /**
     * {@code STATS aggs [BY groups]} and, with {@code inline}, {@code INLINE STATS} (also the deprecated
     * {@code INLINESTATS}). Either list may be empty ({@code STATS BY x}), not both.
     */
    record Stats(int offset, List<Aggregate> aggregates, List<Field> groups, boolean inline) implements Command {
        public Stats {
            aggregates = List.copyOf(aggregates);
            groups = List.copyOf(groups);
        }

        @Override
        public String keyword() {
            return inline ? "INLINE STATS" : "STATS";
        }
    }

    /** {@code KEEP a, b*}: patterns may hold {@code *}. */
    record Keep(int offset, List<NamePattern> patterns) implements Command {
        public Keep {
            patterns = List.copyOf(patterns);
        }

        @Override
        public String keyword() {
            return "KEEP";
        }
    }

    record Drop(int offset, List<NamePattern> patterns) implements Command {
        public Drop {
            patterns = List.copyOf(patterns);
        }

        @Override
        public String keyword() {
            return "DROP";
        }
    }

    /** {@code RENAME a AS b, c AS d} (and {@code RENAME b = a}). */
    record Rename(int offset, List<Renaming> renamings) implements Command {
        public Rename {
            renamings = List.copyOf(renamings);
        }

        @Override
        public String keyword() {
            return "RENAME";
        }
    }

    record Sort(int offset, List<Order> orders) implements Command {
        public Sort {
            orders = List.copyOf(orders);
        }

        @Override
        public String keyword() {
            return "SORT";
        }
    }

    record Limit(int offset, int count) implements Command {
        @Override
        public String keyword() {
            return "LIMIT";
        }
    }

    record MvExpand(int offset, Expr.Attribute column) implements Command {
        @Override
        public String keyword() {
            return "MV_EXPAND";
        }
    }

    /** {@code DISSECT input "pattern" [APPEND_SEPARATOR = "sep"]}; {@code appendSeparator} null when not given. */
    record Dissect(int offset, Expr input, Expr.Literal pattern, String appendSeparator) implements Command {
        @Override
        public String keyword() {
            return "DISSECT";
        }
    }

    /** {@code GROK input "pattern"[, "pattern2" ...]}. */
    record Grok(int offset, Expr input, List<Expr.Literal> patterns) implements Command {
        public Grok {
            patterns = List.copyOf(patterns);
        }

        @Override
        public String keyword() {
            return "GROK";
        }
    }

    /**
     * A command ES|QL has that Verdict does not run ({@code COMPLETION}, {@code LOOKUP JOIN}, {@code ENRICH},
     * {@code FORK} ...): parsed far enough to be skipped by name, its text kept from {@code offset} to {@code end}.
     */
    record Unsupported(int offset, int end, String keyword) implements Command {}

    /**
     * {@code name = expr}, or an unnamed {@code expr} whose column is named after it: {@code name} is never null; for
     * an unnamed column ({@code BY host.name}) it is the column's name, for any other expression its text as written
     * ({@code count(*)}, {@code a  +  b}).
     */
    record Field(int offset, String name, Expr expr) {}

    /**
     * An aggregation of {@code STATS}: {@code [name =] expr [WHERE filter]}; {@code expr} may combine aggregate
     * calls with scalar functions ({@code ROUND(AVG(x)) + 1}); {@code filter} null when there is none; {@code name}
     * is never null, named as a {@link Field} is when unnamed.
     */
    record Aggregate(int offset, String name, Expr expr, Expr filter) {}

    /** A name or a pattern with {@code *} in {@code KEEP} and {@code DROP}. */
    record NamePattern(int offset, String pattern) {}

    /** {@code from AS to}. */
    record Renaming(int offset, String from, String to) {}

    /** {@code expr [ASC|DESC] [NULLS FIRST|LAST]}; {@code nullsFirst} null when not written. */
    record Order(Expr expr, boolean ascending, Boolean nullsFirst) {}
}
