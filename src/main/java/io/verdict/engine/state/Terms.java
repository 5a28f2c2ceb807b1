package io.verdict.engine.state;

import io.verdict.event.Event;
import io.verdict.event.FieldPath;
import io.verdict.event.FieldValues;
import java.util.ArrayList;
import java.util.List;

/**
 * The combinations of values an event has for a list of fields, as Elasticsearch's (multi-)terms aggregation buckets
 * it: one combination per choice of one value of each field (arrays fan out), none when a field is missing.
 */
public final class Terms {

    private Terms() {}

    public static List<List<String>> combinations(Event event, List<FieldPath> fields) {
        List<List<String>> combos = new ArrayList<>();
        combos.add(List.of());
        for (FieldPath field : fields) {
            List<String> values = new ArrayList<>(2);
            event.forEachValue(field, v -> {
                String text = FieldValues.asString(v);
                if (text != null && !values.contains(text)) {
                    values.add(text);
                }
            });
            if (values.isEmpty()) {
                return List.of();
            }
            List<List<String>> next = new ArrayList<>(combos.size() * values.size());
            for (List<String> combo : combos) {
                for (String value : values) {
                    List<String> longer = new ArrayList<>(combo.size() + 1);
                    longer.addAll(combo);
                    longer.add(value);
                    next.add(List.copyOf(longer));
                }
            }
            combos = next;
        }
        return combos;
    }
}
