package io.verdict.kql;

import java.util.List;

/**
 * A field name as written. An unquoted name may hold {@code *} wildcards ({@code threat.indicator.file.hash.*}),
 * which select every field of the event whose name matches.
 *
 * @param parts  the name split at its wildcards (one part when there is none)
 * @param offset where the name starts in the query text
 */
public record KqlField(List<String> parts, int offset) {

    public KqlField {
        parts = List.copyOf(parts);
    }

    /** The name with its wildcards written as {@code *}. */
    public String name() {
        return String.join("*", parts);
    }

    public boolean isWildcard() {
        return parts.size() > 1;
    }

    /**
     * Whether no Elasticsearch document can hold this field: a name that begins or ends with '.' or holds '..' has
     * an empty part, which Elasticsearch refuses when it indexes a document ("object field starting or ending with
     * a [.] makes object resolution ambiguous"), so Kibana's query on it matches nothing there.
     */
    public boolean unmappable() {
        String name = name();
        return name.startsWith(".") || name.endsWith(".") || name.contains("..");
    }

    /** This field seen from inside {@code nested:{...}}: Kibana prefixes the nested path. */
    KqlField under(String path) {
        List<String> prefixed = new java.util.ArrayList<>(parts);
        prefixed.set(0, path + "." + parts.get(0));
        return new KqlField(prefixed, offset);
    }
}
