package io.verdict.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** {@code verdict.alerts.*}: chaining alerts to the rules over the alerts index is on unless switched off. */
class AlertsPropertiesTest {

    private static VerdictProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("verdict", VerdictProperties.class);
    }

    @Test
    void alertsAreChainedByDefault() {
        assertThat(bind(Map.of()).alerts().chain()).isTrue();
    }

    @Test
    void chainFalseSwitchesItOff() {
        assertThat(bind(Map.of("verdict.alerts.chain", "false")).alerts().chain())
                .isFalse();
    }
}
