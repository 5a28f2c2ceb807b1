package io.verdict.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.verdict.config.VerdictProperties;
import io.verdict.engine.Detections;
import io.verdict.lifecycle.RuleChanges;
import io.verdict.lifecycle.RuleTestGate;
import io.verdict.ruletest.RuleTestFile;
import io.verdict.ruletest.RuleTestLoader;
import io.verdict.ruletest.RuleTestResult;
import io.verdict.ruletest.RuleTestRunner;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Rule test cases: run posted ones, and the outcome of the rules' own cases at the last load. */
@RestController
@RequestMapping("/api/v1/rules")
@Tag(name = "Rules")
class RuleTestController {

    private final Detections detections;
    private final RuleChanges changes;
    private final long maxSize;

    RuleTestController(Detections detections, RuleChanges changes, VerdictProperties properties) {
        this.detections = detections;
        this.changes = changes;
        this.maxSize = properties.rules().maxUploadSize().toBytes();
    }

    /** What a run of posted cases gives: each case's outcome, and the counts. */
    record TestRun(int passed, int failed, int skipped, List<RuleTestResult> results) {}

    @PostMapping(
            path = "/_test",
            consumes = {"application/toml", MediaType.TEXT_PLAIN_VALUE},
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "Run test cases",
            description =
                    "Runs a posted rule test file (the x.tests.toml format:"
                            + " rule_id and [[case]] tables with name, expect = alert|none, optional severity and risk_score, and"
                            + " events) against the loaded rule, each case in a fresh state, as the evaluate API decides events.",
            requestBody =
                    @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            required = true,
                            content = @Content(mediaType = "application/toml", examples = @ExampleObject(value = """
                            rule_id = "03af6f85-dce1-481e-9437-ac6e5796a2ca"
                            [[case]]
                            name = "a plain process start does not alert"
                            expect = "none"
                            events = ['{"event": {"category": "process", "type": "start"}, "process": {"name": "notepad.exe"}}']
                            """))))
    @ApiResponse(
            responseCode = "200",
            description = "every case's outcome (a file with problems: each as a failed case)")
    TestRun test(HttpServletRequest request) throws IOException {
        String text;
        try (InputStream in = new LimitedInputStream(request.getInputStream(), maxSize)) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        RuleTestFile file = new RuleTestLoader().parse(text, "posted.tests.toml", null);
        List<RuleTestResult> results = new RuleTestRunner(detections.current()).run(file);
        int failed = (int) results.stream().filter(RuleTestResult::failed).count();
        int skipped = (int) results.stream()
                .filter(r -> r.outcome() == RuleTestResult.Outcome.SKIPPED)
                .count();
        return new TestRun(results.size() - failed - skipped, failed, skipped, results);
    }

    @GetMapping(path = "/_tests", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "Rule test outcomes",
            description = "The outcome of every rule's own test cases (x.tests.toml"
                    + " beside x.toml) at the last load or upload: passed, failed and skipped cases, the failing ones with"
                    + " their reason, and whether the rule was refused (verdict.rules.tests=refuse).")
    Map<String, Object> report() {
        RuleTestGate.Report report = changes.testReport();
        return Map.of(
                "mode",
                changes.testMode().name().toLowerCase(),
                "ran_at",
                String.valueOf(report.ranAt()),
                "rules_tested",
                report.rules().size(),
                "rules_failing",
                report.failingRules(),
                "rules",
                report.rules().values());
    }

    @GetMapping(path = "/{rule_id}/_tests", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "A rule's test outcome",
            description = "The outcome of the rule's own test cases at the last"
                    + " load or upload; 404 when the rule has no test file (or no such rule is known).")
    RuleTestGate.Outcome outcome(@PathVariable("rule_id") String ruleId) {
        RuleTestGate.Outcome outcome = changes.testReport().rules().get(ruleId);
        if (outcome == null) {
            throw new BadInputException(
                    org.springframework.http.HttpStatus.NOT_FOUND,
                    "no-test-outcome",
                    "Rule " + ruleId + " has no test file beside it, or no such rule is loaded.",
                    null,
                    null);
        }
        return outcome;
    }
}
