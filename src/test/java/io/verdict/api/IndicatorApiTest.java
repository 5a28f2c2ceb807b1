package io.verdict.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.verdict.config.VerdictProperties;
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

/**
 * Indicators over HTTP, with the DNS lookup indicator match rule of rules/: taken in as ECS documents or STIX,
 * counted, matched both ways, forgotten.
 */
@AutoConfigureMockMvc(addFilters = false)
@WebMvcTest({IndicatorController.class, EvaluateController.class, StateController.class})
@Import({
    EvaluateControllerTest.Rules.class,
    EvaluationMetrics.class,
    io.verdict.config.ClockAndSchemaConfiguration.class
})
@EnableConfigurationProperties(VerdictProperties.class)
class IndicatorApiTest {

    static final String DNS_RULE = "5b0e8d61-2c4f-4e7a-9d3b-8f1a6c2e4d90";
    static final String DOMAIN = "update-check.example-cdn.net";

    @Autowired
    MockMvcTester mvc;

    @BeforeEach
    void reset() {
        assertThat(mvc.delete().uri("/api/v1/state")).hasStatus(HttpStatus.NO_CONTENT);
        assertThat(mvc.delete().uri("/api/v1/indicators")).hasStatus(HttpStatus.NO_CONTENT);
    }

    static String indicator(String id, String day, String domain, String extra) {
        return ("""
                {"_id": "%s", "@timestamp": "2026-12-%sT08:00:00Z", %s
                 "event": {"kind": "enrichment", "category": ["threat"], "type": ["indicator"], "module": "ti_abusech"},
                 "data_stream": {"type": "logs", "dataset": "ti_abusech.url", "namespace": "default"},
                 "threat": {"indicator": {"type": "url", "provider": "urlhaus", "url": {"domain": "%s"}}}}""").formatted(id, day, extra, domain).replace("\n", "");
    }

    static String lookup(String time, String name) {
        return """
                {"@timestamp": "2026-12-07T%s", "event": {"category": ["network"], "ingested": "2026-12-07T%s"},
                 "data_stream": {"type": "logs", "dataset": "endpoint.events.network", "namespace": "default"},
                 "host": {"name": "ws-17"}, "dns": {"question": {"name": "%s"}}}""".formatted(time, time, name).replace("\n", "");
    }

    @Test
    void documentsAreCountedAndEachRefusalSaysWhy() {
        var answer = mvc.post()
                .uri("/api/v1/indicators")
                .contentType(MediaType.APPLICATION_JSON)
                .content("["
                        + indicator("i-1", "01", DOMAIN, "") + ","
                        + indicator(
                                "i-2", "01", "other.example", "\"labels\": {\"is_ioc_transform_source\": \"true\"},")
                        + ","
                        + "42]")
                .exchange();
        assertThat(answer).hasStatusOk().bodyJson().isLenientlyEqualTo("""
                {"received": 3, "kept": 1, "accepted": {"%s": 1}, "alerts": []}""".formatted(DNS_RULE));
        assertThat(answer).bodyJson().extractingPath("$.rejected[0].position").isEqualTo(1);
        assertThat(answer)
                .bodyJson()
                .extractingPath("$.rejected[0].reason")
                .asString()
                .startsWith("threat_query");
        assertThat(answer).bodyJson().extractingPath("$.rejected[1].position").isEqualTo(2);
        assertThat(answer)
                .bodyJson()
                .extractingPath("$.rejected[1].reason")
                .asString()
                .contains("not an object");

        var summary = mvc.get().uri("/api/v1/indicators").exchange();
        assertThat(summary)
                .hasStatusOk()
                .bodyJson()
                .extractingPath("$.indicators")
                .isEqualTo(1);
        assertThat(summary).bodyJson().extractingPath("$.by_provider.urlhaus").isEqualTo(1);
        assertThat(summary).bodyJson().extractingPath("$.by_type.url").isEqualTo(1);
        assertThat(summary)
                .bodyJson()
                .extractingPath("$.per_rule['" + DNS_RULE + "'].indicators")
                .isEqualTo(1);

        assertThat(mvc.delete().uri("/api/v1/indicators")).hasStatus(HttpStatus.NO_CONTENT);
        assertThat(mvc.get().uri("/api/v1/indicators"))
                .bodyJson()
                .extractingPath("$.indicators")
                .isEqualTo(0);
    }

    @Test
    void anEventMatchingAKeptIndicatorAlertsWithItsEnrichment() {
        assertThat(mvc.post()
                        .uri("/api/v1/indicators")
                        .contentType("application/x-ndjson")
                        .content(indicator("i-1", "06", DOMAIN, "") + "\n"))
                .hasStatusOk();
        var verdict = mvc.post()
                .uri("/api/v1/evaluate?rule_id=" + DNS_RULE)
                .contentType(MediaType.APPLICATION_JSON)
                .content(lookup("10:00:00Z", DOMAIN))
                .exchange();
        assertThat(verdict).hasStatusOk().bodyJson().isLenientlyEqualTo("""
                {"matched": true, "alerts": [{"rule": {"rule_id": "%s"}, "threat_enrichments": [
                  {"matched": {"atomic": "%s", "field": "dns.question.name", "id": "i-1",
                               "index": "logs-ti_abusech.url-default", "type": "indicator_match_rule"},
                   "indicator": {"type": "url", "provider": "urlhaus"}}]}]}""".formatted(DNS_RULE, DOMAIN));
    }

    @Test
    void anIndicatorPostedAfterTheLookupCompletesItInTheAnswer() {
        assertThat(mvc.post()
                        .uri("/api/v1/evaluate?rule_id=" + DNS_RULE)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(lookup("10:00:00Z", DOMAIN)))
                .hasStatusOk()
                .bodyJson()
                .extractingPath("$.matched")
                .isEqualTo(false);
        var answer = mvc.post()
                .uri("/api/v1/indicators")
                .contentType(MediaType.APPLICATION_JSON)
                .content("[" + indicator("i-9", "07", DOMAIN, "") + "]")
                .exchange();
        assertThat(answer).hasStatusOk().bodyJson().isLenientlyEqualTo("""
                {"kept": 1, "alerts": [{"rule": {"rule_id": "%s"}, "entities": {"host.name": "ws-17"},
                  "threat_enrichments": [{"matched": {"atomic": "%s", "id": "i-9"}}]}]}""".formatted(DNS_RULE, DOMAIN));
        // the same indicator again completes nothing new: the lookup has alerted
        assertThat(mvc.post()
                        .uri("/api/v1/indicators")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("[" + indicator("i-9", "07", DOMAIN, "") + "]"))
                .bodyJson()
                .extractingPath("$.alerts")
                .asList()
                .isEmpty();
    }

    @Test
    void aStixBundleIsConvertedAndItsDomainsMatchLookups() {
        String bundle = """
                {"type": "bundle", "id": "bundle--5d0092c5-5f74-4287-9642-33f4c354e56d", "objects": [
                  {"type": "identity", "spec_version": "2.1", "id": "identity--f431f809-377b-45e0-aa1c-6a4751cae5ff",
                   "created": "2026-12-01T00:00:00Z", "modified": "2026-12-01T00:00:00Z", "name": "Example CERT",
                   "identity_class": "organization"},
                  {"type": "indicator", "spec_version": "2.1", "id": "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
                   "created_by_ref": "identity--f431f809-377b-45e0-aa1c-6a4751cae5ff",
                   "created": "2026-12-06T09:00:00Z", "modified": "2026-12-06T09:00:00Z", "name": "C2 domain",
                   "pattern": "[domain-name:value = '%s']", "pattern_type": "stix",
                   "valid_from": "2026-12-06T09:00:00Z"},
                  {"type": "indicator", "spec_version": "2.1", "id": "indicator--1f2e3d4c-5b6a-4978-8695-a4b3c2d1e0f9",
                   "created": "2026-12-06T09:00:00Z", "modified": "2026-12-06T09:00:00Z",
                   "pattern": "[file:name = 'a.exe'] AND [file:size = 10]", "pattern_type": "stix",
                   "valid_from": "2026-12-06T09:00:00Z"}]}""".formatted(DOMAIN);
        var answer = mvc.post()
                .uri("/api/v1/indicators")
                .contentType("application/stix+json")
                .content(bundle)
                .exchange();
        assertThat(answer).hasStatusOk().bodyJson().isLenientlyEqualTo("""
                {"received": 1, "kept": 1, "accepted": {"%s": 1},
                 "stix": {"objects": 3, "indicators": 1, "skipped_types": {"identity": 1}}}""".formatted(DNS_RULE));
        assertThat(answer)
                .bodyJson()
                .extractingPath("$.stix.rejected[0].id")
                .isEqualTo("indicator--1f2e3d4c-5b6a-4978-8695-a4b3c2d1e0f9");
        assertThat(mvc.post()
                        .uri("/api/v1/evaluate?rule_id=" + DNS_RULE)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(lookup("10:00:00Z", DOMAIN)))
                .bodyJson()
                .isLenientlyEqualTo("""
                {"matched": true, "alerts": [{"threat_enrichments": [{"matched": {"atomic": "%s"},
                  "indicator": {"provider": "Example CERT"}}]}]}""".formatted(DOMAIN));
    }

    @Test
    void aBodyThatIsNotStixIsAProblemWithLineAndColumn() {
        assertThat(mvc.post()
                        .uri("/api/v1/indicators")
                        .contentType("application/stix+json")
                        .content("{\"type\": \"bundle\",\n \"objects\": [}"))
                .hasStatus(HttpStatus.BAD_REQUEST)
                .bodyJson()
                .isLenientlyEqualTo("""
                        {"type": "urn:verdict:problem:invalid-stix", "line": 2}""");
    }

    @Test
    void aStixBodyOverALimitIsTooLargeNotAServerError() {
        String deep = "[".repeat(200) + "]".repeat(200);
        assertThat(mvc.post()
                        .uri("/api/v1/indicators")
                        .contentType("application/stix+json")
                        .content("{\"type\": \"bundle\", \"objects\": [{\"type\": \"note\", \"x\": " + deep + "}]}"))
                .hasStatus(HttpStatus.CONTENT_TOO_LARGE)
                .bodyJson()
                .extractingPath("$.type")
                .isEqualTo("urn:verdict:problem:too-large");
    }

    @Test
    void aMalformedJsonBodyIsAProblemNotAServerError() {
        assertThat(mvc.post()
                        .uri("/api/v1/indicators")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("[{\"a\": "))
                .hasStatus(HttpStatus.BAD_REQUEST);
        assertThat(mvc.post()
                        .uri("/api/v1/indicators")
                        .contentType(MediaType.TEXT_PLAIN)
                        .content("x"))
                .hasStatus(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
    }
}
