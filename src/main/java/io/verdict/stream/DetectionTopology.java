package io.verdict.stream;

import io.verdict.engine.Detector;
import io.verdict.engine.StateStore;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * Verdict as a Kafka Streams topology. Events are read from the input topics and decided on their partitions by
 * the stateless rules; each event a stateful rule's query passes is re-keyed by that rule's state key
 * ({@link io.verdict.engine.StateKeys}) through one repartition topic, the state topic, shared by every stateful
 * rule, and decided on the partition that keeps the key's state, in changelogged stores. The topology does not
 * depend on the rules: rules change at runtime (the supplier is read per record) while every instance keeps running
 * the same topology, as Kafka Streams requires.
 *
 * <p>Names (the internal topics are prefixed with the application id): source {@code verdict-input}, the state
 * topic {@code verdict-state-keys-repartition}, the stores {@value #STATE_STORE} and {@value #BUFFER_STORE} with
 * their {@code -changelog} topics.
 */
public final class DetectionTopology {

    /** The tracker state of each partition of the state topic. */
    public static final String STATE_STORE = "verdict-state";
    /** Events waiting for the grace before the stateful rules take them in event-time order. */
    public static final String BUFFER_STORE = "verdict-state-buffer";
    /** The name of the state topic's repartition; the topic is {@code <application.id>-verdict-state-keys-repartition}. */
    public static final String STATE_TOPIC = "verdict-state-keys";

    private final StreamSettings settings;
    private final Supplier<Detector> rules;
    private final StateStore.Limits limits;

    /** rules: the current rule snapshot (the service swaps it; read it per record). */
    public DetectionTopology(StreamSettings settings, Supplier<Detector> rules, StateStore.Limits limits) {
        this.settings = settings;
        this.rules = rules;
        this.limits = limits;
    }

    public Topology build() {
        RuleKeys keys = new RuleKeys(rules);
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(new SnapshotStore.Builder(STATE_STORE));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(BUFFER_STORE), Serdes.Bytes(), Serdes.ByteArray())
                .withCachingEnabled()
                .withLoggingEnabled(Map.of()));

        KStream<byte[], byte[]> input = builder.stream(
                settings.inputTopics(),
                Consumed.with(Serdes.ByteArray(), Serdes.ByteArray())
                        .withTimestampExtractor(new EventTimeExtractor())
                        .withName("verdict-input"));
        Map<String, KStream<byte[], Routed>> routed = input.process(
                        () -> new DecideProcessor(settings, keys), Named.as("verdict-decide"))
                .split(Named.as("verdict-"))
                .branch((key, value) -> value.kind() == Routed.Kind.ALERT, Branched.as("alerts"))
                .branch((key, value) -> value.kind() == Routed.Kind.DEAD_LETTER, Branched.as("dead-letters"))
                .defaultBranch(Branched.as("state"));

        Produced<byte[], byte[]> bytes = Produced.with(Serdes.ByteArray(), Serdes.ByteArray());
        routed.get("verdict-alerts")
                .mapValues(Routed::value, Named.as("verdict-alert-values"))
                .to(settings.alertsTopic(), bytes.withName("verdict-alerts-out"));
        routed.get("verdict-dead-letters")
                .mapValues(Routed::value, Named.as("verdict-dead-letter-values"))
                .to(
                        settings.deadLetterTopic(),
                        Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("verdict-dead-letters-out"));
        routed.get("verdict-state")
                .mapValues(Routed::value, Named.as("verdict-state-values"))
                .repartition(Repartitioned.with(Serdes.ByteArray(), Serdes.ByteArray())
                        .withName(STATE_TOPIC))
                .process(
                        () -> new StatefulProcessor(settings, keys, limits),
                        Named.as("verdict-stateful"),
                        STATE_STORE,
                        BUFFER_STORE)
                .to(
                        settings.alertsTopic(),
                        Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("verdict-stateful-alerts-out"));
        return builder.build();
    }
}
