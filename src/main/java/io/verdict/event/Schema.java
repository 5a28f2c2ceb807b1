package io.verdict.event;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Field name -> {@link FieldType}: what an index mapping tells Elasticsearch. {@link #ecs()} is the ECS table
 * (derived from ECS's field definitions, kept as the resource {@code ecs-field-types.txt}); tests and rules may
 * layer their own mappings over it with {@link #with(Map)}. Immutable.
 */
public final class Schema {

    private static final String RESOURCE = "ecs-field-types.txt";
    private static final Schema EMPTY = new Schema(Map.of(), Map.of());

    private final Map<String, FieldType> types;
    /** multi-field name -> the field whose value it indexes ({@code process.command_line.text -> process.command_line}). */
    private final Map<String, String> multiFieldParents;

    private Schema(Map<String, FieldType> types, Map<String, String> multiFieldParents) {
        this.types = Map.copyOf(types);
        this.multiFieldParents = Map.copyOf(multiFieldParents);
    }

    /** The ECS field types. */
    public static Schema ecs() {
        return EcsHolder.ECS;
    }

    /** No field known: every value is typed by its JSON form. */
    public static Schema empty() {
        return EMPTY;
    }

    /** A schema of exactly these fields. */
    public static Schema of(Map<String, FieldType> types) {
        return new Schema(types, Map.of());
    }

    /** This schema with {@code overrides} added (a field in both takes the override's type). */
    public Schema with(Map<String, FieldType> overrides) {
        Map<String, FieldType> merged = new HashMap<>(types);
        merged.putAll(overrides);
        Map<String, String> parents = new HashMap<>(multiFieldParents);
        parents.keySet().removeAll(overrides.keySet());
        return new Schema(merged, parents);
    }

    /** The field's type; {@link FieldType#UNKNOWN} for a field the schema does not hold. */
    public FieldType typeOf(String field) {
        return types.getOrDefault(field, FieldType.UNKNOWN);
    }

    public FieldType typeOf(FieldPath path) {
        return typeOf(path.name());
    }

    public boolean knows(String field) {
        return types.containsKey(field);
    }

    /**
     * For a multi-field (a second index of another field's value, e.g. {@code process.command_line.text}), the
     * field whose value the event holds; null for any other name.
     */
    public String multiFieldParent(String field) {
        return multiFieldParents.get(field);
    }

    public int size() {
        return types.size();
    }

    // Loaded on first use only: a tree of one segment a line, one space of indent per level, "\ttype" on fields.
    private static final class EcsHolder {
        static final Schema ECS = load();

        private static Schema load() {
            Map<String, FieldType> types = new HashMap<>(4096);
            Map<String, String> parents = new HashMap<>();
            List<String> stack = new ArrayList<>();
            try (InputStream in = Schema.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("resource " + RESOURCE + " is missing");
                }
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    if (line.isBlank() || line.startsWith("#")) {
                        continue;
                    }
                    int depth = 0;
                    while (line.charAt(depth) == ' ') {
                        depth++;
                    }
                    int tab = line.indexOf('\t');
                    String segment = tab < 0 ? line.substring(depth) : line.substring(depth, tab);
                    while (stack.size() > depth) {
                        stack.remove(stack.size() - 1);
                    }
                    String parent = String.join(".", stack);
                    stack.add(segment);
                    if (tab >= 0) {
                        String name = String.join(".", stack);
                        String esType = line.substring(tab + 1).trim();
                        types.put(name, FieldType.ofMappingType(esType));
                        FieldType parentType = types.get(parent);
                        if (parentType != null && parentType != FieldType.OBJECT) {
                            parents.put(name, parent);
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new Schema(types, parents);
        }
    }
}
