package io.verdict.stream;

import io.verdict.event.Event;
import io.verdict.event.FieldSet;
import io.verdict.event.FieldType;
import io.verdict.event.FieldValues;
import io.verdict.event.TimeFields;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;
import tools.jackson.databind.json.JsonMapper;

/**
 * The event time of an input record: its event's ingest time ({@code event.ingested}), else its
 * {@code @timestamp}, read by a scan that keeps those two fields only; the record's own timestamp for a record
 * that has neither or is not one event (NDJSON, not JSON: the first event is not guessed at). Records of the state
 * topic carry their rule's event time as their timestamp, written when they were keyed.
 */
public final class EventTimeExtractor implements TimestampExtractor {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final FieldSet TIMES = FieldSet.of(List.of("event.ingested", "@timestamp"));

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        if (record.value() instanceof byte[] value && value.length > 0) {
            try {
                Event event = Event.parse(JSON, value, TIMES);
                Instant at = instant(event, TimeFields.INGESTED);
                at = at == null ? instant(event, TimeFields.TIMESTAMP) : at;
                if (at != null && at.toEpochMilli() >= 0) {
                    return at.toEpochMilli();
                }
            } catch (RuntimeException notOneEvent) {
                // the decide step says what is wrong with it; here it keeps the record's time
            }
        }
        // Kafka Streams drops a record of a negative time: one before 1970 keeps the record's own
        return record.timestamp() >= 0 ? record.timestamp() : Math.max(partitionTime, 0);
    }

    private static Instant instant(Event event, io.verdict.event.FieldPath field) {
        var value = event.firstValue(field);
        return value == null ? null : FieldValues.asInstant(value, FieldType.DATE);
    }
}
