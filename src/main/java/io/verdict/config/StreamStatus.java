package io.verdict.config;

import java.util.List;

/**
 * What the Kafka mode of this instance is doing: the Kafka Streams state, each stream thread with the input and
 * repartition partitions it processes and how far behind their end it is, and the rules topic.
 *
 * @param enabled             whether the Kafka mode is on ({@code verdict.kafka.enabled})
 * @param state               Kafka Streams' state ({@code CREATED}, {@code REBALANCING}, {@code RUNNING},
 *                            {@code PENDING_SHUTDOWN}, {@code NOT_RUNNING}, {@code PENDING_ERROR}, {@code ERROR}),
 *                            {@code STARTING} while the rules are read, {@code OFF} when the Kafka mode is off
 * @param applicationId       the Kafka Streams application id (the consumer group)
 * @param instanceId          this instance, as named in the rule changes it publishes
 * @param processingGuarantee {@code at_least_once} or {@code exactly_once_v2}
 * @param threads             the stream threads of this instance
 * @param lag                 records behind the end of the partitions this instance processes, in all (as of the
 *                            last commit)
 * @param rules               the rules topic
 */
public record StreamStatus(
        boolean enabled,
        String state,
        String applicationId,
        String instanceId,
        String processingGuarantee,
        List<Thread> threads,
        long lag,
        Rules rules) {

    /** Where the status is read from: present only in the Kafka mode. */
    @FunctionalInterface
    public interface Source {
        StreamStatus status();
    }

    /** The Kafka mode is off. */
    public static final StreamStatus OFF = new StreamStatus(false, "OFF", null, null, null, List.of(), 0, null);

    /**
     * @param name       the thread's name
     * @param state      its state
     * @param partitions the partitions of its active tasks
     * @param standbys   standby tasks it keeps warm
     */
    public record Thread(String name, String state, List<Partition> partitions, int standbys) {}

    /**
     * @param topic     an input or repartition topic
     * @param partition its partition
     * @param task      the Kafka Streams task processing it
     * @param committed the last committed offset (null before the first commit)
     * @param end       the partition's end offset as last seen (null before it was seen)
     * @param lag       records between them
     */
    public record Partition(String topic, int partition, String task, Long committed, Long end, Long lag) {}

    /**
     * @param topic       the compacted rules topic
     * @param caughtUp    whether it was read to the end it had when this instance started
     * @param applied     changes of other instances applied here since the start
     * @param unpublished changes made here not yet published (sent again until they are)
     */
    public record Rules(String topic, boolean caughtUp, long applied, int unpublished) {}
}
