package io.verdict.rule;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tomlj.Toml;
import org.tomlj.TomlParseResult;

/** A TOML text as editable plain data (maps in key order, lists, strings, numbers, booleans), and back. */
public final class TomlDocument {

    private TomlDocument() {}

    /** The document of {@code toml}, which must parse (it has been checked by {@link RuleLoader} before). */
    public static Map<String, Object> read(String toml) {
        TomlParseResult parsed = Toml.parse(toml);
        if (parsed.hasErrors()) {
            throw new IllegalArgumentException(
                    "invalid TOML: " + parsed.errors().get(0).toString());
        }
        return mutable(TomlValues.plain(parsed));
    }

    public static String write(Map<String, ?> document) {
        return TomlWriter.write(document);
    }

    /** A deep, mutable copy of plain data. */
    @SuppressWarnings("unchecked")
    public static <T> T mutable(Object plain) {
        if (plain instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), mutable(v)));
            return (T) out;
        }
        if (plain instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(v -> out.add(mutable(v)));
            return (T) out;
        }
        return (T) plain;
    }
}
