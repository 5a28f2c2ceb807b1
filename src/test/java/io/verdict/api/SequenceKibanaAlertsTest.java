package io.verdict.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.verdict.config.VerdictProperties;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The Kibana documents of an EQL sequence: one per matched event, built from it, and the sequence alert. */
@AutoConfigureMockMvc(addFilters = false)
@WebMvcTest({EvaluateController.class, StateController.class})
@Import({
    EvaluateControllerTest.Rules.class,
    EvaluationMetrics.class,
    io.verdict.config.ClockAndSchemaConfiguration.class
})
@EnableConfigurationProperties(VerdictProperties.class)
class SequenceKibanaAlertsTest {

    /** process start in a user-writable folder, then an outbound connection by the same process. */
    static final String UNSIGNED_OUTBOUND = "cc7a29ab-6e69-4fc2-90f0-b3e8f600d6b6";

    static final String START = """
            {"_index": ".ds-logs-endpoint.events.process-default-2026.11.27-000001", "_id": "proc-1",
             "@timestamp": "2026-11-27T10:00:00.000Z", "event": {"ingested": "2026-11-27T10:00:01.000Z",
             "category": ["process"], "type": ["start"], "kind": "event"},
             "host": {"id": "h-1", "name": "ws-1", "os": {"type": "windows"}},
             "process": {"entity_id": "p-42", "name": "drop.exe", "executable": "C:\\\\Users\\\\bob\\\\Downloads\\\\drop.exe"},
             "user": {"name": "bob"}}""";
    static final String CONNECT = """
            {"_index": ".ds-logs-endpoint.events.network-default-2026.11.27-000001", "_id": "net-1",
             "@timestamp": "2026-11-27T10:00:05.000Z", "event": {"ingested": "2026-11-27T10:00:06.000Z",
             "category": ["network"], "type": ["connection"], "action": "connection_attempted", "kind": "event"},
             "host": {"id": "h-1", "name": "ws-1", "os": {"type": "windows"}},
             "process": {"entity_id": "p-42", "name": "drop.exe"},
             "network": {"direction": "egress"}, "destination": {"ip": "203.0.113.9", "port": 443},
             "source": {"ip": "10.0.0.5", "port": 50123}, "user": {"name": "bob"}}""";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    MockMvcTester mvc;

    @BeforeEach
    void reset() {
        assertThat(mvc.delete().uri("/api/v1/state")).hasStatus(HttpStatus.NO_CONTENT);
    }

    /** The documents of the sequence: the building blocks in order, then the sequence alert. */
    List<JsonNode> sequenceDocuments(String format) {
        post(START, format);
        JsonNode answer = post(CONNECT, format);
        List<JsonNode> alerts = new ArrayList<>();
        answer.path("alerts").forEach(alerts::add);
        assertThat(alerts)
                .as("two building blocks and the sequence alert: %s", answer)
                .hasSize(3);
        return alerts;
    }

    private JsonNode post(String event, String format) {
        var result = mvc.post()
                .uri("/api/v1/evaluate?format=" + format + "&rule_id=" + UNSIGNED_OUTBOUND)
                .contentType(MediaType.APPLICATION_JSON)
                .content(event)
                .exchange();
        assertThat(result).hasStatusOk();
        return JSON.readTree(result.getResponse().getContentAsByteArray());
    }

    @Test
    void sequenceBuildingBlocksAndTheSequenceAlertDoNotShareOneKibanaUuid() {
        List<JsonNode> docs = sequenceDocuments("kibana");
        assertThat(docs.stream()
                        .map(d -> d.path("kibana.alert.uuid").asString())
                        .distinct())
                .hasSize(3);
        JsonNode shell = docs.get(2);
        assertThat(shell.path("kibana.alert.group.id").asString())
                .isEqualTo(shell.path("kibana.alert.uuid").asString());
        assertThat(docs)
                .allSatisfy(d ->
                        assertThat(d.path("kibana.alert.group.id")).isEqualTo(shell.path("kibana.alert.group.id")));
    }

    @Test
    void aSequenceBuildingBlockIsBuiltFromItsOwnEventNotTheOneThatCompletedTheSequence() {
        List<JsonNode> docs = sequenceDocuments("kibana");
        JsonNode first = docs.get(0);
        assertThat(first.path("kibana.alert.group.index").asInt(-1)).isZero();
        assertThat(first.path("kibana.alert.original_event.category").get(0).asString())
                .isEqualTo("process");
        assertThat(first.path("process").path("executable").asString()).endsWith("drop.exe");
        assertThat(first.has("destination")).isFalse();
        assertThat(first.path("kibana.alert.original_time").asString()).startsWith("2026-11-27T10:00:00");
        assertThat(first.path("kibana.alert.ancestors").get(0).path("id").asString())
                .isEqualTo("proc-1");
        assertThat(first.path("kibana.alert.building_block_type").asString()).isEqualTo("default");
        assertThat(first.path("kibana.alert.depth").asInt()).isEqualTo(1);
        JsonNode second = docs.get(1);
        assertThat(second.path("kibana.alert.group.index").asInt()).isEqualTo(1);
        assertThat(second.path("kibana.alert.original_event.category").get(0).asString())
                .isEqualTo("network");
        assertThat(second.path("kibana.alert.ancestors").get(0).path("id").asString())
                .isEqualTo("net-1");
    }

    @Test
    void theSequenceAlertHoldsWhatItsEventsShareAtDepthTwoWithTheBlocksAsSignalAncestors() {
        List<JsonNode> docs = sequenceDocuments("kibana");
        JsonNode shell = docs.get(2);
        assertThat(shell.path("kibana.alert.depth").asInt()).isEqualTo(2);
        assertThat(shell.has("kibana.alert.building_block_type")).isFalse();
        assertThat(shell.has("kibana.alert.group.index")).isFalse();
        List<String> ancestors = new ArrayList<>();
        shell.path("kibana.alert.ancestors")
                .forEach(a -> ancestors.add(
                        a.path("type").asString() + ":" + a.path("id").asString()));
        assertThat(ancestors)
                .containsExactly(
                        "event:proc-1",
                        "signal:" + docs.get(0).path("kibana.alert.uuid").asString(),
                        "event:net-1",
                        "signal:" + docs.get(1).path("kibana.alert.uuid").asString());
        assertThat(shell.path("host").path("name").asString()).isEqualTo("ws-1");
        assertThat(shell.path("process").path("entity_id").asString()).isEqualTo("p-42");
        assertThat(shell.path("process").has("executable")).isFalse();
        assertThat(shell.has("destination")).isFalse();
        assertThat(shell.path("kibana.alert.original_event").path("category")).isEmpty();
    }

    @Test
    void theVerdictSequenceBlockOfEachBuildingBlockIsItsOwnEvents() {
        List<JsonNode> alerts = sequenceDocuments("verdict");
        assertThat(alerts.get(0).path("timestamp").asString()).isEqualTo("2026-11-27T10:00:00.000Z");
        assertThat(alerts.get(0).path("sequence").path("index").asInt(-1)).isZero();
        assertThat(alerts.get(1).path("timestamp").asString()).isEqualTo("2026-11-27T10:00:05.000Z");
        assertThat(alerts.get(0).path("reason").asString()).doesNotContain("203.0.113.9");
        assertThat(alerts.get(1).path("reason").asString()).contains("203.0.113.9");
        assertThat(alerts.stream().map(a -> a.path("id").asString()).distinct()).hasSize(3);
        assertThat(alerts.get(2).path("sequence").path("events")).hasSize(2);
    }
}
