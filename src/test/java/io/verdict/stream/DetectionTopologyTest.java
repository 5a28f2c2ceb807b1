package io.verdict.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Properties;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.verdict.engine.Detector;
import io.verdict.engine.RuleCompiler;
import io.verdict.engine.StateStore;
import io.verdict.event.Schema;
import io.verdict.rule.Rule;
import io.verdict.rule.RuleFixtures;
import io.verdict.rule.RuleSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The detection topology on Kafka Streams' test driver: what reaches the alerts, dead-letter and state topics. */
class DetectionTopologyTest {

    static final Rule PROCESS = RuleFixtures.rule("00000000-0000-4000-8000-0000000000a1", "Certutil", "high", """
            type = "eql"
            language = "eql"
            query = 'process where process.name == "certutil.exe"'
            """);
    static final Rule THRESHOLD = RuleFixtures.rule("00000000-0000-4000-8000-0000000000a2", "Two Failures", "low", """
            type = "threshold"
            language = "kuery"
            query = "event.outcome:failure"
            [rule.threshold]
            field = ["user.name"]
            value = 2
            """);
    static final Rule NEW_TERMS = RuleFixtures.newTermsOnHost("00000000-0000-4000-8000-0000000000a3", "New Host");
    static final Rule SEQUENCE = RuleFixtures.rule("00000000-0000-4000-8000-0000000000a4", "Start Then Connect", "low", """
            type = "eql"
            language = "eql"
            query = 'sequence by host.name with maxspan=5m [process where event.type == "start"] [network where true]'
            """);

    static final String APP = "verdict-test";
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path stateDir;
    private TopologyTestDriver driver;
    private TestInputTopic<String, String> events;
    private TestOutputTopic<String, String> alerts;
    private TestOutputTopic<byte[], byte[]> deadLetters;

    static Detector detector(Rule... rules) {
        return new RuleCompiler(Schema.catalog(), CLOCK).compile(new RuleSet(List.of(rules), List.of(), List.of(),
                rules.length, Instant.now(), Duration.ZERO));
    }

    static StreamSettings settings(long graceMillis) {
        return new StreamSettings(List.of("events"), "alerts", "dead-letters", AlertFormat.VERDICT, false,
                graceMillis, 1 << 20, 100, CLOCK);
    }

    private void start(Detector detector, StreamSettings settings) {
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, APP);
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(new DetectionTopology(settings, () -> detector,
                StateStore.Limits.entries(10_000, 10_000)).build(), config);
        events = driver.createInputTopic("events", new StringSerializer(), new StringSerializer());
        alerts = driver.createOutputTopic("alerts", new StringDeserializer(), new StringDeserializer());
        deadLetters = driver.createOutputTopic("dead-letters", new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
    }

    private static String event(String time, String fields) {
        return "{\"@timestamp\": \"2026-11-27T10:" + time + "Z\", " + fields + "}";
    }

    private List<JsonNode> alertValues(List<TestRecord<String, String>> records) {
        return records.stream().map(r -> JSON.readTree(r.value())).toList();
    }

    @Test
    void aStatelessRuleAlertsOnTheInputPartitionKeyedByRuleAndAlert() {
        start(detector(PROCESS), settings(0));
        events.pipeInput("k", event("00:00", "\"event\": {\"category\": \"process\"}, \"process\": {\"name\": \"certutil.exe\"}"));
        events.pipeInput("k", event("00:01", "\"event\": {\"category\": \"process\"}, \"process\": {\"name\": \"cmd.exe\"}"));

        List<TestRecord<String, String>> out = alerts.readRecordsToList();
        assertThat(out).hasSize(1);
        JsonNode alert = JSON.readTree(out.get(0).value());
        assertThat(alert.path("rule").path("rule_id").asString()).isEqualTo(PROCESS.ruleId());
        assertThat(out.get(0).key()).isEqualTo(PROCESS.ruleId() + "/" + alert.path("id").asString());
    }
}
