package io.verdict.rule;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tomlj.TomlArray;
import org.tomlj.TomlPosition;
import org.tomlj.TomlTable;

/** Reads {@code [transform]}: {@code [[transform.osquery]]} and {@code [[transform.investigate]]}. */
final class TransformReader {

    private TransformReader() {}

    @SuppressWarnings("unchecked")
    static Transform read(TomlFields transform) {
        if (transform == null) {
            return Transform.NONE;
        }
        List<Transform.Osquery> osquery = new ArrayList<>();
        for (TomlFields o : transform.tables("osquery")) {
            Object mapping = o.plain("ecs_mapping");
            osquery.add(new Transform.Osquery(
                    o.requiredString("label"),
                    o.requiredString("query"),
                    mapping instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of()));
            o.unread("(ignored)");
        }
        List<Transform.Investigate> investigate = new ArrayList<>();
        for (TomlFields i : transform.tables("investigate")) {
            String label = i.requiredString("label");
            String description = i.string("description");
            List<List<Transform.Provider>> providers = providers(i);
            investigate.add(new Transform.Investigate(
                    label, description, providers, i.string("relativeFrom"), i.string("relativeTo")));
            i.unread("(ignored)");
        }
        transform.unread("in [transform] (ignored)");
        return new Transform(osquery, investigate);
    }

    /** {@code providers} is an array of arrays of tables: OR of AND-groups. */
    private static List<List<Transform.Provider>> providers(TomlFields investigate) {
        Object value = investigate.plainRaw("providers");
        List<List<Transform.Provider>> groups = new ArrayList<>();
        if (!(value instanceof TomlArray outer)) {
            if (value != null) {
                investigate.error(
                        "providers",
                        "'" + investigate.qualified("providers") + "' must be an array of arrays of tables");
            }
            return groups;
        }
        for (int g = 0; g < outer.size(); g++) {
            if (!(outer.get(g) instanceof TomlArray inner)) {
                TomlPosition p = outer.inputPositionOf(g);
                investigate.error(
                        "providers",
                        "'" + investigate.qualified("providers") + "' must hold arrays of tables" + " (at " + p.line()
                                + ":" + p.column() + ")");
                continue;
            }
            List<Transform.Provider> group = new ArrayList<>();
            for (int k = 0; k < inner.size(); k++) {
                if (inner.get(k) instanceof TomlTable t) {
                    group.add(new Transform.Provider(
                            text(t, "field"),
                            text(t, "value"),
                            text(t, "valueType"),
                            text(t, "queryType"),
                            Boolean.TRUE.equals(t.get(List.of("excluded")))));
                }
            }
            groups.add(group);
        }
        return groups;
    }

    private static String text(TomlTable table, String key) {
        Object value = table.get(List.of(key));
        return value == null ? null : value.toString();
    }
}
