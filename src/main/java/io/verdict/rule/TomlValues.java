package io.verdict.rule;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tomlj.TomlArray;
import org.tomlj.TomlTable;

/** Converts tomlj values into plain, deeply immutable Java data that the rest of Verdict can hold and serialise. */
final class TomlValues {

    private TomlValues() {}

    static Object plain(Object value) {
        if (value instanceof TomlTable table) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (String key : table.keySet()) {
                out.put(key, plain(table.get(List.of(key))));
            }
            return Collections.unmodifiableMap(out);
        }
        if (value instanceof TomlArray array) {
            List<Object> out = new ArrayList<>(array.size());
            for (int i = 0; i < array.size(); i++) {
                out.add(plain(array.get(i)));
            }
            return Collections.unmodifiableList(out);
        }
        if (value instanceof java.time.temporal.TemporalAccessor temporal) {
            return temporal.toString();
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> tableList(Object plain) {
        if (plain instanceof List<?> list && list.stream().allMatch(Map.class::isInstance)) {
            return (List<Map<String, Object>>) list;
        }
        return List.of();
    }
}
