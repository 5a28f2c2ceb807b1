package io.verdict.battery;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The rules the battery writes for the service, one of each kind (single-event EQL, KQL query, threshold,
 * new_terms, EQL sequence), and the events that make them alert. Kept small and self-contained, so the battery runs
 * the same with or without the Elastic corpus beside it.
 */
final class BatteryRules {

    static final String EQL_ID = id("eql");
    static final String KQL_ID = id("kql");
    static final String THRESHOLD_ID = id("threshold");
    static final String NEW_TERMS_ID = id("new-terms");
    static final String SEQUENCE_ID = id("sequence");

    /** An event the single-event EQL rule alerts on. */
    static final String ALERTING_EVENT = """
            {"@timestamp":"2026-12-01T00:00:00.000Z","event":{"category":["process"],"type":["start"],"kind":"event"},\
            "host":{"id":"h-1","name":"battery-host","os":{"type":"windows"}},"user":{"name":"u-1"},\
            "process":{"name":"battery.exe","entity_id":"p-1","executable":"C:\\\\Users\\\\u\\\\AppData\\\\Local\\\\Temp\\\\battery.exe",\
            "args":["battery.exe","copy","share"],"command_line":"battery.exe copy share"}}""";

    /** An event the KQL query rule alerts on. */
    static final String KQL_EVENT = """
            {"@timestamp":"2026-12-01T00:00:01.000Z","event":{"category":["network"],"action":"battery-beacon"},\
            "host":{"id":"h-1","name":"battery-host"},"destination":{"ip":"203.0.113.9","port":4444}}""";

    private BatteryRules() {}

    /** A stable UUID per name, so rule ids are the same on every run (and are UUIDs: no warnings). */
    static String id(String name) {
        return UUID.nameUUIDFromBytes(("verdict-battery-" + name).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    /** A whole rule file; {@code extra} is TOML appended inside {@code [rule]} after the query (threshold, new_terms). */
    static String rule(String id, String name, String type, String language, String query, String extra) {
        return """
                [metadata]
                creation_date = "2026/12/01"
                updated_date = "2026/12/01"
                maturity = "development"

                [rule]
                author = ["Verdict battery"]
                description = "Written by the reliability battery."
                name = "%s"
                risk_score = 47
                rule_id = "%s"
                severity = "medium"
                type = "%s"
                language = "%s"
                query = '''
                %s
                '''
                %s""".formatted(name, id, type, language, query, extra);
    }

    static Map<String, String> files() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put(
                "battery_eql.toml",
                rule(
                        EQL_ID,
                        "Battery EQL process",
                        "eql",
                        "eql",
                        "process where event.type == \"start\" and process.name : \"battery.exe\" and process.args : \"copy\"",
                        ""));
        files.put(
                "battery_kql.toml",
                rule(
                        KQL_ID,
                        "Battery KQL beacon",
                        "query",
                        "kuery",
                        "event.category:network and event.action:\"battery-beacon\"",
                        ""));
        files.put(
                "battery_threshold.toml",
                rule(
                        THRESHOLD_ID,
                        "Battery threshold failed logons",
                        "threshold",
                        "kuery",
                        "event.category:authentication and event.outcome:failure and source.ip:* and user.name:*",
                        """

                [rule.threshold]
                field = ["source.ip", "user.name"]
                value = 25
                """));
        files.put(
                "battery_new_terms.toml",
                rule(
                        NEW_TERMS_ID,
                        "Battery new_terms logon",
                        "new_terms",
                        "kuery",
                        "event.category:authentication and event.outcome:success and host.id:* and user.name:*",
                        """

                [rule.new_terms]
                field = "new_terms_fields"
                value = ["host.id", "user.name"]

                [[rule.new_terms.history_window_start]]
                field = "history_window_start"
                value = "now-7d"
                """));
        files.put(
                "battery_sequence.toml",
                rule(SEQUENCE_ID, "Battery sequence temp binary then connection", "eql", "eql", """
                sequence by host.id, process.entity_id with maxspan=1h
                  [process where event.type == "start" and process.executable : "?:\\\\Users\\\\*\\\\Temp\\\\*"]
                  [network where event.action == "connection_attempted"]""", ""));
        return files;
    }

    /** Writes the battery's rules into a new directory; returns it. */
    static Path write(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (Map.Entry<String, String> file : files().entrySet()) {
            Files.writeString(dir.resolve(file.getKey()), file.getValue());
        }
        return dir;
    }

    /** A rule file whose query does not compile, so the rule errors endpoint has something to show. */
    static String brokenRule() {
        return rule(id("broken"), "Battery broken query", "eql", "eql", "process where process.name ==== \"x\"", "");
    }
}
