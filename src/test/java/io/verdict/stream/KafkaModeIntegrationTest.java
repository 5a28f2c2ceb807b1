package io.verdict.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.verdict.VerdictApplication;
import io.verdict.rule.RuleFixtures;
import io.verdict.security.ApiKeys;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.util.FileSystemUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two Verdict instances in the Kafka mode, each a whole service (its REST API beside its Kafka Streams application,
 * exactly once), on one embedded KRaft broker with a 4-partition input topic: a sequence whose events are spread over
 * the partitions alerts once, a threshold across partitions alerts once, a rule uploaded on one instance is applied by
 * the other, and when one instance stops mid-stream the other takes its partitions and completes the sequences it
 * inherited — every alert once, read as committed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KafkaModeIntegrationTest {

    static final String KEY = "kafka-mode-test-key";
    static final String SEQUENCE_ID = "00000000-0000-4000-8000-0000000000c1";
    static final String THRESHOLD_ID = "00000000-0000-4000-8000-0000000000c2";
    static final String UPLOADED_ID = "00000000-0000-4000-8000-0000000000c3";
    static final int PARTITIONS = 4;
    static final Duration WAIT = Duration.ofSeconds(60);

    private final JsonMapper json = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newHttpClient();
    private EmbeddedKafkaKraftBroker broker;
    private Path dir;
    private ConfigurableApplicationContext a;
    private ConfigurableApplicationContext b;
    private KafkaProducer<String, String> events;
    private AlertReader alerts;
    private Instant base = Instant.parse("2026-11-27T10:00:00Z");

    @BeforeAll
    void start() throws Exception {
        broker = new EmbeddedKafkaKraftBroker(1, PARTITIONS, "events", "verdict-alerts");
        broker.brokerProperties(Map.of(
                "transaction.state.log.replication.factor",
                "1",
                "transaction.state.log.min.isr",
                "1",
                "offsets.topic.replication.factor",
                "1",
                "group.initial.rebalance.delay.ms",
                "0",
                "auto.create.topics.enable",
                "false"));
        broker.afterPropertiesSet();
        broker.addTopics(
                new NewTopic("verdict-dead-letters", 1, (short) 1),
                new NewTopic("verdict-rules", 1, (short) 1).configs(Map.of("cleanup.policy", "compact")));
        dir = Files.createTempDirectory("verdict-kafka-it");
        Path rules = Files.createDirectories(dir.resolve("rules"));
        Files.writeString(
                rules.resolve("sequence.toml"), RuleFixtures.toml(SEQUENCE_ID, "Start Then Connect", "high", """
                type = "eql"
                language = "eql"
                query = 'sequence by host.name with maxspan=5m [process where event.type == "start"] [network where true]'
                """));
        Files.writeString(
                rules.resolve("threshold.toml"), RuleFixtures.toml(THRESHOLD_ID, "Five Failures", "low", """
                type = "threshold"
                language = "kuery"
                query = "event.outcome:failure"
                [rule.threshold]
                field = ["user.name"]
                value = 5
                """));
        events = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        broker.getBrokersAsString(),
                        ProducerConfig.ACKS_CONFIG,
                        "all"),
                new StringSerializer(),
                new StringSerializer());
        alerts = new AlertReader(broker.getBrokersAsString());
        a = instance("a", rules);
        b = instance("b", rules);
        awaitReady(a);
        awaitReady(b);
    }

    @AfterAll
    void stop() {
        for (AutoCloseable closing : new AutoCloseable[] {alerts, events, a, b}) {
            try {
                if (closing != null) {
                    closing.close();
                }
            } catch (Exception ignored) {
                // closing what is left of a failed start
            }
        }
        if (broker != null) {
            broker.destroy();
        }
        if (dir != null) {
            FileSystemUtils.deleteRecursively(dir.toFile());
        }
    }

    private ConfigurableApplicationContext instance(String name, Path rules) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("server.port", "0");
        properties.put("verdict.data-dir", dir.resolve(name).toString());
        properties.put("verdict.rules.paths", rules.toString());
        properties.put("verdict.rules.store", dir.resolve(name).resolve("store").toString());
        properties.put("verdict.rules.reload-interval", "0s");
        properties.put("verdict.rules.watch", "false");
        properties.put("verdict.security.keys[0].id", "ops");
        properties.put("verdict.security.keys[0].sha256", ApiKeys.sha256Hex(KEY));
        properties.put("verdict.state.allowed-lateness", "2s");
        properties.put("verdict.kafka.enabled", "true");
        properties.put("verdict.kafka.bootstrap-servers", broker.getBrokersAsString());
        properties.put("verdict.kafka.instance-id", name);
        properties.put("verdict.kafka.processing-guarantee", "exactly_once_v2");
        properties.put("verdict.kafka.commit-interval", "100ms");
        properties.put("verdict.kafka.close-timeout", "20s");
        // as arguments: default properties rank below application.yml
        return new SpringApplicationBuilder(VerdictApplication.class)
                .run(properties.entrySet().stream()
                        .map(e -> "--" + e.getKey() + "=" + e.getValue())
                        .toArray(String[]::new));
    }

    @Test
    @Order(1)
    void bothInstancesShareThePartitionsAndSayItAtTheStreamEndpoint() throws Exception {
        // ready once running; the second instance joining moves partitions once more
        awaitTrue(
                () -> !inputPartitions(get(a, "/api/v1/stream")).isEmpty()
                        && !inputPartitions(get(b, "/api/v1/stream")).isEmpty(),
                "both instances hold input partitions");
        JsonNode statusA = get(a, "/api/v1/stream");
        JsonNode statusB = get(b, "/api/v1/stream");
        assertThat(statusA.path("state").asString()).isEqualTo("RUNNING");
        assertThat(statusA.path("rules").path("caught_up").asBoolean()).isTrue();
        // the stream is part of readiness in the Kafka mode
        assertThat(get(a, "/actuator/health/readiness")
                        .path("components")
                        .path("kafkaStreams")
                        .path("status")
                        .asString())
                .isEqualTo("UP");
        assertThat(inputPartitions(statusA)).isNotEmpty();
        assertThat(inputPartitions(statusB)).isNotEmpty();
        List<Integer> all = new ArrayList<>(inputPartitions(statusA));
        all.addAll(inputPartitions(statusB));
        assertThat(all).containsExactlyInAnyOrder(0, 1, 2, 3);
    }

    @Test
    @Order(2)
    void aSequenceWhoseEventsAreSpreadOverPartitionsAlertsOnce() throws Exception {
        send(
                0,
                event(
                        0,
                        "\"host\": {\"name\": \"seq-1\"}, \"event\": {\"category\": \"process\", \"type\": \"start\"}"));
        send(3, event(1, "\"host\": {\"name\": \"seq-1\"}, \"event\": {\"category\": \"network\"}"));
        List<JsonNode> found = alerts.await(rule(SEQUENCE_ID).and(host("seq-1")), 1);
        assertThat(found).hasSize(1);
        assertThat(alerts.settled(rule(SEQUENCE_ID).and(host("seq-1")))).hasSize(1);
    }

    @Test
    @Order(3)
    void aThresholdAcrossPartitionsAlertsOnce() throws Exception {
        for (int i = 0; i < 5; i++) {
            send(i % PARTITIONS, event(10 + i, "\"user\": {\"name\": \"bob\"}, \"event\": {\"outcome\": \"failure\"}"));
        }
        assertThat(alerts.await(rule(THRESHOLD_ID), 1)).hasSize(1);
        assertThat(alerts.settled(rule(THRESHOLD_ID))).hasSize(1);
    }

    @Test
    @Order(4)
    void aRuleUploadedOnOneInstanceIsAppliedByTheOther() throws Exception {
        String toml = RuleFixtures.toml(UPLOADED_ID, "Uploaded On A", "medium", """
                type = "query"
                language = "kuery"
                query = 'process.name:"uploaded.exe"'
                """);
        HttpResponse<String> upload = http.send(
                HttpRequest.newBuilder(uri(a, "/api/v1/rules"))
                        .header("X-API-Key", KEY)
                        .header("Content-Type", "application/toml")
                        .POST(HttpRequest.BodyPublishers.ofString(toml))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(upload.statusCode()).as(upload.body()).isEqualTo(201);
        awaitTrue(() -> status(b, "/api/v1/rules/" + UPLOADED_ID) == 200, "the rule reaches instance b");
        // one event on each partition: both instances decide some of them, and each alerts only with the rule
        for (int p = 0; p < PARTITIONS; p++) {
            send(p, event(20 + p, "\"host\": {\"name\": \"up-" + p + "\"}, \"process\": {\"name\": \"uploaded.exe\"}"));
        }
        assertThat(alerts.await(rule(UPLOADED_ID), PARTITIONS)).hasSize(PARTITIONS);
        assertThat(get(b, "/api/v1/rules/" + UPLOADED_ID).path("revision").asInt())
                .isEqualTo(
                        get(a, "/api/v1/rules/" + UPLOADED_ID).path("revision").asInt());
    }

    @Test
    @Order(5)
    void whenOneInstanceStopsMidStreamTheOtherCompletesTheSequencesItInheritedExactlyOnce() throws Exception {
        int hosts = 24;
        for (int h = 0; h < hosts; h++) {
            send(
                    h % PARTITIONS,
                    event(
                            100 + h,
                            "\"host\": {\"name\": \"take-" + h
                                    + "\"}, \"event\": {\"category\": \"process\", \"type\": \"start\"}"));
        }
        // the first steps are decided, and their state committed, before the instance holding half of them stops
        awaitTrue(this::allCommitted, "both instances committed the first steps");
        a.close();
        a = null;
        awaitTrue(
                () -> inputPartitions(get(b, "/api/v1/stream")).size() == PARTITIONS
                        && "RUNNING"
                                .equals(get(b, "/api/v1/stream").path("state").asString()),
                "b takes every partition");
        for (int h = 0; h < hosts; h++) {
            send(
                    (h + 1) % PARTITIONS,
                    event(200 + h, "\"host\": {\"name\": \"take-" + h + "\"}, \"event\": {\"category\": \"network\"}"));
        }
        Predicate<JsonNode> takeover = rule(SEQUENCE_ID).and(a -> hostOf(a).startsWith("take-"));
        alerts.await(takeover, hosts);
        List<JsonNode> found = alerts.settled(takeover);
        Map<String, Long> perHost = found.stream().collect(Collectors.groupingBy(this::hostOf, Collectors.counting()));
        assertThat(perHost)
                .hasSize(hosts)
                .allSatisfy((host, count) -> assertThat(count).as(host).isEqualTo(1));
        // nothing before was raised twice either
        assertThat(alerts.all(rule(SEQUENCE_ID).and(host("seq-1")))).hasSize(1);
        assertThat(alerts.all(rule(THRESHOLD_ID))).hasSize(1);
    }

    // ---- events and alerts

    private String event(int second, String fields) {
        return "{\"@timestamp\": \"" + base.plusSeconds(second) + "\", " + fields + "}";
    }

    private void send(int partition, String event) throws Exception {
        events.send(new ProducerRecord<>("events", partition, null, event)).get();
    }

    /** The alerts of rule {@code id}, without the building blocks a sequence writes for its events. */
    private static Predicate<JsonNode> rule(String id) {
        return alert -> id.equals(alert.path("rule").path("rule_id").asString())
                && !alert.path("rule").path("building_block").asBoolean();
    }

    private Predicate<JsonNode> host(String name) {
        return alert -> name.equals(hostOf(alert));
    }

    private String hostOf(JsonNode alert) {
        JsonNode host = alert.path("entities").path("host.name");
        if (host.isMissingNode()) {
            host = alert.path("evidence").path("host.name");
        }
        if (host.isArray()) {
            host = host.get(0);
        }
        return host == null || host.isMissingNode() ? alert.path("sequence").toString() : host.asString();
    }

    /** Every alert of the alerts topic, read as committed, from the start. */
    static final class AlertReader implements AutoCloseable {
        private final KafkaConsumer<String, String> consumer;
        private final List<JsonNode> read = Collections.synchronizedList(new ArrayList<>());
        private final JsonMapper json = JsonMapper.builder().build();

        AlertReader(String servers) {
            consumer = new KafkaConsumer<>(
                    Map.of(
                            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                            servers,
                            ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                            "read_committed",
                            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                            "earliest"),
                    new StringDeserializer(),
                    new StringDeserializer());
            List<TopicPartition> partitions = new ArrayList<>();
            for (int p = 0; p < PARTITIONS; p++) {
                partitions.add(new TopicPartition("verdict-alerts", p));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        }

        private void poll() {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                JsonNode alert = json.readTree(record.value());
                assertThat(record.key())
                        .startsWith(alert.path("rule").path("rule_id").asString() + "/");
                read.add(alert);
            }
        }

        List<JsonNode> all(Predicate<JsonNode> which) {
            synchronized (read) {
                return read.stream().filter(which).toList();
            }
        }

        /** Reads until {@code count} alerts match, or the wait is over. */
        List<JsonNode> await(Predicate<JsonNode> which, int count) {
            long until = System.nanoTime() + WAIT.toNanos();
            while (all(which).size() < count && System.nanoTime() < until) {
                poll();
            }
            return all(which);
        }

        /** Reads on for a few commit intervals more, for a duplicate to show. */
        List<JsonNode> settled(Predicate<JsonNode> which) {
            long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (System.nanoTime() < until) {
                poll();
            }
            return all(which);
        }

        @Override
        public void close() {
            consumer.close();
        }
    }

    // ---- the instances

    private List<Integer> inputPartitions(JsonNode status) {
        List<Integer> out = new ArrayList<>();
        status.path("threads")
                .forEach(thread -> thread.path("partitions").forEach(p -> {
                    if ("events".equals(p.path("topic").asString())) {
                        out.add(p.path("partition").asInt());
                    }
                }));
        return out;
    }

    /**
     * Whether the application committed every record of the input topic and of the state topic (exactly once, a
     * commit carries the state changes the records made).
     */
    private boolean allCommitted() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.getBrokersAsString()))) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("verdict")
                    .partitionsToOffsetAndMetadata()
                    .get();
            Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
            for (int p = 0; p < PARTITIONS; p++) {
                ends.put(new TopicPartition("events", p), OffsetSpec.latest());
                ends.put(new TopicPartition("verdict-verdict-state-keys-repartition", p), OffsetSpec.latest());
            }
            var latest = admin.listOffsets(ends, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                    .all()
                    .get();
            return latest.entrySet().stream()
                    .allMatch(e -> committed.get(e.getKey()) != null
                            && committed.get(e.getKey()).offset()
                                    >= e.getValue().offset());
        }
    }

    private void awaitReady(ConfigurableApplicationContext instance) throws Exception {
        awaitTrue(() -> status(instance, "/actuator/health/readiness") == 200, "readiness");
    }

    private URI uri(ConfigurableApplicationContext instance, String path) {
        int port = ((WebServerApplicationContext) instance).getWebServer().getPort();
        return URI.create("http://localhost:" + port + path);
    }

    private int status(ConfigurableApplicationContext instance, String path) throws IOException, InterruptedException {
        return http.send(
                        HttpRequest.newBuilder(uri(instance, path))
                                .header("X-API-Key", KEY)
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private JsonNode get(ConfigurableApplicationContext instance, String path)
            throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(uri(instance, path))
                        .header("X-API-Key", KEY)
                        .build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    @FunctionalInterface
    interface Check {
        boolean holds() throws Exception;
    }

    private static void awaitTrue(Check check, String what) throws Exception {
        long until = System.nanoTime() + WAIT.toNanos();
        while (!check.holds()) {
            if (System.nanoTime() > until) {
                throw new AssertionError("not within " + WAIT + ": " + what);
            }
            Thread.sleep(100);
        }
    }
}
