package io.verdict.stream;

import java.time.Clock;
import java.util.List;

/**
 * What the detection topology reads, where it writes, and its bounds.
 *
 * @param inputTopics        topics of ECS events: one JSON event per record, or NDJSON (one event a line)
 * @param alertsTopic        where alerts go, keyed by rule and group
 * @param deadLetterTopic    where records (or NDJSON lines) that are not events go, unchanged, with the problem in
 *                           headers
 * @param alertFormat        the form of the alerts written
 * @param includeEvent       whether a Verdict alert carries its event
 * @param graceMillis        how late in event time an event may arrive and still be decided in order by the stateful
 *                           rules: their events wait this long in a changelogged buffer (0: fed in arrival order)
 * @param maxRecordBytes     a larger record is a dead letter, unread
 * @param maxEventsPerRecord an NDJSON record of more events is a dead letter, unread
 * @param clock              the time of alerts (Kibana documents) and of events without a time
 */
public record StreamSettings(
        List<String> inputTopics,
        String alertsTopic,
        String deadLetterTopic,
        AlertFormat alertFormat,
        boolean includeEvent,
        long graceMillis,
        int maxRecordBytes,
        int maxEventsPerRecord,
        Clock clock) {

    public StreamSettings {
        inputTopics = List.copyOf(inputTopics);
        if (inputTopics.isEmpty()) {
            throw new IllegalArgumentException("at least one input topic is needed");
        }
        if (graceMillis < 0 || maxRecordBytes <= 0 || maxEventsPerRecord <= 0) {
            throw new IllegalArgumentException("grace must not be negative, the record bounds must be positive");
        }
        clock = clock == null ? Clock.systemUTC() : clock;
    }
}
