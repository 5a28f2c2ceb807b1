package io.verdict.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.verdict.VerdictApplication;
import io.verdict.security.ApiKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** Where the keys come from: configured, generated (and kept by hash), or required. */
class SecurityConfigurationTest {

    @TempDir
    Path dir;

    final ListAppender<ILoggingEvent> log = new ListAppender<>();

    @BeforeEach
    void listen() {
        ((Logger) LoggerFactory.getLogger(SecurityConfiguration.class)).addAppender(log);
        log.start();
    }

    @AfterEach
    void stopListening() {
        ((Logger) LoggerFactory.getLogger(SecurityConfiguration.class)).detachAppender(log);
    }

    static VerdictProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("verdict", VerdictProperties.class);
    }

    List<String> messages() {
        return log.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void readsAndEvaluationsAreProtectedByDefault() {
        VerdictProperties.Security security = bind(Map.of()).security();
        assertThat(security.protectReads()).isTrue();
        assertThat(security.requireKey()).isFalse();
        assertThat(security.generatedKeyFile()).isEmpty();
        assertThat(security.jwt().scopesClaim()).isEmpty();
        assertThat(security.jwt().scopeMapping()).isEmpty();
    }

    @Test
    void aScopeMappingKeyMayHoldAColonInBrackets() {
        VerdictProperties.Jwt jwt = bind(Map.of(
                        "verdict.security.jwt.scopes-claim",
                        "roles",
                        "verdict.security.jwt.scope-mapping.[verdict:write]",
                        "write",
                        "verdict.security.jwt.scope-mapping.[api://verdict/read]",
                        "read"))
                .security()
                .jwt();
        assertThat(jwt.scopesClaim()).isEqualTo("roles");
        assertThat(jwt.scopeMapping()).isEqualTo(Map.of("verdict:write", "write", "api://verdict/read", "read"));
    }

    @Test
    void configuredKeysAreUsedAndNothingIsGenerated() throws Exception {
        ApiKeys keys = new SecurityConfiguration()
                .apiKeys(bind(Map.of(
                        "verdict.security.keys[0].id",
                        "soar",
                        "verdict.security.keys[0].sha256",
                        ApiKeys.sha256Hex("k"),
                        "verdict.security.generated-key-file",
                        dir.resolve("key").toString())));
        assertThat(keys.keys()).extracting(ApiKeys.Key::id).containsExactly("soar");
        assertThat(Files.exists(dir.resolve("key"))).isFalse();
        assertThat(messages()).isEmpty();
    }

    @Test
    void withoutAKeyFileEachStartGeneratesANewKeyPrintedOnce() throws Exception {
        ApiKeys first = new SecurityConfiguration().apiKeys(bind(Map.of()));
        ApiKeys second = new SecurityConfiguration().apiKeys(bind(Map.of()));
        assertThat(messages())
                .hasSize(2)
                .allSatisfy(m -> assertThat(m).contains("generated one for this run", "X-API-Key: vk_"));
        String printed = messages().get(0).replaceAll("(?s).*X-API-Key: (vk_[A-Za-z0-9_-]+).*", "$1");
        assertThat(first.find(printed)).isPresent();
        assertThat(second.find(printed)).as("a restart makes a new secret").isEmpty();
    }

    @Test
    void aGeneratedKeyKeptInTheKeyFileIsTheSameAfterARestartAndPrintedOnlyOnce() throws Exception {
        Path file = dir.resolve("volume/api-key.sha256");
        Map<String, String> properties = Map.of("verdict.security.generated-key-file", file.toString());
        ApiKeys first = new SecurityConfiguration().apiKeys(bind(properties));
        String printed = messages().get(0).replaceAll("(?s).*X-API-Key: (vk_[A-Za-z0-9_-]+).*", "$1");
        assertThat(messages().get(0)).contains("kept its SHA-256 in " + file, "It is printed only now.");
        assertThat(Files.readString(file).strip()).isEqualTo(ApiKeys.sha256Hex(printed));

        ApiKeys restarted = new SecurityConfiguration().apiKeys(bind(properties));
        assertThat(messages().get(1))
                .contains("the generated key whose SHA-256 is kept in " + file + " is in use")
                .doesNotContain("vk_");
        assertThat(restarted.find(printed))
                .hasValueSatisfying(k -> assertThat(k.id()).isEqualTo("generated"));
        assertThat(first.find(printed)).isPresent();
    }

    @Test
    void requireKeyRefusesToStartWithoutAConfiguredKey() throws Exception {
        Files.createDirectories(dir.resolve("rules"));
        String[] arguments = {
            "--server.port=0",
            "--verdict.rules.paths=" + dir.resolve("rules"),
            "--verdict.rules.store=" + dir.resolve("store"),
            "--verdict.rules.reload-interval=0",
            "--verdict.security.require-key=true",
            "--verdict.security.generated-key-file=" + dir.resolve("key")
        };
        assertThatThrownBy(() -> new SpringApplicationBuilder(VerdictApplication.class)
                        .run(arguments)
                        .close())
                .rootCause()
                .hasMessageContaining("verdict.security.require-key")
                .hasMessageContaining("no API key is configured")
                .hasMessageContaining("VERDICT_SECURITY_KEYS_0_SHA256");
        assertThat(Files.exists(dir.resolve("key"))).as("no key generated").isFalse();
    }
}
