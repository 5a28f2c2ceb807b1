package io.verdict.config;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.verdict.lifecycle.RuleChangeListener;
import io.verdict.lifecycle.RuleChanges;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The rule changes every instance applies, on the compacted rules topic (key {@code rule_id}; value the rule's TOML
 * as stored, or a tombstone for a delete; headers naming the origin instance, the audit id, the action, revision and
 * actor). Each instance publishes the changes made through its API, and reads the whole topic — from the beginning
 * on start, then as it grows — applying each change through {@link RuleChanges#replicate}, its own included: a
 * change already stored is a no-op, so the origin does not apply it twice, and when two instances change one rule
 * at once, every instance ends with the change the topic holds last.
 *
 * <p>A plain consumer without a group, not a GlobalKTable: applying a change writes the store, compiles and swaps
 * the rule set through the lifecycle every other change takes, which a state store's restore does not call, and a
 * rule change must not wait on (or be rolled back with) the stream's transactions.
 */
final class RuleTopic implements RuleChangeListener, SmartLifecycle {

    static final String ORIGIN = "verdict-origin";
    static final String AUDIT_ID = "verdict-audit-id";
    static final String ACTION = "verdict-action";
    static final String REVISION = "verdict-revision";
    static final String ACTOR = "verdict-actor";

    private static final Logger log = LoggerFactory.getLogger(RuleTopic.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private final KafkaClients clients;
    private final String topic;
    private final RuleChanges changes;
    private final BooleanSupplier rulesLoaded;
    private final MeterRegistry meters;
    private final CompletableFuture<Void> caughtUp = new CompletableFuture<>();
    /** Changes whose publishing failed, the latest of each rule, published again by the reader's loop. */
    private final Map<String, Change> unpublished = new LinkedHashMap<>();

    private final AtomicLong applied = new AtomicLong();
    private final Object lock = new Object();
    private KafkaProducer<String, String> producer;
    private volatile KafkaConsumer<String, String> consumer;
    private volatile Thread reader;
    private volatile boolean running;

    RuleTopic(KafkaClients clients, RuleChanges changes, BooleanSupplier rulesLoaded, MeterRegistry meters) {
        this.clients = clients;
        this.topic = clients.settings().rulesTopic();
        this.changes = changes;
        this.rulesLoaded = rulesLoaded;
        this.meters = meters;
    }

    /** Completes once the topic has been read to the end it had when this instance started reading. */
    CompletableFuture<Void> caughtUp() {
        return caughtUp;
    }

    /** Changes applied from the topic that changed this instance's rules. */
    long applied() {
        return applied.get();
    }

    /** Changes made here that could not be published yet. */
    int unpublished() {
        synchronized (lock) {
            return unpublished.size();
        }
    }

    @Override
    public void changed(Change change) {
        if (!publish(change)) {
            synchronized (lock) {
                unpublished.remove(change.ruleId());
                unpublished.put(change.ruleId(), change);
            }
        }
    }

    /** Sends one change and waits for every in-sync replica to have it. */
    private boolean publish(Change change) {
        KafkaProducer<String, String> out;
        synchronized (lock) {
            if (producer == null) {
                producer = new KafkaProducer<>(clients.ruleProducer());
            }
            out = producer;
        }
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, change.ruleId(), change.toml());
        Headers headers = record.headers();
        header(headers, ORIGIN, clients.instanceId());
        header(headers, AUDIT_ID, UUID.randomUUID().toString());
        header(headers, ACTION, change.action());
        header(headers, REVISION, Integer.toString(change.revision()));
        header(headers, ACTOR, change.actor());
        try {
            out.send(record).get(15, TimeUnit.SECONDS);
            count("published");
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.warn(
                    "Rule change {} of rule {} could not be published to {}; the other instances do not have it yet,"
                            + " it is sent again: {}",
                    change.action(),
                    change.ruleId(),
                    topic,
                    e.toString());
        }
        count("failed");
        return false;
    }

    private static void header(Headers headers, String name, String value) {
        headers.add(name, (value == null ? "" : value).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void start() {
        changes.listen(this);
        running = true;
        Thread thread = new Thread(this::follow, "verdict-rule-topic");
        thread.setDaemon(true);
        reader = thread;
        thread.start();
    }

    @Override
    public void stop() {
        running = false;
        changes.listen(null);
        KafkaConsumer<String, String> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        Thread thread = reader;
        if (thread != null) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (lock) {
            if (producer != null) {
                producer.close(Duration.ofSeconds(5));
                producer = null;
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Started before the stream and stopped after it, so the stream starts with the rules of the topic. */
    @Override
    public int getPhase() {
        return DetectionStream.PHASE - 1;
    }

    /** The reader: waits for the rules of this instance's files, then applies every change of the topic. */
    private void follow() {
        try {
            while (running && !rulesLoaded.getAsBoolean()) {
                Thread.sleep(50);
            }
            try (KafkaConsumer<String, String> in = new KafkaConsumer<>(clients.ruleConsumer())) {
                consumer = in;
                List<TopicPartition> partitions = partitions(in);
                if (partitions == null) {
                    return;
                }
                in.assign(partitions);
                in.seekToBeginning(partitions);
                Map<TopicPartition, Long> end = in.endOffsets(partitions);
                while (running) {
                    for (ConsumerRecord<String, String> record : in.poll(POLL)) {
                        apply(record);
                    }
                    if (!caughtUp.isDone()
                            && end.entrySet().stream().allMatch(e -> in.position(e.getKey()) >= e.getValue())) {
                        log.info("Rules topic {} read to its end: {} changes from it applied", topic, applied.get());
                        caughtUp.complete(null);
                    }
                    republish();
                }
            }
        } catch (WakeupException e) {
            // stopping
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            if (running) {
                log.error(
                        "Reading rules topic {} stopped: rule changes of other instances are no longer applied",
                        topic,
                        e);
            }
        } finally {
            consumer = null;
        }
    }

    /** The topic's partitions, waiting for the topic to exist; null when stopped first. */
    private List<TopicPartition> partitions(KafkaConsumer<String, String> in) throws InterruptedException {
        boolean told = false;
        while (running) {
            List<PartitionInfo> found;
            try {
                found = in.partitionsFor(topic, Duration.ofSeconds(5));
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                found = List.of();
            }
            if (found != null && !found.isEmpty()) {
                return found.stream()
                        .map(p -> new TopicPartition(p.topic(), p.partition()))
                        .toList();
            }
            if (!told) {
                log.warn("Rules topic {} not found yet; create it (cleanup.policy=compact). Waiting for it.", topic);
                told = true;
            }
            Thread.sleep(1000);
        }
        return null;
    }

    private void apply(ConsumerRecord<String, String> record) {
        if (record.key() == null) {
            log.warn(
                    "A record without a key in rules topic {} (partition {}, offset {}) is skipped",
                    topic,
                    record.partition(),
                    record.offset());
            return;
        }
        String origin = text(record, ORIGIN);
        String action = record.value() == null ? "delete" : text(record, ACTION);
        String revision = text(record, REVISION);
        String actor = text(record, ACTOR);
        int at;
        try {
            at = revision.isEmpty() ? -1 : Integer.parseInt(revision);
        } catch (NumberFormatException e) {
            at = -1;
        }
        try {
            if (changes.replicate(
                    record.key(),
                    record.value(),
                    at,
                    action.isEmpty() ? "replace" : action,
                    actor.isEmpty() ? "kafka:" + origin : actor)) {
                applied.incrementAndGet();
                count("applied");
                log.info(
                        "Applied {} of rule {} (revision {}) from instance {}, audit id {}",
                        action,
                        record.key(),
                        revision,
                        origin,
                        text(record, AUDIT_ID));
            }
        } catch (RuntimeException e) {
            count("refused");
            log.warn(
                    "A change of rule {} from instance {} could not be applied: {}",
                    record.key(),
                    origin,
                    e.toString());
        }
    }

    private void republish() {
        List<Change> waiting;
        synchronized (lock) {
            if (unpublished.isEmpty()) {
                return;
            }
            waiting = new ArrayList<>(unpublished.values());
        }
        for (Change change : waiting) {
            if (publish(change)) {
                synchronized (lock) {
                    unpublished.remove(change.ruleId(), change);
                }
            } else {
                return;
            }
        }
    }

    private static String text(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }

    private void count(String outcome) {
        Counter.builder("verdict.kafka.rule.changes")
                .description("rule changes on the rules topic, by outcome")
                .tag("outcome", outcome)
                .register(meters)
                .increment();
    }
}
