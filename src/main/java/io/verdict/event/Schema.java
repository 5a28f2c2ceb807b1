package io.verdict.event;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Field name -> how Elasticsearch maps it: what an index mapping tells a query. {@link #catalog()} is Verdict's
 * field catalog — ECS, Elastic Defend and the integrations the Elastic rules read (the resource
 * {@code field-catalog.txt}, written by {@code scripts/field-catalog.sh}); tests may layer their own types over it
 * with {@link #with(Map)}. Immutable.
 */
public final class Schema {

    private static final String RESOURCE = "field-catalog.txt";
    private static final Schema EMPTY = new Schema(Map.of());

    /**
     * One mapped field.
     *
     * @param mappingType the Elasticsearch mapping type as written ({@code keyword}, {@code match_only_text}, …)
     * @param multi       a multi-field: a second index of its parent field's value ({@code process.name.text})
     * @param analyzer    for a text field, the analyzer its value and queries go through
     * @param caseless    a keyword with a lower-casing normalizer (Elastic Defend's {@code .caseless} fields)
     */
    public record Mapping(String mappingType, FieldType type, boolean multi, TextAnalyzer analyzer, boolean caseless) {

        static Mapping of(FieldType type) {
            return new Mapping(
                    type.name().toLowerCase(java.util.Locale.ROOT),
                    type,
                    false,
                    type == FieldType.TEXT ? TextAnalyzer.standard() : null,
                    false);
        }
    }

    private final Map<String, Mapping> fields;
    /** Fields mapped {@code flattened}: every name below one is a keyword of its object. */
    private final Set<String> flattened;
    /** Fields with a keyword multi-field that has no normalizer: an exact copy of their value. */
    private final Set<String> exactCopies;

    private Schema(Map<String, Mapping> fields) {
        this.fields = Map.copyOf(fields);
        Set<String> roots = new TreeSet<>();
        Set<String> exact = new TreeSet<>();
        fields.forEach((name, mapping) -> {
            if (mapping.mappingType.equals("flattened")) {
                roots.add(name);
            }
            int dot = name.lastIndexOf('.');
            if (dot > 0 && mapping.type == FieldType.KEYWORD && !mapping.caseless) {
                // a text field has no properties, so a keyword below one is one of its multi-fields
                Mapping parent = fields.get(name.substring(0, dot));
                if (mapping.multi || parent != null && parent.type == FieldType.TEXT) {
                    exact.add(name.substring(0, dot));
                }
            }
        });
        this.flattened = Set.copyOf(roots);
        this.exactCopies = Set.copyOf(exact);
    }

    /** The field catalog: ECS, Elastic Defend and the integrations' fields. */
    public static Schema catalog() {
        return CatalogHolder.CATALOG;
    }

    /** No field known: every value is typed by its JSON form. */
    public static Schema empty() {
        return EMPTY;
    }

    /** A schema of exactly these fields. */
    public static Schema of(Map<String, FieldType> types) {
        return EMPTY.with(types);
    }

    /** This schema with {@code overrides} added (a field in both takes the override's type). */
    public Schema with(Map<String, FieldType> overrides) {
        Map<String, Mapping> merged = new HashMap<>(fields);
        overrides.forEach((name, type) -> merged.put(name, Mapping.of(type)));
        return new Schema(merged);
    }

    /** The field's mapping; null for a field the schema does not hold. */
    public Mapping mappingOf(String field) {
        return fields.get(field);
    }

    /**
     * The field's type; a name below a {@code flattened} field is a keyword (Elasticsearch indexes its leaves as
     * strings); {@link FieldType#UNKNOWN} for a field the schema does not hold.
     */
    public FieldType typeOf(String field) {
        Mapping mapping = fields.get(field);
        if (mapping != null) {
            return mapping.type;
        }
        return flattenedRoot(field) != null ? FieldType.KEYWORD : FieldType.UNKNOWN;
    }

    public FieldType typeOf(FieldPath path) {
        return typeOf(path.name());
    }

    /** Whether the schema maps {@code field}, or a {@code flattened} field it lies below. */
    public boolean knows(String field) {
        return fields.containsKey(field) || flattenedRoot(field) != null;
    }

    /** The analyzer of a text field; the standard analyzer for any other. */
    public TextAnalyzer analyzerOf(String field) {
        Mapping mapping = fields.get(field);
        return mapping != null && mapping.analyzer != null ? mapping.analyzer : TextAnalyzer.standard();
    }

    /** Whether {@code field} is a keyword compared lower-cased (a lower-casing normalizer). */
    public boolean caseless(String field) {
        Mapping mapping = fields.get(field);
        return mapping != null && mapping.caseless;
    }

    /**
     * For a multi-field (a second index of another field's value, e.g. {@code process.command_line.text}), the
     * field whose value the event holds; null for any other name.
     */
    public String multiFieldParent(String field) {
        Mapping mapping = fields.get(field);
        return mapping != null && mapping.multi ? field.substring(0, field.lastIndexOf('.')) : null;
    }

    /** Whether {@code field} has a keyword multi-field without a normalizer (where EQL reads a text field exactly). */
    public boolean hasExactMultiField(String field) {
        return exactCopies.contains(field);
    }

    /** The {@code flattened} field {@code field} lies below; null when none. */
    public String flattenedRoot(String field) {
        if (flattened.isEmpty()) {
            return null;
        }
        for (int dot = field.lastIndexOf('.'); dot > 0; dot = field.lastIndexOf('.', dot - 1)) {
            String prefix = field.substring(0, dot);
            if (flattened.contains(prefix)) {
                return prefix;
            }
        }
        return null;
    }

    /** Every field name the schema maps, sorted. */
    public Set<String> names() {
        return Collections.unmodifiableSet(new TreeSet<>(fields.keySet()));
    }

    public int size() {
        return fields.size();
    }

    // Loaded on first use only: a tree of one segment a line, one space of indent per level, "\ttype" on fields.
    private static final class CatalogHolder {
        static final Schema CATALOG = load();

        private static Schema load() {
            Map<String, Mapping> fields = new HashMap<>(16384);
            Map<String, TextAnalyzer> analyzers = new HashMap<>();
            analyzers.put("standard", TextAnalyzer.standard());
            // names[d]: the dotted name of the last line at depth d; mappings: one per distinct "type<TAB>options"
            List<String> names = new ArrayList<>();
            Map<String, Mapping> mappings = new HashMap<>();
            try (InputStream in = Schema.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("resource " + RESOURCE + " is missing");
                }
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    if (line.isEmpty() || line.charAt(0) == '#') {
                        continue;
                    }
                    if (line.startsWith("=analyzer\t")) {
                        // =analyzer <name> pattern <regex> [lowercase]
                        String[] cols = line.split("\t");
                        analyzers.put(
                                cols[1],
                                TextAnalyzer.pattern(cols[1], cols[3], cols.length > 4 && cols[4].equals("lowercase")));
                        continue;
                    }
                    int depth = 0;
                    while (line.charAt(depth) == ' ') {
                        depth++;
                    }
                    int tab = line.indexOf('\t', depth);
                    String segment = tab < 0 ? line.substring(depth) : line.substring(depth, tab);
                    String name = depth == 0 ? segment : names.get(depth - 1) + "." + segment;
                    while (names.size() > depth) {
                        names.remove(names.size() - 1);
                    }
                    names.add(name);
                    if (tab >= 0) {
                        String spec = line.substring(tab + 1);
                        Mapping mapping = mappings.get(spec);
                        if (mapping == null) {
                            mapping = mapping(spec.split("\t"), analyzers);
                            mappings.put(spec, mapping);
                        }
                        fields.put(name, mapping);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new Schema(fields);
        }

        /** {@code cols}: the mapping type, then options. */
        private static Mapping mapping(String[] cols, Map<String, TextAnalyzer> analyzers) {
            FieldType type = FieldType.ofMappingType(cols[0]);
            boolean multi = false;
            boolean caseless = false;
            TextAnalyzer analyzer = type == FieldType.TEXT ? TextAnalyzer.standard() : null;
            for (int i = 1; i < cols.length; i++) {
                String option = cols[i];
                if (option.equals("multi")) {
                    multi = true;
                } else if (option.equals("normalizer=lowercase")) {
                    caseless = true;
                } else if (option.startsWith("analyzer=")) {
                    analyzer = analyzers.get(option.substring("analyzer=".length()));
                    if (analyzer == null) {
                        throw new IllegalStateException(RESOURCE + " names an undefined analyzer: " + option);
                    }
                }
            }
            return new Mapping(cols[0], type, multi, analyzer, caseless);
        }
    }
}
