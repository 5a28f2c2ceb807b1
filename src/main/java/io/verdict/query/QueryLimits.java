package io.verdict.query;

/**
 * Bounds every query parser keeps, so that no text can exhaust the stack or the heap of a compile. Elasticsearch
 * turns EQL and KQL into nested {@code bool} queries and refuses those nested deeper than
 * {@code indices.query.bool.max_nested_depth} (30 by default), and its SQL parser stops at a depth of 200; the
 * Elastic rule corpus nests no query deeper than 10 levels. A flat chain ({@code a and b and ...}, a long value
 * list) is not nesting: it is one node with many operands, and its length is bounded only by the size of the rule
 * file that holds it.
 */
public final class QueryLimits {

    /** Levels of parentheses, {@code not}, function calls, signs and arithmetic operators a query may nest. */
    public static final int MAX_DEPTH = 100;
    /** Problems one query reports at most; the rest are counted in one closing problem. */
    public static final int MAX_PROBLEMS = 100;
    /**
     * Dot-separated parts of a field name at most: Elasticsearch's default {@code index.mapping.depth.limit}. A
     * field name is compiled into every run of its parts, so its cost grows with the square of their number.
     */
    public static final int MAX_FIELD_PARTS = 20;
    /** Characters of a field name at most. */
    public static final int MAX_FIELD_LENGTH = 512;

    private QueryLimits() {}

    /** Why a field name is refused (too many parts, too long), or null when it is not. */
    public static String fieldNameProblem(String name) {
        if (name.length() > MAX_FIELD_LENGTH) {
            return "field name of " + name.length() + " characters: at most " + MAX_FIELD_LENGTH + " are allowed";
        }
        int parts = 1;
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) == '.') {
                parts++;
            }
        }
        return parts > MAX_FIELD_PARTS
                ? "field name [" + name + "] has " + parts + " parts: at most " + MAX_FIELD_PARTS
                        + " are allowed (Elasticsearch's default index.mapping.depth.limit)"
                : null;
    }

    /** The message of a query that nests deeper than {@link #MAX_DEPTH}. */
    public static String tooDeep() {
        return "the query nests deeper than " + MAX_DEPTH + " levels (parentheses, not, function calls, operators);"
                + " write it flatter";
    }
}
