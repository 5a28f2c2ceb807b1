package io.verdict.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroupsPostProcessor;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** With the Kafka mode off (the default) none of its beans exist; on, the stream joins the readiness group. */
class KafkaModeOffTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(VerdictProperties.class)
    @Import(KafkaConfiguration.class)
    static class Only {}

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Only.class);

    @Test
    void offByDefaultNothingOfKafkaExists() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(KafkaClients.class);
            assertThat(context).doesNotHaveBean(RuleTopic.class);
            assertThat(context).doesNotHaveBean(DetectionStream.class);
            assertThat(context).doesNotHaveBean(StreamStatus.Source.class);
            assertThat(context).doesNotHaveBean(HealthEndpointGroupsPostProcessor.class);
        });
        runner.withPropertyValues("verdict.kafka.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(KafkaClients.class));
    }
}
