package io.verdict.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.verdict.engine.Detector;
import io.verdict.engine.StateStore;
import io.verdict.stream.AlertFormat;
import io.verdict.stream.DetectionTopology;
import io.verdict.stream.StreamSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.streams.KafkaStreamsMicrometerListener;

/**
 * The Kafka Streams application that decides the events of the input topics: started once this instance has its
 * rules (its files, then the rules topic read to its end), with the rule set current at each event, and closed on
 * shutdown after the web server stopped taking requests — committing its offsets, and leaving the group so that the
 * other instances take its partitions at once rather than after the session timeout.
 */
final class DetectionStream implements SmartLifecycle {

    /** Stopped after the web server (its graceful shutdown is at {@code Integer.MAX_VALUE - 1024}), started before. */
    static final int PHASE = Integer.MAX_VALUE - 4096;

    private static final Logger log = LoggerFactory.getLogger(DetectionStream.class);

    private final KafkaClients clients;
    private final Supplier<Detector> rules;
    private final StateStore.Limits limits;
    private final long graceMillis;
    private final Clock clock;
    private final MeterRegistry meters;
    private final BooleanSupplier rulesLoaded;
    private final CompletableFuture<Void> rulesCaughtUp;
    private final Object lock = new Object();
    private volatile KafkaStreams streams;
    private volatile boolean running;
    private volatile boolean wasRunning;
    private KafkaStreamsMicrometerListener metrics;
    private Thread starter;

    DetectionStream(
            KafkaClients clients,
            Supplier<Detector> rules,
            StateStore.Limits limits,
            long graceMillis,
            Clock clock,
            MeterRegistry meters,
            BooleanSupplier rulesLoaded,
            CompletableFuture<Void> rulesCaughtUp) {
        this.clients = clients;
        this.rules = rules;
        this.limits = limits;
        this.graceMillis = graceMillis;
        this.clock = clock;
        this.meters = meters;
        this.rulesLoaded = rulesLoaded;
        this.rulesCaughtUp = rulesCaughtUp;
    }

    /** The topology this instance runs, from the {@code verdict.kafka} properties. */
    Topology topology() {
        VerdictProperties.Kafka kafka = clients.settings();
        StreamSettings settings = new StreamSettings(
                kafka.inputTopics(),
                kafka.alertsTopic(),
                kafka.deadLetterTopic(),
                kafka.alertFormat() == VerdictProperties.Alerts.Format.KIBANA
                        ? AlertFormat.KIBANA
                        : AlertFormat.VERDICT,
                kafka.includeEvent(),
                graceMillis,
                (int) kafka.maxRecordSize().toBytes(),
                kafka.maxEventsPerRecord(),
                clock);
        return new DetectionTopology(settings, rules, limits).build();
    }

    @Override
    public void start() {
        synchronized (lock) {
            running = true;
            // the rules are loaded by a runner after the context started: wait for them off the starting thread
            starter = new Thread(this::startWhenRulesAreIn, "verdict-stream-start");
            starter.setDaemon(true);
            starter.start();
        }
    }

    private void startWhenRulesAreIn() {
        try {
            while (running && !rulesLoaded.getAsBoolean()) {
                Thread.sleep(50);
            }
            Duration wait = clients.settings().rulesWait();
            try {
                rulesCaughtUp.get(wait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                log.warn(
                        "The rules topic was not read to its end within {}: the stream starts with the rules it has,"
                                + " and applies the others as they come",
                        wait);
            } catch (java.util.concurrent.ExecutionException e) {
                log.warn("The rules topic could not be read: {}", e.getCause().toString());
            }
            synchronized (lock) {
                if (!running) {
                    return;
                }
                Properties config = new Properties();
                config.putAll(clients.streams());
                KafkaStreams created = new KafkaStreams(topology(), config);
                created.setStateListener((now, before) -> {
                    if (now == KafkaStreams.State.RUNNING) {
                        wasRunning = true;
                    }
                    log.info("Kafka Streams {} -> {}", before, now);
                });
                created.setUncaughtExceptionHandler(e -> {
                    log.error("A stream thread failed; the stream stops (health DOWN) rather than skip events", e);
                    return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse
                            .SHUTDOWN_CLIENT;
                });
                metrics = new KafkaStreamsMicrometerListener(meters);
                metrics.streamsAdded(clients.settings().applicationId(), created);
                streams = created;
                created.start();
                log.info(
                        "Kafka Streams application {} started: events from {}, alerts to {} ({}), {}",
                        clients.settings().applicationId(),
                        clients.settings().inputTopics(),
                        clients.settings().alertsTopic(),
                        clients.settings().alertFormat(),
                        clients.settings().processingGuarantee());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("The Kafka Streams application could not start", e);
            throw e;
        }
    }

    @Override
    public void stop() {
        KafkaStreams current;
        synchronized (lock) {
            running = false;
            current = streams;
            if (starter != null) {
                starter.interrupt();
            }
        }
        if (current != null) {
            Duration timeout = clients.settings().closeTimeout();
            boolean closed = current.close(
                    new KafkaStreams.CloseOptions().timeout(timeout).leaveGroup(true));
            if (!closed) {
                log.warn(
                        "Kafka Streams did not stop within {}: uncommitted records are processed again by the instance"
                                + " that takes the partitions",
                        timeout);
            }
            metrics.streamsRemoved(clients.settings().applicationId(), current);
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /** The Kafka Streams client, null before it is created. */
    KafkaStreams streams() {
        return streams;
    }

    /** Whether the stream reached RUNNING at least once (a later rebalance does not make it unready). */
    boolean wasRunning() {
        return wasRunning;
    }

    /**
     * Records between each partition's end and the main consumers' position, as of their last fetch (the
     * {@code records-lag} metric of the consumers): fresher than the task's end offsets, which move only when it
     * processes records.
     */
    private static java.util.Map<TopicPartition, Long> fetchLag(KafkaStreams streams) {
        java.util.Map<TopicPartition, Long> lag = new java.util.HashMap<>();
        streams.metrics().forEach((name, metric) -> {
            java.util.Map<String, String> tags = name.tags();
            String client = tags.getOrDefault("client-id", "");
            if (name.name().equals("records-lag")
                    && name.group().equals("consumer-fetch-manager-metrics")
                    && tags.containsKey("topic")
                    && tags.containsKey("partition")
                    && client.endsWith("-consumer")
                    && !client.endsWith("restore-consumer")
                    && !client.endsWith("global-consumer")
                    && metric.metricValue() instanceof Number value
                    && !Double.isNaN(value.doubleValue())) {
                lag.put(new TopicPartition(tags.get("topic"), Integer.parseInt(tags.get("partition"))), (long)
                        Math.max(0, value.doubleValue()));
            }
        });
        return lag;
    }

    /** The state, threads, assigned partitions and lag of this instance. */
    StreamStatus status(RuleTopic ruleTopic) {
        KafkaStreams current = streams;
        VerdictProperties.Kafka kafka = clients.settings();
        StreamStatus.Rules rulesView = new StreamStatus.Rules(
                kafka.rulesTopic(), ruleTopic.caughtUp().isDone(), ruleTopic.applied(), ruleTopic.unpublished());
        if (current == null) {
            return new StreamStatus(
                    true,
                    "STARTING",
                    kafka.applicationId(),
                    clients.instanceId(),
                    kafka.processingGuarantee(),
                    List.of(),
                    0,
                    rulesView);
        }
        List<StreamStatus.Thread> threads = new ArrayList<>();
        java.util.Map<TopicPartition, Long> fetchLag = fetchLag(current);
        long totalLag = 0;
        for (ThreadMetadata thread : current.metadataForLocalThreads()) {
            List<StreamStatus.Partition> partitions = new ArrayList<>();
            for (TaskMetadata task : thread.activeTasks()) {
                for (TopicPartition partition : task.topicPartitions()) {
                    Long end = task.endOffsets().get(partition);
                    Long committed = task.committedOffsets().get(partition);
                    Long lag = fetchLag.containsKey(partition)
                            ? fetchLag.get(partition)
                            : end == null || committed == null || end < 0 || committed < 0
                                    ? null
                                    : Math.max(0, end - committed);
                    totalLag += lag == null ? 0 : lag;
                    partitions.add(new StreamStatus.Partition(
                            partition.topic(),
                            partition.partition(),
                            task.taskId().toString(),
                            committed,
                            end,
                            lag));
                }
            }
            partitions.sort(java.util.Comparator.comparing(StreamStatus.Partition::topic)
                    .thenComparingInt(StreamStatus.Partition::partition));
            threads.add(new StreamStatus.Thread(
                    thread.threadName(),
                    thread.threadState(),
                    partitions,
                    thread.standbyTasks().size()));
        }
        threads.sort(java.util.Comparator.comparing(StreamStatus.Thread::name));
        return new StreamStatus(
                true,
                current.state().name(),
                kafka.applicationId(),
                clients.instanceId(),
                kafka.processingGuarantee(),
                threads,
                totalLag,
                rulesView);
    }
}
