package io.verdict.engine;

import java.time.Clock;
import java.time.Instant;

import io.verdict.event.Event;
import io.verdict.event.FieldPath;
import io.verdict.event.FieldType;
import io.verdict.event.FieldValues;
import io.verdict.rule.Rule;
import tools.jackson.databind.JsonNode;

/**
 * When an event happened for a rule's windows: its {@code timestamp_override} field (Elastic's rules use
 * {@code event.ingested}) when the event has it, else {@code @timestamp}, else the arrival time.
 */
final class EventTime {

    private static final FieldPath TIMESTAMP = FieldPath.of("@timestamp");

    private final FieldPath override;
    private final Clock clock;

    EventTime(Rule rule, Clock clock) {
        String field = rule.alert().timestampOverride();
        this.override = field == null ? null : FieldPath.of(field);
        this.clock = clock;
    }

    Instant of(Event event) {
        Instant at = override == null ? null : read(event, override);
        if (at == null) {
            at = read(event, TIMESTAMP);
        }
        return at == null ? clock.instant() : at;
    }

    private static Instant read(Event event, FieldPath field) {
        JsonNode value = event.firstValue(field);
        return value == null ? null : FieldValues.asInstant(value, FieldType.DATE);
    }
}
