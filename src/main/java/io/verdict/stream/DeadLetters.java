package io.verdict.stream;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * The headers of a dead letter: the problem as an RFC 9457 problem's fields, where in the record it is, and where
 * the record came from. The value is the record (or its NDJSON line) unchanged.
 */
final class DeadLetters {

    static final String TYPE = "verdict.problem.type";
    static final String TITLE = "verdict.problem.title";
    static final String DETAIL = "verdict.problem.detail";
    static final String LINE = "verdict.problem.line";
    static final String COLUMN = "verdict.problem.column";
    static final String SOURCE_TOPIC = "verdict.source.topic";
    static final String SOURCE_PARTITION = "verdict.source.partition";
    static final String SOURCE_OFFSET = "verdict.source.offset";
    static final String TYPES = "urn:verdict:problem:";

    private DeadLetters() {}

    /** The record's own headers, with the problem's and the source's added. */
    static Headers headers(Headers original, RecordEvents.Problem problem, Optional<RecordMetadata> source) {
        Headers headers =
                new RecordHeaders(original == null ? new org.apache.kafka.common.header.Header[0] : original.toArray());
        put(headers, TYPE, TYPES + problem.kind());
        put(headers, TITLE, "Not an event");
        put(headers, DETAIL, problem.detail());
        if (problem.line() != null) {
            put(headers, LINE, String.valueOf(problem.line()));
        }
        if (problem.column() != null) {
            put(headers, COLUMN, String.valueOf(problem.column()));
        }
        source.ifPresent(s -> {
            put(headers, SOURCE_TOPIC, s.topic());
            put(headers, SOURCE_PARTITION, String.valueOf(s.partition()));
            put(headers, SOURCE_OFFSET, String.valueOf(s.offset()));
        });
        return headers;
    }

    private static void put(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
