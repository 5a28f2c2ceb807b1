package io.verdict.rule;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tomlj.TomlArray;
import org.tomlj.TomlPosition;
import org.tomlj.TomlTable;

/**
 * Typed, position-aware reads of one TOML table. Every read records its key, so that what is left afterwards
 * can be reported as unknown; a value of the wrong type is reported where it is written and read as absent.
 */
final class TomlFields {

    private final TomlTable table;
    private final String path;
    private final TomlPosition at;
    private final FileProblems problems;
    private final Set<String> read = new LinkedHashSet<>();

    TomlFields(TomlTable table, String path, TomlPosition at, FileProblems problems) {
        this.table = table;
        this.path = path;
        this.at = at == null ? TomlPosition.positionAt(1, 1) : at;
        this.problems = problems;
    }

    String path() {
        return path;
    }

    boolean has(String key) {
        return table.get(List.of(key)) != null;
    }

    TomlPosition positionOf(String key) {
        TomlPosition position = table.inputPositionOf(List.of(key));
        return position == null ? at : position;
    }

    TomlPosition position() {
        return at;
    }

    void error(String key, String message) {
        TomlPosition p = positionOf(key);
        problems.error(p.line(), p.column(), message);
    }

    void warning(String key, String message) {
        TomlPosition p = positionOf(key);
        problems.warning(p.line(), p.column(), message);
    }

    /** The value, or null (with an error at the table) when it is missing. */
    String requiredString(String key) {
        String value = string(key);
        if (value == null && !has(key)) {
            problems.error(at.line(), at.column(), "missing required field '" + qualified(key) + "'");
        }
        return value;
    }

    String string(String key) {
        Object value = take(key);
        if (value == null || value instanceof String) {
            return (String) value;
        }
        wrongType(key, "a string", value);
        return null;
    }

    Long integer(String key) {
        Object value = take(key);
        if (value == null || value instanceof Long) {
            return (Long) value;
        }
        wrongType(key, "an integer", value);
        return null;
    }

    Boolean bool(String key) {
        Object value = take(key);
        if (value == null || value instanceof Boolean) {
            return (Boolean) value;
        }
        wrongType(key, "true or false", value);
        return null;
    }

    /** A list of strings; a single string is read as a list of one, as detection-rules does for these fields. */
    List<String> strings(String key) {
        Object value = take(key);
        if (value == null) {
            return List.of();
        }
        if (value instanceof String s) {
            return List.of(s);
        }
        if (value instanceof TomlArray array) {
            List<String> out = new ArrayList<>(array.size());
            for (int i = 0; i < array.size(); i++) {
                Object item = array.get(i);
                if (item instanceof String s) {
                    out.add(s);
                } else {
                    TomlPosition p = array.inputPositionOf(i);
                    problems.error(
                            p.line(),
                            p.column(),
                            "'" + qualified(key) + "' must hold strings, found " + describe(item));
                }
            }
            return out;
        }
        wrongType(key, "a list of strings", value);
        return List.of();
    }

    /** A sub-table, or null when absent. */
    TomlFields table(String key) {
        Object value = take(key);
        if (value == null) {
            return null;
        }
        if (value instanceof TomlTable sub) {
            return new TomlFields(sub, qualified(key), positionOf(key), problems);
        }
        wrongType(key, "a table", value);
        return null;
    }

    /** An array of tables ({@code [[x]]} or an inline array of inline tables); empty when absent. */
    List<TomlFields> tables(String key) {
        Object value = take(key);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof TomlArray array)) {
            wrongType(key, "an array of tables", value);
            return List.of();
        }
        List<TomlFields> out = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            if (array.get(i) instanceof TomlTable sub) {
                out.add(new TomlFields(sub, qualified(key) + "[" + i + "]", array.inputPositionOf(i), problems));
            } else {
                TomlPosition p = array.inputPositionOf(i);
                problems.error(
                        p.line(),
                        p.column(),
                        "'" + qualified(key) + "' must hold tables, found " + describe(array.get(i)));
            }
        }
        return out;
    }

    /** The value as plain, deeply immutable Java data (maps, lists, strings, numbers, booleans). */
    Object plain(String key) {
        return TomlValues.plain(take(key));
    }

    /** The tomlj value itself, for structures no typed read fits. */
    Object plainRaw(String key) {
        return take(key);
    }

    /** Keys nobody read: reported once as warnings and returned as written, so nothing is lost. */
    Map<String, Object> unread(String what) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String key : table.keySet()) {
            if (!read.contains(key)) {
                warning(key, "unknown key '" + qualified(key) + "' " + what);
                out.put(key, TomlValues.plain(table.get(List.of(key))));
            }
        }
        return out;
    }

    /** Marks keys as known without reading them (e.g. a key another reader handles). */
    void skip(String... keys) {
        read.addAll(List.of(keys));
    }

    private Object take(String key) {
        read.add(key);
        return table.get(List.of(key));
    }

    private void wrongType(String key, String expected, Object value) {
        error(key, "'" + qualified(key) + "' must be " + expected + ", found " + describe(value));
    }

    String qualified(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    static String describe(Object value) {
        if (value instanceof String s) {
            return "the string \"" + s + "\"";
        }
        if (value instanceof TomlArray) {
            return "an array";
        }
        if (value instanceof TomlTable) {
            return "a table";
        }
        if (value instanceof Long || value instanceof Double) {
            return "the number " + value;
        }
        if (value instanceof Boolean) {
            return value.toString();
        }
        return value == null ? "nothing" : "a " + value.getClass().getSimpleName();
    }
}
