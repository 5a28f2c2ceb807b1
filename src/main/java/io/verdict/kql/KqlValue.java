package io.verdict.kql;

import java.util.List;

/**
 * A value as written.
 *
 * @param parts  the decoded text split at its unescaped wildcards (one part when there is none; a quoted value
 *               never has wildcards: {@code "a*"} is the three characters a, *, and nothing else)
 * @param quoted written in double quotes: a phrase ({@code match_phrase}) on text fields
 * @param offset where the value starts in the query text
 */
public record KqlValue(List<String> parts, boolean quoted, int offset) {

    public KqlValue {
        parts = List.copyOf(parts);
    }

    public boolean isWildcard() {
        return parts.size() > 1;
    }

    /** A lone {@code *}: an existence test. */
    public boolean isLoneWildcard() {
        return parts.size() == 2 && parts.get(0).isEmpty() && parts.get(1).isEmpty();
    }

    /** The unquoted word {@code null}, which Kibana keeps as a JSON null. */
    public boolean isNull() {
        return !quoted && parts.size() == 1 && parts.get(0).equals("null");
    }

    /** The decoded text; wildcards are written as {@code *}. */
    public String text() {
        return String.join("*", parts);
    }
}
