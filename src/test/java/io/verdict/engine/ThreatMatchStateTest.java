package io.verdict.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.verdict.Shared;
import io.verdict.event.Event;
import io.verdict.event.Schema;
import io.verdict.rule.RuleDirectories;
import io.verdict.rule.RuleLoader;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Indicator match beyond which event alerts: what an alert's enrichments hold and how Kibana's document carries
 * them, the indicators and waiting events surviving a snapshot and restore, and the real indicator documents of
 * Elastic's threat-intel integrations being taken by the rules whose mapped fields they have.
 */
class ThreatMatchStateTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String HASH = "aab184d3-72b3-4639-b242-6597c99d8bca";
    private static final String ADDRESS = "0c41e478-5263-4c69-8f9e-7dfd2c22da64";
    private static final String RAPID7 = "3a657da0-1df2-11ef-a327-f661ea17fbcc";
    private static final String MD5 = "44d88612fea8a8f36de82e1278abb02f";

    private static Detector detector;

    @BeforeAll
    static void compile() throws URISyntaxException {
        Path corpus = Shared.require("corpus/detection-rules/rules/threat_intel");
        Path own =
                Path.of(ThreatMatchStateTest.class.getResource("/threat/rules").toURI());
        var set = new RuleDirectories(new RuleLoader(), Clock.systemUTC()).load(List.of(corpus, own));
        detector = new RuleCompiler(Schema.catalog(), Clock.systemUTC()).compile(set);
    }

    private static Plan plan(StateStore store) {
        return detector.plan(Selection.ALL, Plan.Unrouted.ALL_RULES).withState(store);
    }

    private static Event hashIndicator(String id, String md5) {
        return Event.parse("""
                {"_id": "%s", "_index": ".ds-logs-ti_abusech.malware-default-2026.01.01-000001",
                 "@timestamp": "2026-01-20T00:00:00Z",
                 "event": {"kind": "enrichment", "category": "threat", "type": "indicator", "module": "ti_abusech",
                           "dataset": "ti_abusech.malware"},
                 "threat": {"feed": {"name": "AbuseCH Malware"},
                            "indicator": {"type": "file", "provider": "MalwareBazaar", "first_seen": "2026-01-19T00:00:00Z",
                                          "file": {"hash": {"md5": "%s"}, "size": 1024}}}}""".formatted(id, md5));
    }

    private static Event processEvent(String id, String md5, String ingested, String threat) {
        return Event.parse("""
                {"_id": "%s", "_index": "logs-endpoint.events.process-default", "@timestamp": "%s",
                 "event": {"ingested": "%s", "category": "process", "type": "start"},
                 "host": {"name": "ws-1"}, "process": {"name": "x.exe", "hash": {"md5": "%s"}}%s}""".formatted(id, ingested, ingested, md5, threat == null ? "" : ", \"threat\": " + threat));
    }

    @Test
    void anEnrichmentHoldsTheIndicatorItsFeedAndWhatMatched() {
        Plan plan = plan(new StateStore(1000, 1000));
        assertThat(plan.ingestIndicators(List.of(hashIndicator("i-1", MD5)), false)
                        .kept())
                .isEqualTo(1);
        List<Alert> alerts = plan.evaluate(processEvent("e-1", MD5, "2026-01-31T12:00:00Z", null), false)
                .alerts();
        assertThat(alerts).hasSize(1);
        Map<String, Object> enrichment = alerts.get(0).threatEnrichments().get(0);
        JsonNode written = JSON.valueToTree(enrichment);
        assertThat(written.at("/indicator/file/hash/md5").asString()).isEqualTo(MD5);
        assertThat(written.at("/indicator/provider").asString()).isEqualTo("MalwareBazaar");
        assertThat(written.at("/feed/name").asString()).isEqualTo("AbuseCH Malware");
        assertThat(written.at("/matched/atomic").asString()).isEqualTo(MD5);
        assertThat(written.at("/matched/field").asString()).isEqualTo("process.hash.md5");
        assertThat(written.at("/matched/id").asString()).isEqualTo("i-1");
        assertThat(written.at("/matched/index").asString()).isEqualTo("logs-ti_abusech.malware-default");
        assertThat(written.at("/matched/type").asString()).isEqualTo("indicator_match_rule");
        assertThat(JSON.valueToTree(alerts.get(0)).has("threat_enrichments")
                        || JSON.valueToTree(alerts.get(0)).has("threatEnrichments"))
                .isTrue();
    }

    @Test
    void theKibanaDocumentAppendsTheEnrichmentsToThoseTheEventHas() {
        Plan plan = plan(new StateStore(1000, 1000));
        plan.ingestIndicators(List.of(hashIndicator("i-1", MD5)), false);
        String existing = "{\"enrichments\": {\"matched\": {\"type\": \"enrichment\", \"atomic\": \"host-1\"}}, "
                + "\"framework\": \"MITRE ATT&CK\"}";
        Alert alert = plan.evaluate(processEvent("e-1", MD5, "2026-01-31T12:00:00Z", existing), false)
                .alerts()
                .get(0);
        ObjectNode document = KibanaAlerts.document(
                alert, detector.find(HASH).orElseThrow().rule(), Instant.parse("2026-01-31T12:05:00Z"));
        JsonNode enrichments = document.at("/threat/enrichments");
        assertThat(enrichments.isArray()).isTrue();
        assertThat(enrichments).hasSize(2);
        assertThat(enrichments.get(0).at("/matched/type").asString()).isEqualTo("enrichment");
        assertThat(enrichments.get(1).at("/matched/type").asString()).isEqualTo("indicator_match_rule");
        assertThat(enrichments.get(1).at("/matched/atomic").asString()).isEqualTo(MD5);
        assertThat(document.at("/threat/framework").asString()).isEqualTo("MITRE ATT&CK");
        assertThat(document.get("kibana.alert.rule.type").asString()).isEqualTo("threat_match");
    }

    @Test
    void aRapid7EnrichmentHoldsTheVulnerabilityAtItsIndicatorPath() {
        Plan plan = plan(new StateStore(1000, 1000));
        IndicatorIntake intake = plan.ingestIndicators(List.of(Event.parse("""
                {"_id": "cve-1", "_index": "logs-ti_rapid7_threat_command_latest.vulnerability",
                 "@timestamp": "2026-01-30T00:00:00Z", "event": {"module": "ti_rapid7_threat_command"},
                 "vulnerability": {"id": "CVE-2024-3400"},
                 "rapid7": {"tc": {"vulnerability": {"id": "CVE-2024-3400", "cvss_score": 10.0}}}}""")), false);
        assertThat(intake.accepted()).containsEntry(RAPID7, 1);
        Alert alert = plan.evaluate(Event.parse("""
                {"_id": "v-1", "_index": "logs-vuln.scan-default", "@timestamp": "2026-01-31T12:00:00Z",
                 "vulnerability": {"id": "CVE-2024-3400"}}"""), false).alerts().get(0);
        JsonNode enrichment = JSON.valueToTree(alert.threatEnrichments().get(0));
        assertThat(enrichment.at("/indicator/cvss_score").asDouble()).isEqualTo(10.0);
        assertThat(enrichment.at("/matched/field").asString()).isEqualTo("vulnerability.id");
        assertThat(enrichment.at("/feed").isEmpty()).isTrue();
    }

    @Test
    void indicatorsAndWaitingEventsSurviveASnapshotAndRestore() {
        StateStore before = new StateStore(1000, 1000);
        Plan first = plan(before);
        first.ingestIndicators(List.of(hashIndicator("i-kept", MD5)), false);
        String waitingMd5 = "0000000000000000000000000000f00d";
        assertThat(first.evaluate(processEvent("e-waits", waitingMd5, "2026-01-31T11:50:00Z", null), false)
                        .alerts())
                .isEmpty();

        String written = JSON.writeValueAsString(before.snapshot());
        List<Map<String, Object>> read = JSON.readValue(written, new TypeReference<List<Map<String, Object>>>() {});
        StateStore after = new StateStore(1000, 1000);
        List<String> problems = new ArrayList<>();
        after.restore(read, detector, (data, type) -> JSON.convertValue(data, type), problems);
        assertThat(problems).isEmpty();
        after.advanceEventTime(before.latestEventTime());
        Plan second = plan(after);
        assertThat(second.indicatorSummary().indicators()).isEqualTo(1);
        assertThat(second.indicatorSummary().perRule().get(HASH))
                .containsEntry("indicators", 1L)
                .containsEntry("waiting_events", 1L);

        List<Alert> byKept = second.evaluate(processEvent("e-new", MD5, "2026-01-31T12:00:00Z", null), false)
                .alerts();
        assertThat(byKept).extracting(a -> a.rule().ruleId()).containsExactly(HASH);
        IndicatorIntake late = second.ingestIndicators(List.of(hashIndicator("i-late", waitingMd5)), false);
        assertThat(late.alerts())
                .extracting(a -> a.source()
                        .firstValue(io.verdict.event.FieldPath.of("_id"))
                        .asString())
                .containsExactly("e-waits");
    }

    @Test
    void aRuleChangedOrRemovedGivesItsIndicatorsBackAndClearForgetsThemAll() {
        StateStore store = new StateStore(1000, 1000);
        Plan plan = plan(store);
        plan.ingestIndicators(List.of(hashIndicator("i-1", MD5)), false);
        store.retain(detector);
        assertThat(plan.indicatorSummary().indicators()).isEqualTo(1);
        store.retain(Detector.EMPTY);
        assertThat(store.indicators().size()).isZero();
        plan.ingestIndicators(List.of(hashIndicator("i-2", MD5)), false);
        plan.clearIndicators();
        assertThat(plan.indicatorSummary().indicators()).isZero();
        assertThat(plan.indicatorSummary().memoryBytes()).isZero();
    }

    @Test
    void theOldestIndicatorsAreDroppedPastTheBound() {
        StateStore store =
                new StateStore(new StateStore.Limits(1000, 1000, Long.MAX_VALUE, 0, Long.MAX_VALUE, Long.MAX_VALUE, 2));
        Plan plan = plan(store);
        plan.ingestIndicators(
                List.of(
                        hashIndicator("i-1", "00000000000000000000000000000001"),
                        hashIndicator("i-2", "00000000000000000000000000000002"),
                        hashIndicator("i-3", "00000000000000000000000000000003")),
                false);
        IndicatorSummary summary = plan.indicatorSummary();
        assertThat(summary.indicators()).isEqualTo(2);
        assertThat(summary.dropped()).isEqualTo(1);
        assertThat(summary.perRule().get(HASH)).containsEntry("indicators", 2L);
        assertThat(plan.evaluate(
                                processEvent("e-1", "00000000000000000000000000000001", "2026-01-31T12:00:00Z", null),
                                false)
                        .alerts())
                .isEmpty();
        assertThat(plan.evaluate(
                                processEvent("e-3", "00000000000000000000000000000003", "2026-01-31T12:00:00Z", null),
                                false)
                        .alerts())
                .hasSize(1);
    }

    /**
     * The indicator documents of ten threat-intel integrations in the corpus of real events: each is taken by the
     * rules whose mapped indicator field it has. Their event time is set near each (they are years old), and as the
     * sample documents lack {@code event.module}, which the integrations' pipelines set from the dataset, it is set.
     * One last seen two years before its timestamp is expired: stricter than Kibana, which reads only the time
     * bound of the threat query.
     */
    @Test
    void realIntegrationIndicatorsAreTakenByTheRulesOfTheirFields() throws IOException {
        Path events = Shared.require("corpus/ecs-events/all_integrations_sample_events_2022.ndjson");
        int documents = 0;
        for (String line : Files.readAllLines(events)) {
            if (!line.contains("\"dataset\":\"ti_")) {
                continue;
            }
            ObjectNode document = (ObjectNode) JSON.readTree(line);
            String dataset = document.at("/data_stream/dataset").asString();
            ObjectNode event = (ObjectNode) document.get("event");
            if (!event.has("module")) {
                event.put("module", dataset.substring(0, dataset.indexOf('.')));
            }
            StateStore store = new StateStore(1000, 1000);
            store.advanceEventTime(
                    Instant.parse(document.get("@timestamp").asString()).toEpochMilli() + 3_600_000);
            IndicatorIntake intake = plan(store).ingestIndicators(List.of(Event.of(document)), false);
            JsonNode indicator = document.at("/threat/indicator");
            Set<String> expected = new TreeSet<>();
            if (indicator.has("ip")) {
                expected.add(ADDRESS);
            }
            if (indicator.at("/file/hash").isObject()) {
                expected.add(HASH);
            }
            if (indicator.at("/url/full").isString()) {
                expected.add("f3e22c8b-ea47-45d1-b502-b57b6de950b3");
            }
            if (indicator.at("/url/domain").isString()) {
                expected.add("9e7d2c4b-1a5f-4e8b-b3c6-2f4a6d8e0b13");
            }
            if (indicator.has("ip") && indicator.has("port")) {
                expected.add("5b0c4e1a-7f3e-4c2d-9a61-0d3f8e2b7c11");
            }
            // stricter than Kibana: an indicator last seen (else modified) before the time bound is expired too
            String seen = indicator.has("last_seen")
                    ? indicator.get("last_seen").asString()
                    : indicator.has("modified_at")
                            ? indicator.get("modified_at").asString()
                            : null;
            boolean expired = seen != null
                    && Instant.parse(seen)
                            .isBefore(Instant.parse(document.get("@timestamp").asString())
                                    .minus(java.time.Duration.ofDays(31)));
            if (expired && !expected.isEmpty()) {
                expected.clear();
                assertThat(intake.rejected())
                        .as(dataset)
                        .singleElement()
                        .satisfies(r -> assertThat(r.reason()).startsWith("expired"));
            }
            Set<String> taken = new TreeSet<>();
            intake.accepted().forEach((rule, count) -> {
                if (count > 0) {
                    taken.add(rule);
                }
            });
            assertThat(taken).as(dataset).isEqualTo(expected);
            assertThat(intake.rejected()).as(dataset).hasSize(expected.isEmpty() ? 1 : 0);
            documents++;
        }
        assertThat(documents).isEqualTo(11);
    }
}
