package io.verdict.rule;

import io.verdict.query.Problem;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Small rules and rule sets for tests of the layers above the loader. */
public final class RuleFixtures {

    private RuleFixtures() {}

    /** A minimal valid rule file; {@code body} is appended to {@code [rule]} (type, language, query, threat...). */
    public static String toml(String ruleId, String name, String severity, String body) {
        return """
                [metadata]
                creation_date = "2026/01/01"
                updated_date = "2026/01/01"
                maturity = "production"
                [rule]
                author = ["Verdict"]
                description = "A rule for tests."
                name = "%s"
                risk_score = %d
                rule_id = "%s"
                severity = "%s"
                """.formatted(name, riskScore(severity), ruleId, severity) + body;
    }

    public static Rule rule(String ruleId, String name, String severity, String body) {
        RuleLoad load =
                new RuleLoader().parse(toml(ruleId, name, severity, body), "rules/" + name.replace(' ', '_') + ".toml");
        if (!load.loaded()) {
            throw new IllegalArgumentException(load.errors().toString());
        }
        return load.rule();
    }

    public static final String EXFILTRATION_THREAT = """
            [[rule.threat]]
            framework = "MITRE ATT&CK"
            [[rule.threat.technique]]
            id = "T1567"
            name = "Exfiltration Over Web Service"
            reference = "https://attack.mitre.org/techniques/T1567/"
            [[rule.threat.technique.subtechnique]]
            id = "T1567.002"
            name = "Exfiltration to Cloud Storage"
            reference = "https://attack.mitre.org/techniques/T1567/002/"
            [rule.threat.tactic]
            id = "TA0010"
            name = "Exfiltration"
            reference = "https://attack.mitre.org/tactics/TA0010/"
            """;

    /** A new_terms rule on {@code host.name} over successful events, with a 7-day history. */
    public static Rule newTermsOnHost(String ruleId, String name) {
        return rule(ruleId, name, "low", """
                type = "new_terms"
                language = "kuery"
                query = "event.outcome:success"
                [rule.new_terms]
                field = "new_terms_fields"
                value = ["host.name"]
                [[rule.new_terms.history_window_start]]
                field = "history_window_start"
                value = "now-7d"
                """);
    }

    /** Three rules of three types and one load error. */
    public static RuleSet sampleSet() {
        Rule eql = rule(
                "00000000-0000-4000-8000-000000000001", "Rclone Exfiltration", "medium", """
                type = "eql"
                language = "eql"
                tags = ["Tactic: Exfiltration", "OS: Windows"]
                note = "Look at the process."
                query = '''
                process where process.name : "rclone.exe"
                '''
                """ + EXFILTRATION_THREAT);
        Rule kql = rule("00000000-0000-4000-8000-000000000002", "Security Log Cleared", "high", """
                type = "query"
                language = "kuery"
                tags = ["OS: Windows"]
                query = "event.code:1102"
                """);
        Rule threshold = rule("00000000-0000-4000-8000-000000000003", "Logon Failures Burst", "low", """
                type = "threshold"
                language = "kuery"
                building_block_type = "default"
                query = "event.outcome:failure"
                [rule.threshold]
                field = ["source.ip"]
                value = 25
                """);
        Problem error = new Problem(
                "rules/bad.toml",
                12,
                1,
                "'rule.severity' must be one of low, medium, high, critical, found \"urgent\"",
                "severity = \"urgent\"",
                0);
        return new RuleSet(
                List.of(eql, kql, threshold),
                List.of(error),
                List.of(),
                4,
                Instant.parse("2026-11-27T10:00:00Z"),
                Duration.ofMillis(12));
    }

    private static int riskScore(String severity) {
        return switch (severity) {
            case "low" -> 21;
            case "medium" -> 47;
            case "high" -> 73;
            default -> 99;
        };
    }
}
