package io.verdict.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** A webhook that cannot work stops the start with a message naming the property and what is wrong with it. */
class WebhookPropertiesTest {

    static VerdictProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bind("verdict", VerdictProperties.class)
                .get();
    }

    @Test
    void aWebhookGetsItsDefaults() {
        VerdictProperties.Alerts alerts = bind(Map.of(
                        "verdict.alerts.webhooks[0].url", "https://soar.example.com/hook"))
                .alerts();
        assertThat(alerts.chain()).isTrue();
        assertThat(alerts.feed().maxAlerts()).isEqualTo(10_000);
        assertThat(alerts.feed().maxBytes().toMegabytes()).isEqualTo(64);
        VerdictProperties.Alerts.Webhook hook = alerts.webhooks().get(0);
        assertThat(hook.format()).isEqualTo(VerdictProperties.Alerts.Format.VERDICT);
        assertThat(hook.mode()).isEqualTo(VerdictProperties.Alerts.Mode.NDJSON);
        assertThat(hook.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(hook.maxAttempts()).isEqualTo(5);
        assertThat(hook.batchSize()).isEqualTo(100);
        assertThat(hook.linger()).isEqualTo(Duration.ofSeconds(1));
        assertThat(hook.queueSize()).isEqualTo(10_000);
        assertThat(hook.backoff()).isEqualTo(Duration.ofMillis(500));
        assertThat(hook.secret()).isNull();
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "url|ftp://files.example.com/x|url must be an http or https URL, not one of scheme 'ftp'",
                "url|soar.example.com/hook|url must be an http or https URL, not one of scheme '(none)'",
                "url|http://exa mple.com/|url is not a URL: Illegal character in authority",
                "url|https:///hook|url must name a host",
                "max-attempts|0|max-attempts must be between 1 and 100, not 0",
                "queue-size|0|queue-size must be between 1 and 10000000, not 0",
                "batch-size|0|batch-size must be between 1 and 10000, not 0",
                "timeout|0s|timeout must be positive",
                "headers[Content-Length]|12|header 'Content-Length' cannot be sent",
                "mode|batch|Failed to convert",
            })
    void aWebhookThatCannotWorkStopsTheStartSayingWhy(String property, String value, String message) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("verdict.alerts.webhooks[0].url", "https://soar.example.com/hook");
        properties.put("verdict.alerts.webhooks[0]." + property, value);
        assertThatThrownBy(() -> bind(properties))
                .isInstanceOf(BindException.class)
                .hasMessageContaining("verdict.alerts.webhooks[0]")
                .satisfies(e -> assertThat(messages(e)).contains(message));
    }

    @Test
    void aWebhookWithoutAUrlStopsTheStart() {
        assertThatThrownBy(() -> bind(Map.of("verdict.alerts.webhooks[0].secret", "x")))
                .satisfies(e -> assertThat(messages(e)).contains("url is required"));
    }

    @Test
    void theMessageNeverRepeatsAUrlsCredentials() {
        assertThatThrownBy(() -> bind(Map.of("verdict.alerts.webhooks[0].url", "gopher://user:hunter2@x/?token=abc")))
                .satisfies(
                        e -> assertThat(messages(e)).doesNotContain("hunter2").doesNotContain("abc"));
    }

    static String messages(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString();
    }
}
