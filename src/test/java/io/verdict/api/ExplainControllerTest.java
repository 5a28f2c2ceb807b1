package io.verdict.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import io.verdict.config.VerdictProperties;

@WebMvcTest(ExplainController.class)
@Import(EvaluateControllerTest.Rules.class)
@EnableConfigurationProperties(VerdictProperties.class)
class ExplainControllerTest {

    @Autowired
    MockMvcTester mvc;

    @Test
    void explainsAMatchAndANonMatch() {
        var match = mvc.post().uri("/api/v1/rules/" + EvaluateControllerTest.RCLONE_ID + "/_explain")
                .contentType(MediaType.APPLICATION_JSON).content(EvaluateControllerTest.RCLONE).exchange();
        assertThat(match).hasStatusOk().bodyJson().isLenientlyEqualTo("""
                {"rule_id": "%s", "language": "eql", "coverage": "evaluated", "routed": true, "matched": true,
                 "alert": {"severity": "medium"}, "explanation": {"result": true, "operator": "and"}}"""
                .formatted(EvaluateControllerTest.RCLONE_ID));

        var miss = mvc.post().uri("/api/v1/rules/" + EvaluateControllerTest.RCLONE_ID + "/_explain")
                .contentType(MediaType.APPLICATION_JSON)
                .content(EvaluateControllerTest.RCLONE.replace("\"windows\"", "\"Windows\"")).exchange();
        assertThat(miss).hasStatusOk().bodyJson().extractingPath("$.matched").isEqualTo(false);
        assertThat(miss).bodyJson().extractingPath("$.explanation.children[1].children[0]").isEqualTo(
                java.util.Map.of("text", "host.os.type == \"windows\"", "result", false, "decisive", true,
                        "values", java.util.Map.of("host.os.type", "Windows"),
                        "hint", "== is case-sensitive: the value differs only in case; : compares ignoring case"));
    }

    @Test
    void unknownRulesAndStatefulRulesAreProblems() {
        assertThat(mvc.post().uri("/api/v1/rules/nope/_explain").contentType(MediaType.APPLICATION_JSON).content("{}"))
                .hasStatus(HttpStatus.NOT_FOUND);
        assertThat(mvc.post().uri("/api/v1/rules/cc7a29ab-6e69-4fc2-90f0-b3e8f600d6b6/_explain")
                .contentType(MediaType.APPLICATION_JSON).content("{}"))
                .hasStatus(HttpStatus.UNPROCESSABLE_CONTENT).bodyJson().extractingPath("$.type")
                .isEqualTo("urn:verdict:problem:not-explainable");
    }
}
