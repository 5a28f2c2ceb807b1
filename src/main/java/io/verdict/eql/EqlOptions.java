package io.verdict.eql;

import io.verdict.event.Schema;
import java.util.Objects;

/**
 * How a query is compiled: which field holds the event category ({@code event.category}, or a rule's
 * {@code event_category_override} such as {@code event.type}), the timestamp and tiebreaker fields a stateful
 * evaluator orders by, and the field types (ECS by default).
 */
public record EqlOptions(String eventCategoryField, String timestampField, String tiebreakerField, Schema schema) {

    public static final String DEFAULT_CATEGORY_FIELD = "event.category";
    public static final String DEFAULT_TIMESTAMP_FIELD = "@timestamp";

    public EqlOptions {
        Objects.requireNonNull(eventCategoryField, "eventCategoryField");
        Objects.requireNonNull(timestampField, "timestampField");
        Objects.requireNonNull(schema, "schema");
    }

    /** {@code event.category}, {@code @timestamp}, no tiebreaker, ECS field types. */
    public static EqlOptions defaults() {
        return new EqlOptions(DEFAULT_CATEGORY_FIELD, DEFAULT_TIMESTAMP_FIELD, null, Schema.catalog());
    }

    public EqlOptions withEventCategoryField(String field) {
        return new EqlOptions(field == null ? DEFAULT_CATEGORY_FIELD : field, timestampField, tiebreakerField, schema);
    }

    public EqlOptions withTimestampField(String field) {
        return new EqlOptions(
                eventCategoryField, field == null ? DEFAULT_TIMESTAMP_FIELD : field, tiebreakerField, schema);
    }

    public EqlOptions withTiebreakerField(String field) {
        return new EqlOptions(eventCategoryField, timestampField, field, schema);
    }

    public EqlOptions withSchema(Schema types) {
        return new EqlOptions(eventCategoryField, timestampField, tiebreakerField, types);
    }
}
