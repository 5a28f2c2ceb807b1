package io.verdict.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The documents that wrap an event, each unwrapped to the event itself: what was taken off, the event's fields,
 * its time, and the index and id it came from.
 */
class EnvelopesTest {

    private static final String EVENT = """
            {"@timestamp": "2026-11-27T10:15:00.000Z", "event": {"kind": "event", "category": ["process"]},
             "host": {"name": "ws-1"}, "process": {"name": "rclone.exe"}}""";

    static Stream<Arguments> documents() {
        return Stream.of(
                Arguments.of("a plain event", EVENT, List.of(), "2026-11-27T10:15:00.000Z", null, null),
                Arguments.of(
                        "an Elasticsearch hit",
                        """
                        {"_index": "logs-endpoint.events.process-default", "_id": "h1", "_source": %s}""".formatted(EVENT),
                        List.of("elasticsearch_hit"),
                        "2026-11-27T10:15:00.000Z",
                        "logs-endpoint.events.process-default",
                        "h1"),
                Arguments.of(
                        "a search answer of one hit",
                        """
                        {"took": 1, "hits": {"hits": [{"_index": "logs-x", "_id": "h2", "_source": %s}]}}""".formatted(EVENT),
                        List.of("elasticsearch_search_response", "elasticsearch_hit"),
                        "2026-11-27T10:15:00.000Z",
                        "logs-x",
                        "h2"),
                Arguments.of(
                        "a Kibana 8 alert, dotted keys",
                        """
                        {"@timestamp": "2026-11-27T10:20:00.000Z", "kibana.alert.uuid": "u1",
                         "kibana.alert.original_time": "2026-11-27T10:15:00.000Z",
                         "kibana.alert.original_event.kind": "event", "kibana.alert.original_event.category": ["process"],
                         "kibana.alert.ancestors": [{"id": "e1", "index": "logs-y", "depth": 0}],
                         "event": {"kind": "signal"}, "host": {"name": "ws-1"}, "process": {"name": "rclone.exe"}}""",
                        List.of("kibana_alert"),
                        "2026-11-27T10:15:00.000Z",
                        "logs-y",
                        "e1"),
                Arguments.of(
                        "a Kibana 8 alert, nested objects",
                        """
                        {"@timestamp": "2026-11-27T10:20:00.000Z",
                         "kibana": {"alert": {"uuid": "u1", "original_time": "2026-11-27T10:15:00.000Z",
                           "original_event": {"kind": "event", "category": ["process"]},
                           "ancestors": [{"id": "e1", "index": "logs-y", "depth": 0}]}},
                         "event": {"kind": "signal"}, "host": {"name": "ws-1"}, "process": {"name": "rclone.exe"}}""",
                        List.of("kibana_alert"),
                        "2026-11-27T10:15:00.000Z",
                        "logs-y",
                        "e1"),
                Arguments.of(
                        "a Kibana 7 signal",
                        """
                        {"@timestamp": "2026-11-27T10:20:00.000Z",
                         "signal": {"rule": {"id": "r1"}, "original_time": "2026-11-27T10:15:00.000Z",
                           "original_event": {"kind": "event", "category": ["process"]},
                           "ancestors": [{"id": "e7", "index": "winlogbeat-7.17", "type": "event", "depth": 0}]},
                         "event": {"kind": "signal"}, "host": {"name": "ws-1"}, "process": {"name": "rclone.exe"}}""",
                        List.of("kibana_alert"),
                        "2026-11-27T10:15:00.000Z",
                        "winlogbeat-7.17",
                        "e7"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("documents")
    void eachDocumentIsUnwrappedToTheEventItStandsFor(
            String name, String json, List<String> envelope, String time, String index, String id) {
        Event event = Envelopes.unwrap(Event.parse(json));

        assertThat(event.envelope()).isEqualTo(envelope);
        assertThat(event.firstValue(FieldPath.of("event.kind")).stringValue()).isEqualTo("event");
        assertThat(event.firstValue(FieldPath.of("event.category")).stringValue())
                .isEqualTo("process");
        assertThat(event.firstValue(FieldPath.of("process.name")).stringValue()).isEqualTo("rclone.exe");
        assertThat(event.firstValue(FieldPath.of("@timestamp")).stringValue()).isEqualTo(time);
        assertThat(event.root().has("kibana")).isFalse();
        assertThat(event.root().has("signal")).isFalse();
        if (index != null) {
            assertThat(event.root().get("_index").stringValue()).isEqualTo(index);
            assertThat(event.root().get("_id").stringValue()).isEqualTo(id);
        }
    }

    @Test
    void aSearchAnswerOfSeveralHitsIsNotOneEvent() {
        String hit = "{\"_index\": \"logs-x\", \"_id\": \"h\", \"_source\": " + EVENT + "}";
        assertThatThrownBy(() -> Envelopes.unwrap(Event.parse("{\"hits\": {\"hits\": [" + hit + ", " + hit + "]}}")))
                .isInstanceOf(Envelopes.NotOneHit.class)
                .hasMessageContaining("2 hits");
    }

    @Test
    void aSignalWithoutItsOriginalEventStaysAsItIs() {
        Event event = Envelopes.unwrap(
                Event.parse("{\"event\": {\"kind\": \"signal\"}, \"signal\": {\"rule\": {\"id\": \"r\"}}}"));
        assertThat(event.envelope()).isEmpty();
        assertThat(event.root().has("signal")).isTrue();
    }
}
