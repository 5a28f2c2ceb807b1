package io.verdict.config;

import org.apache.kafka.streams.KafkaStreams;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * {@code kafkaStreams} health, part of the readiness group in the Kafka mode: OUT_OF_SERVICE until the stream has
 * reached RUNNING (rules read, partitions assigned, state restored), then UP — a later rebalance keeps it UP, as the
 * REST API and the other partitions still work; DOWN once the stream failed ({@code PENDING_ERROR}, {@code ERROR})
 * or stopped.
 */
final class KafkaStreamsHealthIndicator implements HealthIndicator {

    static final String NAME = "kafkaStreams";

    private final DetectionStream stream;
    private final RuleTopic rules;

    KafkaStreamsHealthIndicator(DetectionStream stream, RuleTopic rules) {
        this.stream = stream;
        this.rules = rules;
    }

    @Override
    public Health health() {
        KafkaStreams streams = stream.streams();
        if (streams == null) {
            return Health.outOfService()
                    .withDetail("state", "STARTING")
                    .withDetail("rules_topic_read", rules.caughtUp().isDone())
                    .build();
        }
        KafkaStreams.State state = streams.state();
        Health.Builder health = switch (state) {
            case RUNNING -> Health.up();
            case REBALANCING -> stream.wasRunning() ? Health.up() : Health.outOfService();
            case CREATED -> Health.outOfService();
            case PENDING_SHUTDOWN, NOT_RUNNING, PENDING_ERROR, ERROR -> Health.down();
        };
        StreamStatus status = stream.status(rules);
        return health.withDetail("state", state.name())
                .withDetail("threads", status.threads().size())
                .withDetail(
                        "partitions",
                        status.threads().stream()
                                .mapToInt(t -> t.partitions().size())
                                .sum())
                .withDetail("lag", status.lag())
                .withDetail("rules_topic_read", rules.caughtUp().isDone())
                .withDetail("unpublished_rule_changes", rules.unpublished())
                .build();
    }
}
