package io.verdict.api;

import io.verdict.event.Event;
import io.verdict.event.FieldType;
import io.verdict.event.FieldValues;
import io.verdict.event.TimeFields;
import tools.jackson.databind.JsonNode;

/**
 * The event time a batch sorts its events by before the stateful rules see them: {@code event.ingested} (the
 * {@code timestamp_override} of Elastic's rules) when the event has it, else {@code @timestamp}; events with
 * neither come last, in input order.
 */
final class TimeOrder {

    private TimeOrder() {
    }

    static long of(Event event) {
        JsonNode value = event.firstValue(TimeFields.INGESTED);
        if (value == null) {
            value = event.firstValue(TimeFields.TIMESTAMP);
        }
        var instant = value == null ? null : FieldValues.asInstant(value, FieldType.DATE);
        return instant == null ? Long.MAX_VALUE : instant.toEpochMilli();
    }
}
