package io.verdict.engine;

import io.verdict.event.Event;
import io.verdict.event.FieldPath;
import io.verdict.event.FieldType;
import io.verdict.event.FieldValues;
import io.verdict.event.TimeFields;
import io.verdict.rule.Rule;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;

/**
 * When an event happened for a rule's windows: its {@code timestamp_override} field (Elastic's rules use
 * {@code event.ingested}) when the event has it, else {@code @timestamp}, else the arrival time. A value that is
 * not a date (see {@link io.verdict.event.Dates}) counts as none; the service refuses such events before.
 */
final class EventTime {

    /** The few override field names rules use, split once rather than per event. */
    private static final Map<String, FieldPath> PATHS = new ConcurrentHashMap<>();

    private EventTime() {}

    static Instant of(Rule rule, Event event, Clock clock) {
        FieldPath override = overridePath(rule);
        Instant at = override == null ? null : read(event, override);
        if (at == null) {
            at = read(event, TimeFields.TIMESTAMP);
        }
        return at == null ? clock.instant() : at;
    }

    /**
     * The event's time as the service's event time counts it: its ingest time, else {@code @timestamp};
     * {@link Long#MIN_VALUE} when it has neither.
     */
    static long latest(Event event) {
        Instant at = read(event, TimeFields.INGESTED);
        if (at == null) {
            at = read(event, TimeFields.TIMESTAMP);
        }
        return at == null ? Long.MIN_VALUE : at.toEpochMilli();
    }

    /** The rule's {@code timestamp_override} as a path, or null when it has none. */
    static FieldPath overridePath(Rule rule) {
        String field = rule.alert().timestampOverride();
        return field == null ? null : PATHS.computeIfAbsent(field, FieldPath::of);
    }

    private static Instant read(Event event, FieldPath field) {
        JsonNode value = event.firstValue(field);
        return value == null ? null : FieldValues.asInstant(value, FieldType.DATE);
    }
}
