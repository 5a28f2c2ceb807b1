package io.verdict.esql.compile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The columns between two commands, by name, in order. Mutable while a query compiles. */
final class Layout {

    private LinkedHashMap<String, Col> columns = new LinkedHashMap<>();

    Col get(String name) {
        return columns.get(name);
    }

    /** Adds a column last; one of the same name goes (a shadowed column moves to the end). */
    void add(Col col) {
        columns.remove(col.name());
        columns.put(col.name(), col);
    }

    /** Puts {@code col} where the column of its name is, keeping the position. */
    void replace(Col col) {
        columns.put(col.name(), col);
    }

    void remove(String name) {
        columns.remove(name);
    }

    List<Col> columns() {
        return new ArrayList<>(columns.values());
    }

    /** Replaces every column by {@code ordered}. */
    void set(List<Col> ordered) {
        LinkedHashMap<String, Col> next = new LinkedHashMap<>();
        for (Col c : ordered) {
            next.remove(c.name());
            next.put(c.name(), c);
        }
        columns = next;
    }

    /** Renames {@code from} to {@code to} in place; a column already named {@code to} goes. */
    void rename(String from, String to) {
        LinkedHashMap<String, Col> next = new LinkedHashMap<>();
        for (Map.Entry<String, Col> e : columns.entrySet()) {
            if (e.getKey().equals(to)) {
                continue;
            }
            Col c = e.getKey().equals(from) ? e.getValue().named(to) : e.getValue();
            next.put(c.name(), c);
        }
        columns = next;
    }

    int size() {
        return columns.size();
    }
}
