package io.verdict.esql.value;

import java.util.List;

/**
 * A value with two or more elements: a JSON array in an event, what {@code SPLIT} or {@code VALUES} makes. None is
 * null; all are of the column's type. An empty list is {@code null} and a list of one is that element, so a
 * {@code MultiValue} is never built for fewer than two (see {@link Values#of}).
 */
public record MultiValue(List<Object> elements) {

    public MultiValue {
        elements = List.copyOf(elements);
        if (elements.size() < 2) {
            throw new IllegalArgumentException("a multivalue has two or more elements, use Values.of");
        }
    }

    public int size() {
        return elements.size();
    }

    public Object get(int i) {
        return elements.get(i);
    }

    @Override
    public String toString() {
        return elements.toString();
    }
}
