package io.verdict.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.verdict.config.VerdictProperties;
import io.verdict.engine.VerdictWarnings;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Documents that wrap an event (an Elasticsearch hit, a search answer, a Kibana alert document, or a wrapper the
 * service does not know) sent to the evaluate endpoints: each is evaluated as the event it wraps and the verdict
 * says so; an event none of whose fields the rules read says it was probably wrapped. Also the fields a playbook
 * acts on in every alert: its stable id, the event's entities, and flat ATT&CK ids.
 */
@AutoConfigureMockMvc(addFilters = false)
@WebMvcTest(EvaluateController.class)
@Import({
    EvaluateControllerTest.Rules.class,
    EvaluationMetrics.class,
    io.verdict.config.ClockAndSchemaConfiguration.class
})
@EnableConfigurationProperties(VerdictProperties.class)
class EnvelopeApiTest {

    private static final String RCLONE = EvaluateControllerTest.RCLONE;
    private static final String RCLONE_ID = EvaluateControllerTest.RCLONE_ID;
    private static final String HIT = """
            {"_index": ".ds-logs-endpoint.events.process-default-2026.11.27-000001", "_id": "hit-1", "_score": 1.0,
             "_source": %s}""".formatted(RCLONE);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    MockMvcTester mvc;

    private MockMvcTester.MockMvcRequestBuilder post(String uri, String body) {
        return mvc.post().uri(uri).contentType(MediaType.APPLICATION_JSON).content(body);
    }

    private JsonNode verdict(String uri, String body) throws Exception {
        var result = post(uri, body).exchange();
        assertThat(result).hasStatusOk();
        return JSON.readTree(result.getResponse().getContentAsString());
    }

    /** The Kibana alert document Verdict itself writes for the rclone event. */
    private String kibanaAlert() throws Exception {
        return verdict("/api/v1/evaluate?format=kibana&rule_id=" + RCLONE_ID, RCLONE)
                .get("alerts")
                .get(0)
                .toString();
    }

    static Stream<Arguments> wrapped() {
        return Stream.of(
                Arguments.of("an Elasticsearch hit", HIT, List.of("elasticsearch_hit")),
                Arguments.of(
                        "a search answer of one hit",
                        """
                        {"took": 3, "timed_out": false, "hits": {"total": {"value": 1, "relation": "eq"},
                         "hits": [%s]}}""".formatted(HIT),
                        List.of("elasticsearch_search_response", "elasticsearch_hit")),
                Arguments.of("a Kibana alert document", "KIBANA", List.of("kibana_alert")),
                Arguments.of("a hit of the alerts index", "KIBANA_HIT", List.of("elasticsearch_hit", "kibana_alert")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wrapped")
    void aWrappedEventIsEvaluatedAsTheEventItWrapsAndTheVerdictSaysSo(String name, String body, List<String> envelope)
            throws Exception {
        String sent = switch (body) {
            case "KIBANA" -> kibanaAlert();
            case "KIBANA_HIT" -> """
                    {"_index": ".internal.alerts-security.alerts-default-000001", "_id": "alert-1", "_source": %s}""".formatted(kibanaAlert());
            default -> body;
        };
        JsonNode verdict = verdict("/api/v1/evaluate", sent);
        assertThat(verdict.get("matched").asBoolean()).as(name).isTrue();
        assertThat(verdict.get("alerts").findValuesAsString("rule_id")).contains(RCLONE_ID);
        assertThat(JSON.convertValue(verdict.get("envelope"), List.class)).isEqualTo(envelope);
        assertThat(verdict.get("warnings").size()).isEqualTo(envelope.size());
        assertThat(verdict.get("warnings").toString()).doesNotContain(VerdictWarnings.NOTHING_READ);
    }

    @Test
    void anElasticsearchHitIsEvaluatedAsItsSourceWithItsIndexAndId() throws Exception {
        JsonNode verdict = verdict("/api/v1/evaluate?format=kibana&include_event=true&rule_id=" + RCLONE_ID, HIT);
        JsonNode alert = verdict.get("alerts").get(0);
        // routed and identified as the hit: the ancestor is the hit's index as sent (Kibana names the backing
        // index a search returned the event from) and its id
        assertThat(alert.get("kibana.alert.ancestors").get(0).get("id").asString())
                .isEqualTo("hit-1");
        assertThat(alert.get("kibana.alert.ancestors").get(0).get("index").asString())
                .isEqualTo(".ds-logs-endpoint.events.process-default-2026.11.27-000001");
        assertThat(alert.get("host").get("name").asString()).isEqualTo("fin-ws-042");
        assertThat(alert.has("_source")).isFalse();
    }

    @Test
    void aKibanaAlertDocumentIsEvaluatedAsItsOriginalEventNotAsTheAlert() throws Exception {
        JsonNode verdict = verdict("/api/v1/evaluate?include_event=true&rule_id=" + RCLONE_ID, kibanaAlert());
        JsonNode event = verdict.get("alerts").get(0).get("event");
        assertThat(event.get("event").get("kind").asString()).isEqualTo("event");
        assertThat(event.get("@timestamp").asString()).isEqualTo("2026-11-27T10:15:00.000Z");
        assertThat(event.properties()).noneMatch(e -> e.getKey().startsWith("kibana"));
        assertThat(verdict.get("alerts").get(0).get("timestamp").asString()).isEqualTo("2026-11-27T10:15:00.000Z");
    }

    @Test
    void aSearchAnswerOfSeveralHitsSentAsOneEventIsAProblemSayingWhereToSendIt() {
        var result = post("/api/v1/evaluate", """
                {"hits": {"hits": [%s, %s]}}""".formatted(HIT, HIT)).exchange();
        assertThat(result).hasStatus(400).hasContentType("application/problem+json");
        assertThat(result).bodyJson().extractingPath("$.type").isEqualTo("urn:verdict:problem:not-one-hit");
        assertThat(result)
                .bodyJson()
                .extractingPath("$.detail")
                .asString()
                .contains("2 hits")
                .contains("_batch");
    }

    @Test
    void anNdjsonBatchUnwrapsEachLine() throws Exception {
        var result = mvc.post()
                .uri("/api/v1/evaluate/_batch")
                .contentType(MediaType.parseMediaType("application/x-ndjson"))
                .content(HIT.replace("\n", " ") + "\n" + RCLONE.replace("\n", " ") + "\n")
                .exchange();
        assertThat(result).hasStatusOk();
        JsonNode answer = JSON.readTree(result.getResponse().getContentAsString());
        assertThat(answer.get("matched_events").asInt()).isEqualTo(2);
        assertThat(answer.get("errors").size()).isZero();
        assertThat(answer.get("unwrapped").toString()).isEqualTo("{\"elasticsearch_hit\":1}");
        assertThat(answer.has("notices")).isFalse();
    }

    @Test
    void aSearchAnswerSentAsAJsonBatchIsTheBatchOfItsHits() throws Exception {
        String answer = """
                {"took": 3, "timed_out": false, "_shards": {"total": 1, "failed": 0},
                 "hits": {"total": {"value": 2, "relation": "eq"}, "max_score": 1.0, "hits": [%s, %s]},
                 "aggregations": {"hosts": {"buckets": [{"key": "fin-ws-042"}]}}}""".formatted(HIT, HIT.replace("hit-1", "hit-2"));
        var result =
                post("/api/v1/evaluate/_batch?rule_id=" + RCLONE_ID, answer).exchange();
        assertThat(result).hasStatusOk();
        JsonNode batch = JSON.readTree(result.getResponse().getContentAsString());
        assertThat(batch.get("events").asInt()).isEqualTo(2);
        assertThat(batch.get("matched_events").asInt()).isEqualTo(2);
        assertThat(batch.get("unwrapped").toString()).isEqualTo("{\"elasticsearch_hit\":2}");

        var other = post("/api/v1/evaluate/_batch", "{\"took\": 3, \"hits\": {\"total\": 0}}")
                .exchange();
        assertThat(other).hasStatus(400);
        assertThat(other).bodyJson().extractingPath("$.type").isEqualTo("urn:verdict:problem:not-an-array");
    }

    @Test
    void aBatchOfEventsInAnUnknownEnvelopeSaysWhichHoldNothingTheRulesRead() throws Exception {
        String wrapped = "{\"document\": " + RCLONE.replace("\n", " ") + "}";
        String body = String.join(
                        "\n", RCLONE.replace("\n", " "), wrapped, wrapped, wrapped, wrapped, wrapped, wrapped, wrapped)
                + "\n";
        var result = mvc.post()
                .uri("/api/v1/evaluate/_batch")
                .contentType(MediaType.parseMediaType("application/x-ndjson"))
                .content(body)
                .exchange();
        JsonNode answer = JSON.readTree(result.getResponse().getContentAsString());
        assertThat(answer.get("matched_events").asInt()).isEqualTo(1);
        assertThat(answer.has("unwrapped")).isFalse();
        assertThat(answer.get("notices").get(0).asString())
                .isEqualTo("7 events hold none of the fields the selected"
                        + " rules read (lines 2, 3, 4, 5, 6, …); are they wrapped?");

        var streamed = mvc.post()
                .uri("/api/v1/evaluate/_batch")
                .contentType(MediaType.parseMediaType("application/x-ndjson"))
                .accept(MediaType.parseMediaType("application/x-ndjson"))
                .content(body)
                .exchange();
        String last = streamed.getResponse()
                .getContentAsString()
                .strip()
                .lines()
                .reduce((a, b) -> b)
                .orElseThrow();
        assertThat(JSON.readTree(last).get("notices").get(0).asString()).startsWith("7 events hold none");
    }

    @Test
    void anEventWrappedInAnUnknownEnvelopeGetsAWarningNotASilentNoMatch() throws Exception {
        JsonNode verdict = verdict("/api/v1/evaluate", """
                {"document": %s}""".formatted(RCLONE));
        assertThat(verdict.get("matched").asBoolean()).isFalse();
        assertThat(verdict.get("warnings").toString()).contains(VerdictWarnings.NOTHING_READ);
        assertThat(verdict.has("envelope")).isFalse();
    }

    @Test
    void anOrdinaryEventThatMatchesNothingHasNoWarning() throws Exception {
        JsonNode verdict = verdict("/api/v1/evaluate", """
                {"event": {"category": "process", "type": "start"}, "process": {"name": "notepad.exe"}}""");
        assertThat(verdict.get("matched").asBoolean()).isFalse();
        assertThat(verdict.get("warnings").size()).isZero();
        assertThat(verdict.has("envelope")).isFalse();
    }

    @Test
    void everyAlertHasAStableIdEntitiesAndFlatAttackIds() throws Exception {
        JsonNode first = verdict("/api/v1/evaluate?rule_id=" + RCLONE_ID, RCLONE)
                .get("alerts")
                .get(0);
        JsonNode again = verdict("/api/v1/evaluate?rule_id=" + RCLONE_ID, RCLONE)
                .get("alerts")
                .get(0);
        JsonNode hit = verdict("/api/v1/evaluate?rule_id=" + RCLONE_ID, HIT)
                .get("alerts")
                .get(0);
        assertThat(first.get("id").asString()).matches("[0-9a-f]{64}");
        assertThat(again.get("id").asString()).isEqualTo(first.get("id").asString());
        assertThat(hit.get("id").asString()).isNotEqualTo(first.get("id").asString());
        assertThat(first.get("entities").toString()).isEqualTo("""
                {"host.name":"fin-ws-042","host.id":"h-42","user.name":"j.doe","process.name":"TrendFileSecurityCheck.exe"}""");
        assertThat(JSON.convertValue(first.get("tactics"), List.class)).containsExactly("TA0010", "TA0005");
        assertThat(JSON.convertValue(first.get("techniques"), List.class))
                .contains("T1567", "T1567.002", "T1036", "T1036.003");
        assertThat(first.has("threat")).isTrue();
    }
}
