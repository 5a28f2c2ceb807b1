package io.verdict.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.verdict.engine.Detections;
import io.verdict.lifecycle.RuleChanges;
import java.time.Clock;
import java.util.function.BooleanSupplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.health.actuate.endpoint.AdditionalHealthEndpointPath;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroup;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroupsPostProcessor;
import org.springframework.boot.health.actuate.endpoint.HttpCodeStatusMapper;
import org.springframework.boot.health.actuate.endpoint.StatusAggregator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Kafka mode ({@code verdict.kafka.enabled=true}): the rules topic every instance publishes its rule changes to
 * and applies, the Kafka Streams application deciding the events of the input topics, its health in the readiness
 * group, its metrics in Micrometer and its status at {@code GET /api/v1/stream}. Off, none of it exists.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty("verdict.kafka.enabled")
class KafkaConfiguration {

    @Bean
    KafkaClients kafkaClients(VerdictProperties properties) {
        return new KafkaClients(properties.kafka());
    }

    @Bean
    RuleTopic ruleTopic(
            KafkaClients clients, RuleChanges changes, Detections detections, ObjectProvider<MeterRegistry> meters) {
        return new RuleTopic(
                clients, changes, rulesLoaded(changes, detections), meters.getIfAvailable(SimpleMeterRegistry::new));
    }

    @Bean
    DetectionStream detectionStream(
            KafkaClients clients,
            Detections detections,
            RuleChanges changes,
            RuleTopic ruleTopic,
            VerdictProperties properties,
            Clock clock,
            ObjectProvider<MeterRegistry> meters) {
        return new DetectionStream(
                clients,
                detections::current,
                StateLimits.of(properties.state()),
                properties.state().allowedLateness().toMillis(),
                clock,
                meters.getIfAvailable(SimpleMeterRegistry::new),
                rulesLoaded(changes, detections),
                ruleTopic.caughtUp());
    }

    @Bean(KafkaStreamsHealthIndicator.NAME)
    KafkaStreamsHealthIndicator kafkaStreamsHealthIndicator(DetectionStream stream, RuleTopic ruleTopic) {
        return new KafkaStreamsHealthIndicator(stream, ruleTopic);
    }

    @Bean
    StreamStatus.Source streamStatus(DetectionStream stream, RuleTopic ruleTopic) {
        return () -> stream.status(ruleTopic);
    }

    /**
     * The stream's health joins the readiness group only in the Kafka mode: named in the group's properties, it
     * would fail the start of every instance without it.
     */
    @Bean
    HealthEndpointGroupsPostProcessor kafkaStreamsInReadiness() {
        return groups -> {
            java.util.Map<String, HealthEndpointGroup> named = new java.util.LinkedHashMap<>();
            for (String name : groups.getNames()) {
                HealthEndpointGroup group = groups.get(name);
                named.put(
                        name,
                        "readiness".equals(name) ? new WithMember(group, KafkaStreamsHealthIndicator.NAME) : group);
            }
            return HealthEndpointGroups.of(groups.getPrimary(), named);
        };
    }

    /** True once this instance's rule files are loaded and compiled. */
    private static BooleanSupplier rulesLoaded(RuleChanges changes, Detections detections) {
        return () -> changes.snapshot().set().loadedAt() != null && detections.ready();
    }

    /** A health group with one more member. */
    private record WithMember(HealthEndpointGroup group, String member) implements HealthEndpointGroup {

        @Override
        public boolean isMember(String name) {
            return member.equals(name) || group.isMember(name);
        }

        @Override
        public boolean showComponents(SecurityContext context) {
            return group.showComponents(context);
        }

        @Override
        public boolean showDetails(SecurityContext context) {
            return group.showDetails(context);
        }

        @Override
        public StatusAggregator getStatusAggregator() {
            return group.getStatusAggregator();
        }

        @Override
        public HttpCodeStatusMapper getHttpCodeStatusMapper() {
            return group.getHttpCodeStatusMapper();
        }

        @Override
        public AdditionalHealthEndpointPath getAdditionalPath() {
            return group.getAdditionalPath();
        }
    }
}
