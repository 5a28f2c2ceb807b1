package io.verdict.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The configuration of each Kafka client the Kafka mode makes, from the {@code verdict.kafka} properties: the
 * pass-through properties first, then what Verdict sets itself (which the checks keep them from naming).
 */
final class KafkaClients {

    private final VerdictProperties.Kafka kafka;
    private final String instanceId;

    KafkaClients(VerdictProperties.Kafka kafka) {
        this.kafka = kafka;
        this.instanceId = kafka.instanceId().isEmpty()
                ? host() + "-" + UUID.randomUUID().toString().substring(0, 8)
                : kafka.instanceId();
    }

    VerdictProperties.Kafka settings() {
        return kafka;
    }

    /** Names this instance in the rule changes it publishes. */
    String instanceId() {
        return instanceId;
    }

    /** The Kafka Streams application's configuration. */
    Map<String, Object> streams() {
        Map<String, Object> config = new HashMap<>(kafka.properties());
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, kafka.applicationId());
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, kafka.processingGuarantee());
        config.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, kafka.numStreamThreads());
        if (!kafka.stateDir().isEmpty()) {
            config.put(StreamsConfig.STATE_DIR_CONFIG, kafka.stateDir());
        }
        if (kafka.commitInterval() != null) {
            config.put(
                    StreamsConfig.COMMIT_INTERVAL_MS_CONFIG,
                    kafka.commitInterval().toMillis());
        }
        // static membership: a closing instance removes itself from the group, so that the others take its
        // partitions at once instead of after the session timeout (Kafka Streams appends the thread index)
        config.putIfAbsent(
                StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG),
                kafka.applicationId() + "-" + instanceId);
        // a record as large as the largest event accepted must be fetched whole
        config.putIfAbsent(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG), (int)
                Math.max(1 << 20, kafka.maxRecordSize().toBytes() + 1024));
        config.putIfAbsent(
                StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG,
                org.apache.kafka.common.serialization.Serdes.ByteArraySerde.class);
        config.putIfAbsent(
                StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG,
                org.apache.kafka.common.serialization.Serdes.ByteArraySerde.class);
        return config;
    }

    /** The producer of rule changes: idempotent, every replica acknowledging, so no change is lost or doubled. */
    Map<String, Object> ruleProducer() {
        Map<String, Object> config = clientBase();
        config.put(ProducerConfig.CLIENT_ID_CONFIG, kafka.applicationId() + "-rules-" + instanceId);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // a change is answered only once published, or failed: not after Kafka's default of two minutes
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        return config;
    }

    /** The reader of rule changes: no group (every instance reads every change), only committed changes. */
    Map<String, Object> ruleConsumer() {
        Map<String, Object> config = clientBase();
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, kafka.applicationId() + "-rules-reader-" + instanceId);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return config;
    }

    /** A plain consumer of records as bytes (for reading topics back in tests and tools). */
    Map<String, Object> byteConsumer(String group) {
        Map<String, Object> config = clientBase();
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return config;
    }

    /** A plain producer of records as bytes. */
    Map<String, Object> byteProducer() {
        Map<String, Object> config = clientBase();
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return config;
    }

    /**
     * The pass-through properties for a plain client (security, timeouts), without those prefixed for one of the
     * clients Kafka Streams makes; a Kafka Streams property a plain client does not know is logged and ignored by it.
     */
    private Map<String, Object> clientBase() {
        Map<String, Object> config = new HashMap<>();
        kafka.properties().forEach((key, value) -> {
            if (STREAMS_PREFIXES.stream().noneMatch(key::startsWith)) {
                config.put(key, value);
            }
        });
        config.put("bootstrap.servers", kafka.bootstrapServers());
        return config;
    }

    private static final java.util.List<String> STREAMS_PREFIXES = java.util.List.of(
            StreamsConfig.CONSUMER_PREFIX,
            StreamsConfig.PRODUCER_PREFIX,
            StreamsConfig.ADMIN_CLIENT_PREFIX,
            StreamsConfig.MAIN_CONSUMER_PREFIX,
            StreamsConfig.RESTORE_CONSUMER_PREFIX,
            StreamsConfig.GLOBAL_CONSUMER_PREFIX,
            StreamsConfig.TOPIC_PREFIX);

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "verdict";
        }
    }
}
