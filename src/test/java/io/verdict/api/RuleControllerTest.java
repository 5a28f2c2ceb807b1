package io.verdict.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.verdict.engine.Detections;
import io.verdict.engine.RuleCompiler;
import io.verdict.event.Schema;
import io.verdict.rule.RuleFixtures;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

// the controllers alone: authentication and authorisation are tested against a started server (security/)
@AutoConfigureMockMvc(addFilters = false)
@WebMvcTest(RuleController.class)
@Import(RuleControllerTest.Rules.class)
class RuleControllerTest {

    @TestConfiguration
    static class Rules {
        @Bean
        Detections detections() {
            Detections detections = new Detections(new RuleCompiler(Schema.catalog(), Clock.systemUTC()));
            detections.install(RuleFixtures.sampleSet());
            return detections;
        }
    }

    @Autowired
    MockMvcTester mvc;

    @Test
    void listsRulesByNameWithPaging() {
        assertThat(mvc.get().uri("/api/v1/rules?size=2"))
                .hasStatusOk()
                .bodyJson()
                .isLenientlyEqualTo("""
                        {"page": 0, "size": 2, "total": 3, "items": [
                          {"name": "Logon Failures Burst", "type": "threshold", "language": "kuery", "severity": "low",
                           "risk_score": 21, "building_block": true},
                          {"name": "Rclone Exfiltration", "rule_id": "00000000-0000-4000-8000-000000000001",
                           "type": "eql", "tactics": ["TA0010"], "techniques": ["T1567", "T1567.002"],
                           "file": "rules/Rclone_Exfiltration.toml"}
                        ]}""");
        assertThat(mvc.get().uri("/api/v1/rules?size=2&page=1"))
                .bodyJson()
                .extractingPath("$.items[*].name")
                .asArray()
                .containsExactly("Security Log Cleared");
    }

    @Test
    void filtersCombine() {
        assertThat(names("type=eql")).containsExactly("Rclone Exfiltration");
        assertThat(names("language=kuery")).containsExactly("Logon Failures Burst", "Security Log Cleared");
        assertThat(names("severity=HIGH")).containsExactly("Security Log Cleared");
        assertThat(names("tag=os: windows")).containsExactly("Rclone Exfiltration", "Security Log Cleared");
        assertThat(names("tactic=TA0010")).containsExactly("Rclone Exfiltration");
        assertThat(names("tactic=exfiltration")).containsExactly("Rclone Exfiltration");
        assertThat(names("technique=T1567.002")).containsExactly("Rclone Exfiltration");
        assertThat(names("technique=T1048")).isEmpty();
        assertThat(names("q=LOG&language=kuery")).containsExactly("Logon Failures Burst", "Security Log Cleared");
    }

    private Object[] names(String query) {
        var result = mvc.get().uri("/api/v1/rules?" + query).exchange();
        assertThat(result).hasStatusOk();
        return assertThat(result)
                .bodyJson()
                .extractingPath("$.items[*].name")
                .asArray()
                .actual();
    }

    @Test
    void getReturnsTheWholeRuleInKibanaShape() {
        assertThat(mvc.get().uri("/api/v1/rules/00000000-0000-4000-8000-000000000001"))
                .hasStatusOk()
                .bodyJson()
                .isLenientlyEqualTo("""
                        {"rule_id": "00000000-0000-4000-8000-000000000001", "type": "eql", "language": "eql",
                         "severity": "medium", "risk_score": 47, "note": "Look at the process.",
                         "query": "process where process.name : \\"rclone.exe\\"\\n",
                         "threat": [{"framework": "MITRE ATT&CK",
                                     "tactic": {"id": "TA0010", "name": "Exfiltration"},
                                     "technique": [{"id": "T1567", "subtechnique": [{"id": "T1567.002"}]}]}],
                         "metadata": {"maturity": "production", "creation_date": "2026/01/01"},
                         "source": {"file": "rules/Rclone_Exfiltration.toml", "query_line": 17, "query_column": 1}}""");
        assertThat(mvc.get().uri("/api/v1/rules/00000000-0000-4000-8000-000000000003"))
                .bodyJson()
                .isLenientlyEqualTo("""
                        {"threshold": {"field": ["source.ip"], "value": 25, "cardinality": []},
                         "building_block_type": "default"}""");
    }

    @Test
    void unknownRuleIsA404Problem() {
        var result = mvc.get().uri("/api/v1/rules/nope").exchange();
        assertThat(result)
                .hasStatus(HttpStatus.NOT_FOUND)
                .hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(result).bodyJson().isLenientlyEqualTo("""
                {"type": "urn:verdict:problem:rule-not-found", "title": "Rule not found", "status": 404,
                 "detail": "No rule with rule_id 'nope' is loaded.", "rule_id": "nope",
                 "instance": "/api/v1/rules/nope"}""");
    }

    @Test
    void badFilterValuesAre400Problems() {
        var result = mvc.get().uri("/api/v1/rules?severity=urgent").exchange();
        assertThat(result)
                .hasStatus(HttpStatus.BAD_REQUEST)
                .hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(result).bodyJson().isLenientlyEqualTo("""
                {"type": "urn:verdict:problem:invalid-parameter", "status": 400, "parameter": "severity",
                 "value": "urgent", "allowed": ["low", "medium", "high", "critical"]}""");
    }

    @Test
    void badPagingIsA400Problem() {
        for (String query : new String[] {"size=0", "size=501", "page=-1", "size=ten"}) {
            var result = mvc.get().uri("/api/v1/rules?" + query).exchange();
            assertThat(result)
                    .as(query)
                    .hasStatus(HttpStatus.BAD_REQUEST)
                    .hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
            assertThat(result).bodyJson().extractingPath("$.status").isEqualTo(400);
        }
        assertThat(mvc.get().uri("/api/v1/rules?size=0")).bodyJson().isLenientlyEqualTo("""
                {"type": "urn:verdict:problem:invalid-parameter", "title": "Invalid parameter",
                 "detail": "Parameter 'size' must be greater than or equal to 1, not '0'.",
                 "errors": [{"parameter": "size", "value": "0", "message": "must be greater than or equal to 1"}]}""");
    }

    @Test
    void errorsListFileLineAndColumn() {
        assertThat(mvc.get().uri("/api/v1/rules/errors"))
                .hasStatusOk()
                .bodyJson()
                .isLenientlyEqualTo("""
                {"failed_files": 1, "errors": [{"file": "rules/bad.toml", "line": 12, "column": 1,
                  "message": "'rule.severity' must be one of low, medium, high, critical, found \\"urgent\\"",
                  "source": "severity = \\"urgent\\""}], "warnings": []}""");
    }

    @Test
    void statsCountByTypeLanguageSeverityAndStatus() {
        assertThat(mvc.get().uri("/api/v1/rules/stats"))
                .hasStatusOk()
                .bodyJson()
                .isLenientlyEqualTo("""
                {"total": 3, "files": 4, "by_type": {"eql": 1, "query": 1, "threshold": 1},
                 "by_language": {"eql": 1, "kuery": 2}, "by_severity": {"low": 1, "medium": 1, "high": 1},
                 "by_status": {"loaded": 3, "failed": 1}, "building_blocks": 1,
                 "coverage": {"evaluated": 2, "evaluated:threshold": 1}, "errors": 1, "warnings": 0,
                 "load_time_ms": 12, "loaded_at": "2026-11-27T10:00:00Z"}""");
    }
}
