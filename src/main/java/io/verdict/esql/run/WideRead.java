package io.verdict.esql.run;

import io.verdict.esql.EsqlDocument;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Reads many source columns at once ({@code KEEP *}, a query without {@code KEEP}: every field of the catalogue is a
 * column): one walk over the document's own fields, each looked up by its dotted name, rather than one lookup per
 * column, most of which the document does not have. Immutable.
 */
public final class WideRead {

    private final Map<String, SourceField> fields = new HashMap<>();
    private final List<SourceField> metadata = new ArrayList<>();

    public WideRead(List<SourceField> columns) {
        for (SourceField f : columns) {
            if (f.path() == null) {
                metadata.add(f);
            } else {
                fields.put(f.path().name(), f);
            }
        }
    }

    /** Fills the columns' slots of {@code row} from the document. */
    public void read(EsqlDocument document, Object[] row) {
        for (SourceField f : metadata) {
            row[f.slot()] = f.read(document);
        }
        Map<SourceField, List<Object>> found = new HashMap<>();
        walk(document.event().root(), new StringBuilder(), found);
        found.forEach((f, values) -> row[f.slot()] = f.value(values));
    }

    private void walk(JsonNode node, StringBuilder name, Map<SourceField, List<Object>> found) {
        if (node.isObject()) {
            SourceField point = fields.get(name.toString());
            if (point != null) {
                collect(point, node, found);
            }
            int length = name.length();
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                if (length > 0) {
                    name.append('.');
                }
                name.append(e.getKey());
                walk(e.getValue(), name, found);
                name.setLength(length);
            }
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                walk(element, name, found);
            }
        } else {
            SourceField f = fields.get(name.toString());
            if (f != null) {
                collect(f, node, found);
            }
        }
    }

    private static void collect(SourceField f, JsonNode node, Map<SourceField, List<Object>> found) {
        Object v = SourceField.convert(node, f.type());
        if (v != null) {
            found.computeIfAbsent(f, k -> new ArrayList<>(1)).add(v);
        }
    }
}
