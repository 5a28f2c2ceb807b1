package io.verdict.rule;

import static org.assertj.core.api.Assertions.assertThat;

import io.verdict.Shared;
import io.verdict.query.Problem;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class RuleLoaderTest {

    private static final Pattern EXPECT = Pattern.compile("# expect (error|warning) (\\d+):(\\d+) (.+)");

    private final RuleLoader loader = new RuleLoader();

    /**
     * Each file under {@code bad/} states in {@code # expect error|warning line:column message} comments exactly
     * the problems it must produce; a file with an expected error must not load.
     */
    @TestFactory
    Stream<DynamicTest> badFilesReportEveryProblemAtItsPosition() throws IOException, URISyntaxException {
        Path dir = Path.of(getClass().getResource("bad").toURI());
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.sorted().toList();
        }
        assertThat(files).hasSizeGreaterThan(10);
        return files.stream()
                .map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
                    String content = Files.readString(file);
                    List<String[]> errors = new ArrayList<>();
                    List<String[]> warnings = new ArrayList<>();
                    for (String line : content.split("\n")) {
                        Matcher m = EXPECT.matcher(line);
                        if (m.matches()) {
                            (m.group(1).equals("error") ? errors : warnings)
                                    .add(new String[] {m.group(2), m.group(3), m.group(4)});
                        }
                    }
                    RuleLoad load = loader.parse(content, "bad/" + file.getFileName());
                    assertThat(load.loaded()).as("loads").isEqualTo(errors.isEmpty());
                    assertProblems(load.errors(), errors, "errors");
                    assertProblems(load.warnings(), warnings, "warnings");
                    load.errors().forEach(p -> assertThat(p.origin()).isEqualTo("bad/" + file.getFileName()));
                }));
    }

    private static void assertProblems(List<Problem> actual, List<String[]> expected, String what) {
        List<String> shown = actual.stream().map(Problem::toString).toList();
        assertThat(actual).as(what + ": " + shown).hasSameSizeAs(expected);
        for (String[] e : expected) {
            assertThat(actual)
                    .as("expected %s %s:%s %s in %s", what, e[0], e[1], e[2], shown)
                    .anySatisfy(p -> {
                        assertThat(p.line()).isEqualTo(Integer.parseInt(e[0]));
                        assertThat(p.column()).isEqualTo(Integer.parseInt(e[1]));
                        assertThat(p.message()).startsWith(e[2]);
                    });
        }
    }

    @Test
    void seedRuleLoadsWithItsQueryPositionAndThreat() {
        Path seed = Shared.require("seed/rclone_exfiltration.toml");
        RuleLoad load = loader.load(seed, "seed/rclone_exfiltration.toml");

        assertThat(load.errors()).isEmpty();
        assertThat(load.warnings()).isEmpty();
        Rule rule = load.rule();
        assertThat(rule.ruleId()).isEqualTo("3f4c2b18-9d2e-4b7a-a3c1-8e6d9f2b5c7e");
        assertThat(rule.name()).isEqualTo("Potential Data Exfiltration via Rclone");
        assertThat(rule.type()).isEqualTo(RuleType.EQL);
        assertThat(rule.language()).contains(Language.EQL);
        assertThat(rule.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(rule.riskScore()).isEqualTo(47);
        assertThat(rule.query().index()).hasSize(8).contains("logs-endpoint.events.process-*");
        assertThat(rule.alert().timestampOverride()).isEqualTo("event.ingested");
        assertThat(rule.schedule().from()).isEqualTo("now-9m");
        assertThat(rule.schedule().intervalOrDefault()).isEqualTo("5m");
        assertThat(rule.metadata().integration()).contains("endpoint", "crowdstrike");
        assertThat(rule.note()).startsWith("## Triage and analysis");
        assertThat(rule.setup()).startsWith("## Setup");
        // the query starts on the line after query = ''' (line 95), at column 1
        assertThat(rule.query().text().text()).startsWith("process where host.os.type == \"windows\"");
        assertThat(rule.query().text().line()).isEqualTo(96);
        assertThat(rule.query().text().column()).isEqualTo(1);
        // each [rule.threat.tactic] comes after its technique arrays and still belongs to its entry
        assertThat(rule.threat()).hasSize(2);
        Threat exfiltration = rule.threat().get(0);
        assertThat(exfiltration.framework()).isEqualTo("MITRE ATT&CK");
        assertThat(exfiltration.tactic().id()).isEqualTo("TA0010");
        assertThat(exfiltration.technique()).extracting(Technique::id).containsExactly("T1048", "T1567");
        assertThat(exfiltration.technique().get(1).subtechnique())
                .extracting(MitreRef::id)
                .containsExactly("T1567.002");
        Threat evasion = rule.threat().get(1);
        assertThat(evasion.tactic().name()).isEqualTo("Defense Evasion");
        assertThat(evasion.technique().get(0).subtechnique().get(0).reference())
                .isEqualTo("https://attack.mitre.org/techniques/T1036/003/");
    }

    @Test
    void readsMappingsFiltersSuppressionTransformAndTypeBlocks() {
        String toml = """
                [metadata]
                creation_date = "2026/01/01"
                updated_date = "2026/02/01"
                maturity = "production"
                integration = "endpoint"

                [rule]
                author = ["Verdict"]
                description = "Many failed logons."
                name = "Brute Force (test)"
                risk_score = 47
                rule_id = "00000000-0000-4000-8000-000000000002"
                severity = "medium"
                type = "threshold"
                language = "kuery"
                index = ["logs-system.auth-*"]
                query = "event.category:authentication and event.outcome:failure"
                rule_name_override = "message"
                building_block_type = "default"
                max_signals = 5
                note = "Check $investigate_0 and $osquery_0."

                [rule.threshold]
                field = ["source.ip"]
                value = 25
                [[rule.threshold.cardinality]]
                field = "user.name"
                value = 5

                [[rule.severity_mapping]]
                field = "event.severity"
                operator = "equals"
                value = "73"
                severity = "high"

                [[rule.risk_score_mapping]]
                field = "event.risk_score"
                operator = "equals"
                value = ""

                [rule.alert_suppression]
                group_by = ["host.name"]
                missing_fields_strategy = "suppress"
                [rule.alert_suppression.duration]
                unit = "h"
                value = 6

                [rule.investigation_fields]
                field_names = ["source.ip", "user.name"]

                [[rule.filters]]
                [rule.filters.meta]
                negate = true
                [rule.filters.query.wildcard."file.path"]
                value = "C:\\\\Windows\\\\*"
                case_insensitive = true

                [[transform.osquery]]
                label = "Processes"
                query = "SELECT * FROM processes"

                [[transform.investigate]]
                label = "Logons from the source"
                providers = [[{ excluded = false, field = "source.ip", queryType = "phrase", value = "{{source.ip}}", valueType = "string" }]]
                relativeFrom = "now-1h"
                relativeTo = "now"
                """;
        RuleLoad load = loader.parse(toml, "inline.toml");

        assertThat(load.errors()).isEmpty();
        assertThat(load.warnings()).isEmpty();
        Rule rule = load.rule();
        Threshold threshold = rule.typeBlock(Threshold.class).orElseThrow();
        assertThat(threshold.field()).containsExactly("source.ip");
        assertThat(threshold.value()).isEqualTo(25);
        assertThat(threshold.cardinality()).containsExactly(new Threshold.Cardinality("user.name", 5));
        assertThat(rule.alert().severityMapping())
                .containsExactly(new SeverityMapping("event.severity", "equals", "73", Severity.HIGH));
        assertThat(rule.alert().riskScoreMapping())
                .extracting(RiskScoreMapping::field)
                .containsExactly("event.risk_score");
        assertThat(rule.alert().alertSuppression().duration()).isEqualTo(new AlertSuppression.Duration(6, "h"));
        assertThat(rule.alert().investigationFields()).containsExactly("source.ip", "user.name");
        assertThat(rule.alert().buildingBlock()).isTrue();
        assertThat(rule.alert().ruleNameOverride()).isEqualTo("message");
        assertThat(rule.alert().maxSignals()).isEqualTo(5);
        assertThat(rule.metadata().integration()).containsExactly("endpoint");
        assertThat(rule.query().filters()).hasSize(1);
        assertThat(rule.query().filters().get(0))
                .extractingByKey("query")
                .asString()
                .contains("file.path", "C:\\Windows\\*");
        assertThat(InvestigationGuide.render(rule))
                .isEqualTo(
                        "Check [Investigate: Logons from the source] `source.ip: \"{{source.ip}}\"` from now-1h to now and"
                                + " [Osquery: Processes] `SELECT * FROM processes`.");
        assertThat(InvestigationGuide.render(
                        rule,
                        f -> f.equals("source.ip") ? java.util.Optional.of("10.1.2.3") : java.util.Optional.empty()))
                .contains("source.ip: \"10.1.2.3\"");
    }

    @Test
    void aNonUuidRuleIdLoadsWithAWarning() {
        String toml = """
                [metadata]
                creation_date = "2026/01/01"
                updated_date = "2026/01/01"
                [rule]
                author = ["Verdict"]
                description = "d"
                name = "Named Rule"
                risk_score = 21
                rule_id = "verdict-local-1"
                severity = "low"
                type = "eql"
                language = "eql"
                query = "any where true"
                """;
        RuleLoad load = loader.parse(toml, "x.toml");
        assertThat(load.loaded()).isTrue();
        assertThat(load.warnings())
                .extracting(Problem::toString)
                .containsExactly("x.toml:9:1: 'rule.rule_id' is not a UUID: \"verdict-local-1\"");
        assertThat(load.rule().query().text().positionOf(0)).hasToString("13:10");
    }
}
