package io.verdict.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;
import org.springframework.boot.logging.logback.StructuredLogEncoder;
import org.springframework.core.env.Environment;
import org.springframework.mock.env.MockEnvironment;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Audit lines read as before in a plain log, and through Spring Boot's ECS structured logging
 * ({@code logging.structured.format.console=ecs}) each is an ECS event with who did what to which rule.
 */
class AuditLogTest {

    record Case(String name, Consumer<AuditLog> write, String message, String action, String type, String ruleId) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Case> cases() {
        return List.of(
                new Case(
                        "create",
                        audit -> audit.ruleWritten("ci", "create", "r-1", 1, 0),
                        "actor=ci action=create rule_id=r-1 revision=1 exceptions=0",
                        "rule-create",
                        "creation",
                        "r-1"),
                new Case(
                        "exceptions",
                        audit -> audit.ruleWritten("jwt:soar", "exceptions", "r-2", 4, 2),
                        "actor=jwt:soar action=exceptions rule_id=r-2 revision=4 exceptions=2",
                        "rule-exceptions",
                        "change",
                        "r-2"),
                new Case(
                        "delete",
                        audit -> audit.ruleDeleted("ci", "r-3", 7),
                        "actor=ci action=delete rule_id=r-3 revision=7",
                        "rule-delete",
                        "deletion",
                        "r-3"),
                new Case(
                        "reload",
                        audit -> audit.reloaded("startup", 12, 1, false),
                        "actor=startup action=reload rules=12 errors=1 forced=false",
                        "rules-reload",
                        "change",
                        null));
    }

    final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    final StructuredLogEncoder ecs = new StructuredLogEncoder();

    @BeforeEach
    void attach() {
        ((Logger) LoggerFactory.getLogger("verdict.audit")).addAppender(lines);
        lines.start();
        LoggerContext context = new LoggerContext();
        context.putObject(
                Environment.class.getName(), new MockEnvironment().withProperty("spring.application.name", "verdict"));
        ecs.setContext(context);
        ecs.setFormat("ecs");
        ecs.start();
    }

    @AfterEach
    void detach() {
        ((Logger) LoggerFactory.getLogger("verdict.audit")).detachAppender(lines);
    }

    @ParameterizedTest
    @MethodSource("cases")
    void eachAuditLineIsAnEcsEvent(Case c) {
        c.write().accept(new AuditLog());

        assertThat(lines.list).hasSize(1);
        ILoggingEvent line = lines.list.get(0);
        assertThat(line.getFormattedMessage()).isEqualTo(c.message());
        JsonNode event = JsonMapper.builder().build().readTree(new String(ecs.encode(line), StandardCharsets.UTF_8));
        assertThat(event.path("ecs").path("version").asString()).isNotEmpty();
        assertThat(event.path("message").asString()).isEqualTo(c.message());
        assertThat(event.path("log").path("logger").asString()).isEqualTo("verdict.audit");
        assertThat(event.path("event").path("kind").asString()).isEqualTo("event");
        assertThat(event.path("event").path("action").asString()).isEqualTo(c.action());
        assertThat(event.path("event").path("outcome").asString()).isEqualTo("success");
        assertThat(event.path("event").path("category").get(0).asString()).isEqualTo("configuration");
        assertThat(event.path("event").path("type").get(0).asString()).isEqualTo(c.type());
        assertThat(event.path("user").path("name").asString())
                .isEqualTo(c.message().substring(6, c.message().indexOf(' ')));
        if (c.ruleId() == null) {
            assertThat(event.path("rule").isMissingNode()).isTrue();
        } else {
            assertThat(event.path("rule").path("id").asString()).isEqualTo(c.ruleId());
            assertThat(event.path("rule").path("version").asString()).isNotEmpty();
        }
    }
}
