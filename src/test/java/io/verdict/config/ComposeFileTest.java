package io.verdict.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.verdict.security.ApiKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.yaml.snakeyaml.Yaml;

/**
 * The top-level {@code compose.yaml} (there is no Docker here to run {@code docker compose config}): it parses, its
 * two Verdict instances are of one Kafka application with the topics the broker is given, and their environment
 * binds to the properties it means.
 */
class ComposeFileTest {

    @SuppressWarnings("unchecked")
    private static Map<String, Object> services() throws IOException {
        Map<String, Object> compose = new Yaml().load(Files.readString(Path.of("compose.yaml")));
        return (Map<String, Object>) compose.get("services");
    }

    @SuppressWarnings("unchecked")
    private static VerdictProperties instance(Map<String, Object> services, String name) {
        Map<String, Object> service = (Map<String, Object>) services.get(name);
        Map<String, Object> environment = new LinkedHashMap<>((Map<String, Object>) service.get("environment"));
        MutablePropertySources sources = new MutablePropertySources();
        sources.addFirst(new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, environment));
        return new Binder(ConfigurationPropertySources.from(sources))
                .bind("verdict", VerdictProperties.class)
                .get();
    }

    @Test
    void twoInstancesOfOneApplicationOnTheTopicsTheBrokerIsGiven() throws IOException {
        Map<String, Object> services = services();
        assertThat(services).containsKeys("kafka", "topics", "verdict-1", "verdict-2");
        VerdictProperties one = instance(services, "verdict-1");
        VerdictProperties two = instance(services, "verdict-2");
        for (VerdictProperties instance : List.of(one, two)) {
            assertThat(instance.kafka().enabled()).isTrue();
            assertThat(instance.kafka().bootstrapServers()).isEqualTo("kafka:9092");
            assertThat(instance.kafka().processingGuarantee()).isEqualTo("exactly_once_v2");
            assertThat(instance.security().keys())
                    .singleElement()
                    .satisfies(key -> assertThat(key.sha256()).isEqualTo(ApiKeys.sha256Hex("local-try-key")));
        }
        assertThat(one.kafka().applicationId()).isEqualTo(two.kafka().applicationId());
        assertThat(one.kafka().instanceId()).isNotEqualTo(two.kafka().instanceId());

        String topics = String.valueOf(((Map<?, ?>) services.get("topics")).get("command"));
        VerdictProperties.Kafka kafka = one.kafka();
        for (String topic : List.of(kafka.inputTopics().get(0), kafka.alertsTopic(), kafka.deadLetterTopic())) {
            assertThat(topics).contains("--topic " + topic + " ");
        }
        assertThat(topics)
                .contains("--topic " + kafka.rulesTopic() + " --partitions 1 --config cleanup.policy=compact");
        assertThat(topics).contains("--topic events --partitions 4");
    }

    @Test
    void theBrokerRunsInKraftModeWithTheTransactionLogExactlyOnceNeeds() throws IOException {
        Map<?, ?> environment = (Map<?, ?>) ((Map<?, ?>) services().get("kafka")).get("environment");
        assertThat(String.valueOf(environment.get("KAFKA_PROCESS_ROLES"))).isEqualTo("broker,controller");
        assertThat(environment.get("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR"))
                .isEqualTo(1);
        assertThat(environment.get("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR")).isEqualTo(1);
    }
}
