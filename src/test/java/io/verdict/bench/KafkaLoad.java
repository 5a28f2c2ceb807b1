package io.verdict.bench;

import io.verdict.engine.Detector;
import io.verdict.engine.RuleCompiler;
import io.verdict.engine.StateStore;
import io.verdict.event.Schema;
import io.verdict.rule.RuleSet;
import io.verdict.stream.AlertFormat;
import io.verdict.stream.DetectionTopology;
import io.verdict.stream.StreamSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.util.FileSystemUtils;

/**
 * Events per second through the detection topology with the whole Elastic corpus, on an embedded KRaft broker in
 * this JVM: the corpus events (real and generated, as {@link HttpLoad} posts them) written to a 4-partition input
 * topic first, then read by one instance, then by two (Kafka Streams clients of one application, each with its
 * own state directory and one stream thread) under a fresh application id. A warm-up pass over other events comes
 * first. For each pass: the time from start to every input and state-topic record read (the clients' metrics), the
 * rate over that time, the rate between 10 % and 90 % of the input read (without start-up and tail), and the alerts
 * written. Run through {@code scripts/kafka-load.sh}; options {@code --events 200000 --guarantee at_least_once
 * --commit-interval-ms 30000}.
 */
public final class KafkaLoad {

    private static final int PARTITIONS = 4;
    private static final String STATE_TOPIC_SUFFIX = "-" + DetectionTopology.STATE_TOPIC + "-repartition";

    private final EmbeddedKafkaKraftBroker broker;
    private final Detector detector;
    private final String guarantee;
    private final Path stateDir;
    /** Milliseconds between commits; null: Kafka Streams' default for the guarantee. */
    private final String commitInterval;

    private KafkaLoad(
            EmbeddedKafkaKraftBroker broker,
            Detector detector,
            String guarantee,
            Path stateDir,
            String commitInterval) {
        this.commitInterval = commitInterval;
        this.broker = broker;
        this.detector = detector;
        this.guarantee = guarantee;
        this.stateDir = stateDir;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>(Map.of("events", "200000", "guarantee", "at_least_once"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        int total = Integer.parseInt(options.get("events"));
        // the broker's and the clients' INFO lines go to target/kafka-load.log only when asked for
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.toLevel(System.getProperty("kafka.load.log", "ERROR")));
        long started = System.nanoTime();
        RuleSet rules = CorpusEvents.rules();
        Detector detector = new RuleCompiler(Schema.catalog(), Clock.systemUTC()).compile(rules);
        List<String> corpus = CorpusEvents.realAndGenerated(rules, 20_000);
        System.out.printf(
                "corpus: %d rules compiled, %d distinct events, %.1f s%n",
                detector.rules().size(), corpus.size(), (System.nanoTime() - started) / 1e9);

        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, PARTITIONS);
        broker.brokerProperties(Map.of(
                "transaction.state.log.replication.factor",
                "1",
                "transaction.state.log.min.isr",
                "1",
                "offsets.topic.replication.factor",
                "1",
                "group.initial.rebalance.delay.ms",
                "0"));
        Path stateDir = Path.of("target/kafka-load/state").toAbsolutePath();
        FileSystemUtils.deleteRecursively(stateDir.getParent().toFile());
        broker.afterPropertiesSet();
        try {
            broker.addTopics(
                    new NewTopic("warm", PARTITIONS, (short) 1),
                    new NewTopic("events", PARTITIONS, (short) 1),
                    new NewTopic("alerts", PARTITIONS, (short) 1),
                    new NewTopic("dead-letters", 1, (short) 1));
            KafkaLoad load = new KafkaLoad(
                    broker, detector, options.get("guarantee"), stateDir, options.get("commit-interval-ms"));
            load.write("warm", corpus, corpus.size());
            long bytes = load.write("events", corpus, total);
            System.out.printf(
                    "input: %d events, %.1f MB, %d partitions; %s, commit interval %s, one stream thread per"
                            + " instance%n",
                    total,
                    bytes / 1e6,
                    PARTITIONS,
                    options.get("guarantee"),
                    options.getOrDefault("commit-interval-ms", "default"));
            load.pass("warm", "verdict-warm", 1, corpus.size(), "warm-up");
            load.pass("events", "verdict-one", 1, total, "one instance");
            load.pass("events", "verdict-two", 2, total, "two instances");
        } finally {
            broker.destroy();
        }
    }

    /** Writes {@code count} events, cycling through {@code corpus}, spread over the partitions; their bytes. */
    private long write(String topic, List<String> corpus, int count) throws Exception {
        long bytes = 0;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        broker.getBrokersAsString(),
                        ProducerConfig.LINGER_MS_CONFIG,
                        20,
                        ProducerConfig.BATCH_SIZE_CONFIG,
                        512 * 1024,
                        ProducerConfig.COMPRESSION_TYPE_CONFIG,
                        "lz4"),
                new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < count; i++) {
                byte[] value = corpus.get(i % corpus.size()).getBytes(StandardCharsets.UTF_8);
                bytes += value.length;
                producer.send(new ProducerRecord<>(topic, i % PARTITIONS, null, value));
            }
            producer.flush();
        }
        return bytes;
    }

    private void pass(String topic, String application, int instances, int events, String name) throws Exception {
        long alertsBefore = end("alerts");
        List<KafkaStreams> running = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < instances; i++) {
            KafkaStreams streams = new KafkaStreams(
                    new DetectionTopology(
                                    new StreamSettings(
                                            List.of(topic),
                                            "alerts",
                                            "dead-letters",
                                            AlertFormat.VERDICT,
                                            false,
                                            0,
                                            1 << 20,
                                            10_000,
                                            Clock.systemUTC()),
                                    () -> detector,
                                    StateStore.Limits.entries(100_000, 1_000_000))
                            .build(),
                    config(application, stateDir.resolve(application + "-" + i)));
            running.add(streams);
            streams.start();
        }
        long tenth = -1;
        long ninetieth = -1;
        long done;
        String stateTopic = application + STATE_TOPIC_SUFFIX;
        while (true) {
            long now = System.nanoTime();
            long consumed = metric(running, "consumer-fetch-manager-metrics", "records-consumed-total", topic);
            if (tenth < 0 && consumed >= events / 10) {
                tenth = now;
            }
            if (ninetieth < 0 && consumed >= events * 9L / 10) {
                ninetieth = now;
            }
            if (consumed >= events
                    && metric(running, "consumer-fetch-manager-metrics", "records-consumed-total", stateTopic)
                            >= metric(running, "producer-topic-metrics", "record-send-total", stateTopic)) {
                done = now;
                break;
            }
            if (now - start > 600_000_000_000L) {
                throw new IllegalStateException(name + ": not done in 10 minutes, " + consumed + " read");
            }
            Thread.sleep(50);
        }
        long keyed = metric(running, "producer-topic-metrics", "record-send-total", stateTopic);
        for (KafkaStreams streams : running) {
            streams.close();
        }
        double seconds = (done - start) / 1e9;
        double steady = (ninetieth - tenth) / 1e9;
        System.out.printf(
                "%s: %d events in %.1f s from start to all read: %,.0f events/s; between 10 %% and 90 %% of"
                        + " the input read: %,.0f events/s; %d alerts written; %d state-topic records (%.2f per event)%n",
                name,
                events,
                seconds,
                events / seconds,
                steady > 0 ? events * 0.8 / steady : Double.NaN,
                end("alerts") - alertsBefore,
                keyed,
                keyed / (double) events);
    }

    /** A client metric summed over the instances, for one topic. */
    private static long metric(List<KafkaStreams> streams, String group, String name, String topic) {
        double sum = 0;
        for (KafkaStreams instance : streams) {
            for (var entry : instance.metrics().entrySet()) {
                var metricName = entry.getKey();
                if (metricName.group().equals(group)
                        && metricName.name().equals(name)
                        && topic.equals(metricName.tags().get("topic"))
                        && !metricName.tags().containsKey("partition")
                        && entry.getValue().metricValue() instanceof Number value) {
                    sum += value.doubleValue();
                }
            }
        }
        return (long) sum;
    }

    private Properties config(String application, Path dir) {
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, application);
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString());
        config.put(StreamsConfig.STATE_DIR_CONFIG, dir.toString());
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee);
        config.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
        config.put(StreamsConfig.consumerPrefix("auto.offset.reset"), "earliest");
        if (commitInterval != null) {
            config.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, Long.parseLong(commitInterval));
        }
        return config;
    }

    private long end(String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.getBrokersAsString()))) {
            Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
            for (int p = 0; p < PARTITIONS; p++) {
                ends.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            return admin.listOffsets(ends).all().get().values().stream()
                    .mapToLong(o -> o.offset())
                    .sum();
        }
    }
}
