package io.verdict.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.verdict.Shared;
import io.verdict.rule.RuleFixtures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line, run in-process: exit codes and what it prints. */
class CliTest {

    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {}

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Cli.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theTeamRulesPassTheirOwnTests() throws IOException {
        Path junit = dir.resolve("report.xml");
        Run run = run("test", "--rules", "rules", "--junit", junit.toString());
        assertThat(run.exit()).as(run.out()).isZero();
        assertThat(run.out())
                .contains("PASSED Rclone File Transfer to a Remote Back End")
                .doesNotContain("FAILED")
                .containsPattern("\\d+ passed, 0 failed, 0 skipped");
        assertThat(Files.readString(junit))
                .startsWith("<?xml")
                .contains("<testsuite name=\"rules/exfiltration/rclone_data_exfiltration.tests.toml\"");
    }

    @Test
    void aRuleEditedToUseEqualsWhereColonWasMeantFailsItsTest() throws IOException {
        Path rules = Files.createDirectories(dir.resolve("rules"));
        String rule = Files.readString(Path.of("rules/exfiltration/rclone_data_exfiltration.toml"))
                .replace("process.name : \"rclone.exe\"", "process.name == \"rclone.exe\"");
        Files.writeString(rules.resolve("rclone.toml"), rule);
        Files.copy(
                Path.of("rules/exfiltration/rclone_data_exfiltration.tests.toml"), rules.resolve("rclone.tests.toml"));

        Run run = run("test", "--rules", rules.toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out())
                .contains(
                        "rclone.tests.toml:15: FAILED Rclone File Transfer to a Remote Back End / rclone by"
                                + " file name, any case (':' ignores case), sync sub-command: expected an alert, got none from 1 event(s)");
    }

    @Test
    void validatePrintsEachProblemWithItsPositionAndFails() throws IOException {
        Path rules = Files.createDirectories(dir.resolve("rules"));
        Files.copy(Path.of("rules/exfiltration/rclone_data_exfiltration.toml"), rules.resolve("good.toml"));
        Files.writeString(
                rules.resolve("broken.toml"),
                Files.readString(Path.of("rules/exfiltration/rclone_data_exfiltration.toml"))
                        .replace("03af6f85-dce1-481e-9437-ac6e5796a2ca", "03af6f85-dce1-481e-9437-ac6e5796a2cb")
                        .replace("process.args : (\"copy\", \"sync\")", "process.args : (\"copy\", \"sync\""));

        Run run = run("validate", "--rules", rules.toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).startsWith("rules/broken.toml:").contains("^");
        assertThat(run.err()).contains("2 rules from 2 files, 1 errors");
    }

    @Test
    void validateReportsEveryProblemOfAFileInOneRun() throws IOException {
        Path rules = Files.createDirectories(dir.resolve("rules"));
        String good = Files.readString(Path.of("rules/exfiltration/rclone_data_exfiltration.toml"));
        // three metadata mistakes in one file
        Files.writeString(
                rules.resolve("metadata.toml"),
                good.replace("03af6f85-dce1-481e-9437-ac6e5796a2ca", "03af6f85-dce1-481e-9437-ac6e5796a2c1")
                        .replace("name = \"Rclone File Transfer to a Remote Back End\"\n", "")
                        .replaceFirst("risk_score = \\d+", "risk_score = 210")
                        .replaceFirst("severity = \"\\w+\"", "severity = \"urgent\""));
        // two mistakes in one query
        Files.writeString(
                rules.resolve("query.toml"),
                good.replace("03af6f85-dce1-481e-9437-ac6e5796a2ca", "03af6f85-dce1-481e-9437-ac6e5796a2c2")
                        .replace(
                                "process.args : (\"copy\", \"sync\")",
                                "lenght(process.args) > 2 and cidrMatch(source.ip, \"x\")"));

        // and a file with both: its query is checked although its metadata keeps it from loading
        Files.writeString(
                rules.resolve("both.toml"),
                good.replace("03af6f85-dce1-481e-9437-ac6e5796a2ca", "03af6f85-dce1-481e-9437-ac6e5796a2c3")
                        .replaceFirst("risk_score = \\d+", "risk_score = 210")
                        .replace("process.args : (\"copy\", \"sync\")", "lenght(process.args) > 2"));

        Run run = run("validate", "--rules", rules.toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out().lines().filter(line -> line.startsWith("rules/both.toml:")))
                .anySatisfy(line -> assertThat(line).contains("'rule.risk_score' must be between 0 and 100, found 210"))
                .anySatisfy(line -> assertThat(line).contains("unknown function [lenght]"))
                .hasSize(2);
        assertThat(run.out().lines().filter(line -> line.startsWith("rules/") && !line.startsWith("rules/both.toml:")))
                .anySatisfy(line -> assertThat(line)
                        .startsWith("rules/metadata.toml:")
                        .endsWith("missing required field 'rule.name'"))
                .anySatisfy(line -> assertThat(line)
                        .startsWith("rules/metadata.toml:")
                        .contains("'rule.risk_score' must be between 0 and 100, found 210"))
                .anySatisfy(line ->
                        assertThat(line).startsWith("rules/metadata.toml:").contains("'rule.severity' must be one of"))
                .anySatisfy(
                        line -> assertThat(line).startsWith("rules/query.toml:").contains("unknown function [lenght]"))
                .anySatisfy(line -> assertThat(line)
                        .startsWith("rules/query.toml:")
                        .contains("[x] is not a valid IPv4 or IPv6 CIDR block"))
                .hasSize(5);
        assertThat(run.err()).contains("7 errors");
    }

    @Test
    void validateTheElasticCorpusPrintsOnlyItsUnknownFieldWarningsAndSucceeds() {
        Path corpus = Shared.require("corpus/detection-rules");
        Run run = run("validate", "--rules", corpus.toString());
        assertThat(run.exit()).isZero();
        // unknown fields, and the ES|QL rules skipped for asking a language model or reading a field as its use needs
        assertThat(run.out().lines()).allSatisfy(line -> assertThat(line).contains(": warning: "));
        assertThat(run.out().lines().filter(line -> line.contains(" is not a known field")))
                .hasSize(966);
        assertThat(run.out().lines().filter(line -> line.contains("asks a language model (COMPLETION)")))
                .hasSize(7);
        assertThat(run.out().lines().filter(line -> line.contains("is needed: its values are read as")))
                .hasSize(4);
        assertThat(run.out().lines()).hasSize(977);
        assertThat(run.err()).contains("2068 rules from 2068 files, 0 errors, ");

        Run ignoring = run("validate", "--rules", corpus.toString(), "--unknown-fields", "ignore");
        assertThat(ignoring.exit()).isZero();
        assertThat(ignoring.out().lines()).hasSize(11).noneMatch(line -> line.contains(" is not a known field"));
    }

    @Test
    void validatePrintsAnUnknownFieldWithTheNearestKnownOneAndRefuseFails() throws IOException {
        Path rules = Files.createDirectories(dir.resolve("misspelt"));
        Files.writeString(
                rules.resolve("misspelt.toml"),
                Files.readString(Path.of("rules/exfiltration/rclone_data_exfiltration.toml"))
                        .replace("process.args : (\"copy\", \"sync\")", "proces.args : (\"copy\", \"sync\")"));

        Run warned = run("validate", "--rules", rules.toString());
        assertThat(warned.exit()).isZero();
        assertThat(warned.out())
                .contains("misspelt.toml:")
                .contains(": warning: 'proces.args' is not a known field; did you mean 'process.args'?");
        assertThat(warned.err()).contains("0 errors, 1 warnings");

        Run refused = run("validate", "--rules", rules.toString(), "--unknown-fields=refuse");
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.out())
                .contains("'proces.args' is not a known field; did you mean 'process.args'?")
                .contains("^")
                .doesNotContain("warning:");
        assertThat(refused.err()).contains("1 errors");

        assertThat(run("validate", "--unknown-fields", "loud").exit()).isEqualTo(2);
    }

    @Test
    void evaluateWritesAlertsAndReportsBadLines() {
        Run run = run("evaluate", "--rules", "rules", "http-examples/events/batch.ndjson");
        String[] lines = run.out().split("\n");
        assertThat(lines).hasSize(3);
        assertThat(lines[0])
                .startsWith("{\"type\":\"alert\",\"line\":1,\"alert\":{\"id\":\"")
                .contains("\"rule\":{\"rule_id\":\"03af6f85");
        assertThat(lines[1]).startsWith("{\"type\":\"error\",\"line\":3,\"message\":\"not a JSON object");
        assertThat(lines[2]).startsWith("{\"type\":\"alert\",\"line\":4,");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("3 events, 2 alerts, 1 bad lines");
    }

    @Test
    void evaluateSaysWhatItUnwrappedAndWhichEventsHoldNothingTheRulesRead() throws IOException {
        String event = Files.readString(Path.of("http-examples/events/rclone-copy-to-s3.json"))
                .replace("\n", " ");
        Path events = Files.writeString(
                dir.resolve("wrapped.ndjson"),
                String.join(
                                "\n",
                                "{\"_index\": \"logs-endpoint.events.process-default\", \"_id\": \"1\", \"_source\": "
                                        + event + "}",
                                "{\"document\": " + event + "}",
                                "{\"document\": " + event + "}")
                        + "\n");

        Run run = run("evaluate", "--rules", "rules", events.toString());

        assertThat(run.out()).startsWith("{\"type\":\"alert\",\"line\":1,");
        assertThat(run.err())
                .contains("; unwrapped {elasticsearch_hit=1}")
                .contains("2 events hold none of the fields the rules read (lines 2, 3); are they wrapped?");
    }

    @Test
    void evaluateChainsItsAlertsToTheRulesOverTheAlertsIndexUnlessToldNot() throws IOException {
        Path rules = Files.createDirectories(dir.resolve("rules"));
        Files.writeString(
                rules.resolve("dropper.toml"),
                RuleFixtures.toml("00000000-0000-4000-8000-00000000c001", "Dropper Started", "high", """
                type = "query"
                language = "kuery"
                index = ["logs-endpoint.events.process-*"]
                query = "process.name:drop.exe"
                """));
        Files.writeString(
                rules.resolve("two_alerts.toml"),
                RuleFixtures.toml("00000000-0000-4000-8000-00000000c002", "Two Alerts On Host", "critical", """
                type = "threshold"
                language = "kuery"
                index = [".alerts-security.*"]
                query = "kibana.alert.severity:high"
                [rule.threshold]
                field = ["host.name"]
                value = 2
                """));
        String event =
                "{\"_id\": \"proc-%d\", \"@timestamp\": \"2026-11-27T10:00:0%d.000Z\", \"data_stream\": {\"type\":"
                        + " \"logs\", \"dataset\": \"endpoint.events.process\", \"namespace\": \"default\"}, \"host\":"
                        + " {\"name\": \"ws-1\"}, \"process\": {\"name\": \"drop.exe\"}}";
        Path events = Files.writeString(
                dir.resolve("events.ndjson"), event.formatted(1, 1) + "\n" + event.formatted(2, 2) + "\n");

        Run run = run("evaluate", "--rules", rules.toString(), "--no-cache", events.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        String[] lines = run.out().split("\n");
        assertThat(lines).hasSize(3);
        assertThat(lines[0]).startsWith("{\"type\":\"alert\",\"line\":1,").contains("\"name\":\"Dropper Started\"");
        assertThat(lines[1]).startsWith("{\"type\":\"alert\",\"line\":2,").contains("\"name\":\"Dropper Started\"");
        assertThat(lines[2]).startsWith("{\"type\":\"alert\",\"line\":2,").contains("\"name\":\"Two Alerts On Host\"");
        assertThat(run.err()).contains("2 events, 3 alerts (1 of rules over alerts, from alerts), 0 bad lines");

        Run unchained = run("evaluate", "--rules", rules.toString(), "--no-cache", "--no-chain", events.toString());
        assertThat(unchained.out().split("\n"))
                .hasSize(2)
                .allSatisfy(l -> assertThat(l).contains("Dropper Started"));
        assertThat(unchained.err()).contains("2 events, 2 alerts, 0 bad lines");
    }

    @Test
    void badUsageExitsWithTwo() {
        assertThat(run("evaluate").exit()).isEqualTo(2);
        assertThat(run("test", "--nope").exit()).isEqualTo(2);
        assertThat(run("evaluate", "--format", "xml", "x").exit()).isEqualTo(2);
        assertThat(Cli.handles(new String[] {"validate"})).isTrue();
        assertThat(Cli.handles(new String[] {"--server.port=9090"})).isFalse();
    }
}
