package io.verdict.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.verdict.engine.Detector;
import io.verdict.engine.RuleCompiler;
import io.verdict.engine.StateStore;
import io.verdict.event.Schema;
import io.verdict.rule.Rule;
import io.verdict.rule.RuleFixtures;
import io.verdict.rule.RuleSet;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
    static final Rule SEQUENCE =
            RuleFixtures.rule("00000000-0000-4000-8000-0000000000a4", "Start Then Connect", "low", """
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
        return new RuleCompiler(Schema.catalog(), CLOCK)
                .compile(new RuleSet(List.of(rules), List.of(), List.of(), rules.length, Instant.now(), Duration.ZERO));
    }

    static StreamSettings settings(long graceMillis) {
        return new StreamSettings(
                List.of("events"),
                "alerts",
                "dead-letters",
                AlertFormat.VERDICT,
                false,
                graceMillis,
                1 << 20,
                100,
                CLOCK);
    }

    private void start(Detector detector, StreamSettings settings) {
        start(() -> detector, settings);
    }

    private void start(java.util.function.Supplier<Detector> rules, StreamSettings settings) {
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, APP);
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(
                new DetectionTopology(settings, rules, StateStore.Limits.entries(10_000, 10_000)).build(), config);
        events = driver.createInputTopic("events", new StringSerializer(), new StringSerializer());
        alerts = driver.createOutputTopic("alerts", new StringDeserializer(), new StringDeserializer());
        deadLetters =
                driver.createOutputTopic("dead-letters", new ByteArrayDeserializer(), new ByteArrayDeserializer());
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
        events.pipeInput(
                "k",
                event("00:00", "\"event\": {\"category\": \"process\"}, \"process\": {\"name\": \"certutil.exe\"}"));
        events.pipeInput(
                "k", event("00:01", "\"event\": {\"category\": \"process\"}, \"process\": {\"name\": \"cmd.exe\"}"));

        List<TestRecord<String, String>> out = alerts.readRecordsToList();
        assertThat(out).hasSize(1);
        JsonNode alert = JSON.readTree(out.get(0).value());
        assertThat(alert.path("rule").path("rule_id").asString()).isEqualTo(PROCESS.ruleId());
        assertThat(out.get(0).key())
                .isEqualTo(PROCESS.ruleId() + "/" + alert.path("id").asString());
    }

    private static String process(String time, String host) {
        return event(
                time,
                "\"event\": {\"category\": \"process\", \"type\": \"start\"}, \"host\": {\"name\": \"" + host + "\"}");
    }

    private static String network(String time, String host) {
        return event(time, "\"event\": {\"category\": \"network\"}, \"host\": {\"name\": \"" + host + "\"}");
    }

    private static String failure(String time, String user) {
        return event(time, "\"event\": {\"outcome\": \"failure\"}, \"user\": {\"name\": \"" + user + "\"}");
    }

    private static String success(String time, String host) {
        return event(time, "\"event\": {\"outcome\": \"success\"}, \"host\": {\"name\": \"" + host + "\"}");
    }

    @Test
    void aSequenceWhoseEventsCameWithDifferentInputKeysAlertsOnceKeyedByItsGroup() {
        start(detector(SEQUENCE), settings(0));
        events.pipeInput("partition-a", process("00:00", "h1"));
        events.pipeInput("partition-b", process("00:01", "h2"));
        events.pipeInput("partition-c", network("00:02", "h1"));

        List<TestRecord<String, String>> out = alerts.readRecordsToList();
        // Kibana's shape: a building block per matched event, then the sequence alert
        assertThat(out).hasSize(3);
        List<JsonNode> values = alertValues(out);
        String group = values.get(2).path("sequence").path("group_id").asString();
        assertThat(values)
                .allSatisfy(v -> assertThat(v.path("sequence").path("group_id").asString())
                        .isEqualTo(group));
        assertThat(out).allSatisfy(r -> assertThat(r.key()).isEqualTo(SEQUENCE.ruleId() + "/" + group));
        assertThat(values.get(2).path("sequence").path("join_keys").get(0).asString())
                .isEqualTo("h1");
    }

    @Test
    void aThresholdAlertsOnceItsGroupHasEnoughEventsKeyedByTheGroupValues() {
        start(detector(THRESHOLD), settings(0));
        events.pipeInput("1", failure("00:00", "bob"));
        events.pipeInput("2", failure("00:01", "alice"));
        events.pipeInput("3", failure("00:02", "bob"));

        List<TestRecord<String, String>> out = alerts.readRecordsToList();
        assertThat(out).extracting(TestRecord::key).containsExactly(THRESHOLD.ruleId() + "/bob");
        assertThat(JSON.readTree(out.get(0).value())
                        .path("threshold_result")
                        .path("count")
                        .asInt())
                .isEqualTo(2);
    }

    @Test
    void aNewTermsRuleAlertsOnTheFirstSightOfAHostOnlyKeyedByTheTerms() {
        start(detector(NEW_TERMS), settings(0));
        events.pipeInput("1", success("00:00", "h1"));
        events.pipeInput("2", success("00:01", "h1"));
        events.pipeInput("3", success("00:02", "h2"));

        assertThat(alerts.readRecordsToList())
                .extracting(TestRecord::key)
                .containsExactly(NEW_TERMS.ruleId() + "/h1", NEW_TERMS.ruleId() + "/h2");
    }

    @Test
    void eventsAreReKeyedByTheStateKeyOfTheirRulesAndRulesOfTheSameKeyShareARecord() {
        Rule sameFields = RuleFixtures.rule("00000000-0000-4000-8000-0000000000a5", "Failures Then New", "low", """
                type = "new_terms"
                language = "kuery"
                query = "event.outcome:failure"
                [rule.new_terms]
                field = "new_terms_fields"
                value = ["user.name"]
                [[rule.new_terms.history_window_start]]
                field = "history_window_start"
                value = "now-7d"
                """);
        start(detector(THRESHOLD, sameFields, SEQUENCE), settings(0));
        TestOutputTopic<String, String> state = driver.createOutputTopic(
                APP + "-" + DetectionTopology.STATE_TOPIC + "-repartition",
                new StringDeserializer(),
                new StringDeserializer());
        events.pipeInput("x", failure("00:00", "bob"));
        events.pipeInput("x", process("00:01", "h1"));

        List<TestRecord<String, String>> keyed = state.readRecordsToList();
        assertThat(keyed)
                .extracting(TestRecord::key)
                .containsExactly("terms:user.name@\u001fbob", "rule:" + SEQUENCE.ruleId() + "\u001fs:h1");
        // the threshold and the new_terms rule read user.name alike: one record serves both
        String head = keyed.get(0).value().substring(0, keyed.get(0).value().indexOf('\n'));
        assertThat(head).isEqualTo("e" + THRESHOLD.ruleId() + "\u001ee" + sameFields.ruleId());
        assertThat(keyed.get(0).timestamp())
                .isEqualTo(Instant.parse("2026-11-27T10:00:00Z").toEpochMilli());
    }

    @Test
    void recordsThatAreNotEventsGoToTheDeadLetterTopicUnchangedWithTheProblemInHeaders() {
        start(detector(PROCESS), settings(0));
        events.pipeInput("k", "{\"@timestamp\": \"2026-11-27T10:00:00Z\"}\n{\"broken\": }\n[1, 2]\n");
        events.pipeInput("k", "");
        events.pipeInput("k", "{\"@timestamp\": \"yesterday\"}");

        List<TestRecord<byte[], byte[]>> dead = deadLetters.readRecordsToList();
        assertThat(dead).hasSize(4);
        assertThat(text(dead.get(0).value())).isEqualTo("{\"broken\": }");
        assertThat(header(dead.get(0), DeadLetters.TYPE)).isEqualTo("urn:verdict:problem:malformed-json");
        assertThat(header(dead.get(0), DeadLetters.LINE)).isEqualTo("2");
        assertThat(header(dead.get(0), DeadLetters.COLUMN)).isNotNull();
        assertThat(header(dead.get(0), DeadLetters.SOURCE_TOPIC)).isEqualTo("events");
        assertThat(header(dead.get(0), DeadLetters.SOURCE_OFFSET)).isEqualTo("0");
        assertThat(text(dead.get(1).value())).isEqualTo("[1, 2]");
        assertThat(header(dead.get(1), DeadLetters.TYPE)).isEqualTo("urn:verdict:problem:not-an-object");
        assertThat(header(dead.get(1), DeadLetters.LINE)).isEqualTo("3");
        assertThat(header(dead.get(2), DeadLetters.TYPE)).isEqualTo("urn:verdict:problem:empty-record");
        assertThat(header(dead.get(3), DeadLetters.TYPE)).isEqualTo("urn:verdict:problem:invalid-timestamp");
        assertThat(header(dead.get(3), DeadLetters.DETAIL)).contains("@timestamp");
        assertThat(text(dead.get(3).key())).isEqualTo("k");
    }

    @Test
    void aRecordOfTooManyEventsIsOneDeadLetter() {
        start(
                detector(PROCESS),
                new StreamSettings(
                        List.of("events"), "alerts", "dead-letters", AlertFormat.VERDICT, false, 0, 1 << 20, 2, CLOCK));
        events.pipeInput("k", process("00:00", "h") + "\n" + process("00:01", "h") + "\n" + process("00:02", "h"));

        List<TestRecord<byte[], byte[]>> dead = deadLetters.readRecordsToList();
        assertThat(dead).hasSize(1);
        assertThat(header(dead.get(0), DeadLetters.TYPE)).isEqualTo("urn:verdict:problem:too-large");
    }

    @Test
    void aPrettyPrintedEventIsOneEvent() {
        start(detector(PROCESS), settings(0));
        events.pipeInput(
                "k",
                "{\n  \"@timestamp\": \"2026-11-27T10:00:00Z\",\n  \"event\": {\"category\": \"process\"},\n"
                        + "  \"process\": {\"name\": \"certutil.exe\"}\n}\n");

        assertThat(alerts.readRecordsToList()).hasSize(1);
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void withAGraceEventsOfOneKeyThatArriveOutOfOrderAreFedInEventTimeOrder() {
        start(detector(SEQUENCE), settings(60_000));
        events.pipeInput("b", network("00:02", "h1"));
        events.pipeInput("a", process("00:00", "h1"));
        assertThat(alerts.isEmpty()).isTrue();
        // stream time passes the grace: both are fed, the start first
        events.pipeInput("c", process("05:00", "h9"));

        assertThat(alerts.readRecordsToList()).hasSize(3);
    }

    @Test
    void withoutAGraceEventsAreFedInArrivalOrder() {
        start(detector(SEQUENCE), settings(0));
        events.pipeInput("b", network("00:02", "h1"));
        events.pipeInput("a", process("00:00", "h1"));
        events.pipeInput("c", process("05:00", "h9"));

        assertThat(alerts.isEmpty()).isTrue();
    }

    @Test
    void anIdleStreamReleasesWhatWaitsAfterTheGraceOfWallClockTime() {
        start(detector(SEQUENCE), settings(60_000));
        events.pipeInput("a", process("00:00", "h1"));
        events.pipeInput("b", network("00:02", "h1"));
        driver.advanceWallClockTime(Duration.ofSeconds(61));
        assertThat(alerts.isEmpty()).isTrue();
        driver.advanceWallClockTime(Duration.ofSeconds(61));

        assertThat(alerts.readRecordsToList()).hasSize(3);
    }

    @Test
    void theStateOfAPartitionIsRestoredFromItsChangelogByTheNextTaskThatOwnsIt(@TempDir Path otherStateDir) {
        Detector detector = detector(SEQUENCE, THRESHOLD);
        start(detector, settings(0));
        events.pipeInput("a", process("00:00", "h1"));
        events.pipeInput("b", failure("00:01", "bob"));
        assertThat(alerts.isEmpty()).isTrue();
        Map<Bytes, byte[]> changelog = new LinkedHashMap<>();
        driver.createOutputTopic(
                        APP + "-" + DetectionTopology.STATE_STORE + "-changelog",
                        new ByteArrayDeserializer(),
                        new ByteArrayDeserializer())
                .readRecordsToList()
                .forEach(r -> changelog.put(Bytes.wrap(r.key()), r.value()));
        assertThat(changelog.keySet())
                .extracting(k -> text(k.get()))
                .anySatisfy(k -> assertThat(k).startsWith(SEQUENCE.ruleId() + "\u0000"))
                .anySatisfy(k -> assertThat(k).startsWith(THRESHOLD.ruleId() + "\u0000"));

        // another task takes the partition over: its stores hold what the changelog holds
        Task restored = Task.open(otherStateDir, () -> detector, changelog);

        restored.processor()
                .process(keyed("rule:" + SEQUENCE.ruleId() + "\u001fs:h1", SEQUENCE, network("00:02", "h1")));
        restored.processor().process(keyed("terms:user.name@\u001fbob", THRESHOLD, failure("00:03", "bob")));

        assertThat(restored.context().forwarded())
                .extracting(f -> text(f.record().key()))
                .hasSize(4)
                .endsWith(THRESHOLD.ruleId() + "/bob");
        restored.close();
    }

    @Test
    void aChangedRuleStartsAfreshAndARemovedRulesSavedStateIsDeleted() {
        Rule five = RuleFixtures.rule(THRESHOLD.ruleId(), "Two Failures", "low", """
                type = "threshold"
                language = "kuery"
                query = "event.outcome:failure"
                [rule.threshold]
                field = ["user.name"]
                value = 5
                """);
        java.util.concurrent.atomic.AtomicReference<Detector> rules =
                new java.util.concurrent.atomic.AtomicReference<>(detector(five));
        start(rules::get, settings(0));
        TestOutputTopic<byte[], byte[]> changelog = driver.createOutputTopic(
                APP + "-" + DetectionTopology.STATE_STORE + "-changelog",
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        events.pipeInput("a", failure("00:00", "bob"));
        assertThat(changelog.readRecordsToList())
                .extracting(r -> r.value() == null)
                .containsExactly(false);

        rules.set(detector(THRESHOLD));
        events.pipeInput("b", failure("00:01", "bob"));
        assertThat(alerts.isEmpty()).isTrue();
        events.pipeInput("c", failure("00:02", "bob"));
        assertThat(alerts.readRecordsToList()).hasSize(1);
        changelog.readRecordsToList();

        rules.set(detector(PROCESS));
        driver.advanceWallClockTime(Duration.ofSeconds(2));
        List<TestRecord<byte[], byte[]>> deleted = changelog.readRecordsToList();
        assertThat(deleted).isNotEmpty().allSatisfy(r -> {
            assertThat(text(r.key())).startsWith(THRESHOLD.ruleId() + "\u0000");
            assertThat(r.value()).isNull();
        });
    }

    /** A task of the state side on its own, its stores in {@code dir}. */
    private record Task(
            MockProcessorContext<byte[], byte[]> context,
            SnapshotStore snapshots,
            KeyValueStore<Bytes, byte[]> buffer,
            StatefulProcessor processor) {

        static Task open(Path dir, java.util.function.Supplier<Detector> rules, Map<Bytes, byte[]> saved) {
            MockProcessorContext<byte[], byte[]> context =
                    new MockProcessorContext<>(new Properties(), new TaskId(1, 0), dir.toFile());
            SnapshotStore snapshots = new SnapshotStore.Builder(DetectionTopology.STATE_STORE)
                    .withLoggingDisabled()
                    .build();
            snapshots.init(context.getStateStoreContext(), snapshots);
            context.addStateStore(snapshots);
            KeyValueStore<Bytes, byte[]> buffer = Stores.keyValueStoreBuilder(
                            Stores.inMemoryKeyValueStore(DetectionTopology.BUFFER_STORE),
                            Serdes.Bytes(),
                            Serdes.ByteArray())
                    .withLoggingDisabled()
                    .build();
            buffer.init(context.getStateStoreContext(), buffer);
            context.addStateStore(buffer);
            saved.forEach((key, value) -> snapshots.entries().put(key, value));
            StatefulProcessor processor =
                    new StatefulProcessor(settings(0), new RuleKeys(rules), StateStore.Limits.entries(10_000, 10_000));
            processor.init(context);
            return new Task(context, snapshots, buffer, processor);
        }

        Map<Bytes, byte[]> saved() {
            Map<Bytes, byte[]> out = new LinkedHashMap<>();
            try (var all = snapshots.entries().all()) {
                all.forEachRemaining(kv -> out.put(kv.key, kv.value));
            }
            return out;
        }

        void close() {
            snapshots.close();
            buffer.close();
        }
    }

    @Test
    void aStateLargerThanAChunkIsSavedInChunksRestoredWholeAndShrinksByDeletingTheRest(
            @TempDir Path first, @TempDir Path second) {
        Detector detector = detector(THRESHOLD);
        Task task = Task.open(first, () -> detector, Map.of());
        for (int i = 0; i < 6000; i++) {
            task.processor()
                    .process(keyed("terms:user.name@\u001fuser-" + i, THRESHOLD, failure("00:00", "user-" + i)));
        }
        task.snapshots().flush();
        Map<Bytes, byte[]> saved = task.saved();
        task.close();
        assertThat(saved).hasSizeGreaterThan(1);
        assertThat(saved.values()).allSatisfy(v -> assertThat(v.length).isLessThanOrEqualTo(TaskState.CHUNK));

        java.util.concurrent.atomic.AtomicReference<Detector> rules =
                new java.util.concurrent.atomic.AtomicReference<>(detector);
        Task restored = Task.open(second, rules::get, saved);
        restored.processor()
                .process(keyed("terms:user.name@\u001fuser-5999", THRESHOLD, failure("00:01", "user-5999")));
        assertThat(restored.context().forwarded())
                .extracting(f -> text(f.record().key()))
                .containsExactly(THRESHOLD.ruleId() + "/user-5999");

        // the rule changes: its state starts afresh, one chunk, and the others are deleted
        rules.set(detector(RuleFixtures.rule(THRESHOLD.ruleId(), "Two Failures", "low", """
                type = "threshold"
                language = "kuery"
                query = "event.outcome:failure"
                [rule.threshold]
                field = ["user.name"]
                value = 3
                """)));
        restored.processor().process(keyed("terms:user.name@\u001fbob", THRESHOLD, failure("00:02", "bob")));
        restored.snapshots().flush();
        assertThat(restored.saved()).hasSize(1);
        restored.close();
    }

    private static Record<byte[], byte[]> keyed(String key, Rule rule, String event) {
        byte[] value = new KeyedEvent(
                        List.of(new KeyedEvent.Entry(KeyedEvent.Mode.EVENT, rule.ruleId())),
                        event.getBytes(StandardCharsets.UTF_8))
                .encode();
        return new Record<>(
                key.getBytes(StandardCharsets.UTF_8),
                value,
                Instant.parse("2026-11-27T10:00:03Z").toEpochMilli());
    }

    @Test
    void alertsInTheKibanaFormAreAlertDocuments() {
        start(
                detector(PROCESS),
                new StreamSettings(
                        List.of("events"),
                        "alerts",
                        "dead-letters",
                        AlertFormat.KIBANA,
                        false,
                        0,
                        1 << 20,
                        100,
                        CLOCK));
        events.pipeInput(
                "k",
                event("00:00", "\"event\": {\"category\": \"process\"}, \"process\": {\"name\": \"certutil.exe\"}"));

        JsonNode document = JSON.readTree(alerts.readValue());
        assertThat(document.path("kibana.alert.rule.rule_id").asString()).isEqualTo(PROCESS.ruleId());
        assertThat(document.path("kibana.alert.uuid").asString()).isNotEmpty();
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static String header(TestRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : text(header.value());
    }
}
