package io.verdict.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.bind.BindException;

/** The Kafka mode is off unless asked for, and a setting that cannot work stops the start saying which. */
class KafkaPropertiesTest {

    private static VerdictProperties.Kafka bind(Map<String, String> properties) {
        return WebhookPropertiesTest.bind(properties).kafka();
    }

    @Test
    void theKafkaModeIsOffByDefaultAndItsDefaultsNeedNoCheck() {
        VerdictProperties.Kafka kafka = bind(Map.of("verdict.rules.paths", "rules"));
        assertThat(kafka.enabled()).isFalse();
        assertThat(kafka).isEqualTo(VerdictProperties.Kafka.OFF);
        // off, even values that could not work do not stop the start
        assertThat(bind(Map.of("verdict.kafka.processing-guarantee", "exactly_once"))
                        .enabled())
                .isFalse();
    }

    @Test
    void anEnabledKafkaModeGetsItsDefaults() {
        VerdictProperties.Kafka kafka =
                bind(Map.of("verdict.kafka.enabled", "true", "verdict.kafka.properties.security.protocol", "SASL_SSL"));
        assertThat(kafka.bootstrapServers()).isEqualTo("localhost:9092");
        assertThat(kafka.applicationId()).isEqualTo("verdict");
        assertThat(kafka.inputTopics()).containsExactly("events");
        assertThat(kafka.alertsTopic()).isEqualTo("verdict-alerts");
        assertThat(kafka.deadLetterTopic()).isEqualTo("verdict-dead-letters");
        assertThat(kafka.rulesTopic()).isEqualTo("verdict-rules");
        assertThat(kafka.alertFormat()).isEqualTo(VerdictProperties.Alerts.Format.VERDICT);
        assertThat(kafka.processingGuarantee()).isEqualTo("at_least_once");
        assertThat(kafka.numStreamThreads()).isEqualTo(1);
        assertThat(kafka.commitInterval()).isNull();
        assertThat(kafka.closeTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(kafka.properties()).containsEntry("security.protocol", "SASL_SSL");
    }

    @Test
    void theStreamsConfigurationCarriesTheOwnPropertiesOverThePassThrough() {
        VerdictProperties.Kafka kafka = bind(Map.of(
                "verdict.kafka.enabled",
                "true",
                "verdict.kafka.bootstrap-servers",
                "k1:9092,k2:9092",
                "verdict.kafka.application-id",
                "detect",
                "verdict.kafka.processing-guarantee",
                "exactly_once_v2",
                "verdict.kafka.commit-interval",
                "250ms",
                "verdict.kafka.properties.consumer.max.poll.records",
                "100",
                "verdict.kafka.properties.sasl.mechanism",
                "PLAIN"));
        KafkaClients clients = new KafkaClients(kafka);
        assertThat(clients.streams())
                .containsEntry("application.id", "detect")
                .containsEntry("bootstrap.servers", "k1:9092,k2:9092")
                .containsEntry("processing.guarantee", "exactly_once_v2")
                .containsEntry("commit.interval.ms", 250L)
                .containsEntry("consumer.max.poll.records", "100");
        // the plain clients of the rules topic get the security settings, not those prefixed for Kafka Streams'
        assertThat(clients.ruleConsumer())
                .containsEntry("sasl.mechanism", "PLAIN")
                .doesNotContainKey("consumer.max.poll.records")
                .containsEntry("isolation.level", "read_committed");
        assertThat(clients.instanceId()).isNotBlank();
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "bootstrap-servers|''|bootstrap-servers is required",
                "bootstrap-servers|kafka|bootstrap-servers must be host:port pairs separated by commas; 'kafka' is not one",
                "application-id|my app|application-id must be a Kafka name",
                "input-topics|''|input-topics names no topic",
                "input-topics|verdict-alerts|input-topics must not name 'verdict-alerts', which is also an output topic",
                "alerts-topic|verdict-rules|alerts-topic, dead-letter-topic and rules-topic must be three different topics",
                "rules-topic|..|rules-topic must be a Kafka name",
                "processing-guarantee|exactly_once|processing-guarantee must be at_least_once or exactly_once_v2",
                "num-stream-threads|0|num-stream-threads must be between 1 and 256, not 0",
                "commit-interval|0s|commit-interval must be positive",
                "max-events-per-record|0|max-events-per-record must be at least 1",
                "close-timeout|0s|close-timeout must be positive",
                "alert-format|json|Failed to convert",
            })
    void aKafkaSettingThatCannotWorkStopsTheStartSayingWhich(String property, String value, String message) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("verdict.kafka.enabled", "true");
        properties.put("verdict.kafka." + property, value);
        assertThatThrownBy(() -> bind(properties))
                .isInstanceOf(BindException.class)
                .satisfies(e -> assertThat(WebhookPropertiesTest.messages(e)).contains(message));
    }

    @Test
    void aPassThroughPropertyThatHasItsOwnSettingIsRefusedWithoutItsValue() {
        Map<String, String> properties =
                Map.of("verdict.kafka.enabled", "true", "verdict.kafka.properties.[application.id]", "s3cr3t-app");
        assertThatThrownBy(() -> bind(properties))
                .isInstanceOf(BindException.class)
                .satisfies(e -> assertThat(WebhookPropertiesTest.messages(e))
                        .contains("properties.application.id is set by verdict.kafka.application-id")
                        .doesNotContain("s3cr3t-app"));
    }

    @Test
    void severalInputTopicsAreBoundInOrder() {
        assertThat(bind(Map.of("verdict.kafka.enabled", "true", "verdict.kafka.input-topics", "logs-a,logs-b"))
                        .inputTopics())
                .isEqualTo(List.of("logs-a", "logs-b"));
    }
}
