package io.verdict.rule;

import java.util.List;

/**
 * One condition of a Kibana exception item: {@code field} compared by {@code type} ({@code match},
 * {@code match_any}, {@code wildcard}, {@code exists}, or {@code nested} over {@code entries}), negated when the
 * operator is {@code excluded}.
 *
 * @param values  one value for match and wildcard, one or more for match_any, none for exists and nested
 * @param entries the conditions inside a {@code nested} entry, with field names relative to {@code field}
 */
public record ExceptionEntry(
        String field, Operator operator, Type type, List<String> values, List<ExceptionEntry> entries) {

    public ExceptionEntry {
        values = List.copyOf(values);
        entries = List.copyOf(entries);
    }

    public enum Operator {
        INCLUDED("included"),
        EXCLUDED("excluded");

        private final String id;

        Operator(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }
    }

    public enum Type {
        MATCH("match"),
        MATCH_ANY("match_any"),
        WILDCARD("wildcard"),
        EXISTS("exists"),
        NESTED("nested"),
        LIST("list");

        private final String id;

        Type(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }
    }
}
