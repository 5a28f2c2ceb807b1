package io.verdict.rule;

import java.util.List;

/**
 * {@code [rule.threshold]}: alert when the events grouped by the {@code field} list number at least {@code value}, and
 * each {@code cardinality} condition holds (distinct values of its field within the group, at least its value).
 */
public record Threshold(List<String> field, long value, List<Cardinality> cardinality) implements TypeBlock {

    public Threshold {
        field = List.copyOf(field);
        cardinality = List.copyOf(cardinality);
    }

    public record Cardinality(String field, long value) {}
}
