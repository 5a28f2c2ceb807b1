package io.verdict.security;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/** The X-API-Key over HTTP: who may read, evaluate and write, the 401 and 403 problems, the audit actor. */
class ApiKeyAuthenticationTest extends KeyedServer {

    static final String EVENT = "{\"event\": {\"category\": [\"process\"]}, \"process\": {\"name\": \"x.exe\"}}";

    final ListAppender<ILoggingEvent> audit = new ListAppender<>();

    @BeforeEach
    void listen() {
        ((Logger) LoggerFactory.getLogger("verdict.audit")).addAppender(audit);
        audit.start();
    }

    @AfterEach
    void stopListening() {
        ((Logger) LoggerFactory.getLogger("verdict.audit")).detachAppender(audit);
    }

    @Test
    void theUnauthorisedProblemIsUtf8WithoutTheIsoCharset() throws IOException {
        RawHttp.Response response = send("POST", "/api/v1/rules", null, "application/toml", rule("x", "X"));
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(response.all("WWW-Authenticate")).containsExactly("ApiKey header=\"X-API-Key\"");
        assertThat(Integer.parseInt(response.header("Content-Length")))
                .isEqualTo(response.body().getBytes(StandardCharsets.UTF_8).length);
        JsonNode problem = json(response);
        assertThat(problem.path("type").asString()).isEqualTo("urn:verdict:problem:api-key-required");
        assertThat(problem.path("title").asString()).isEqualTo("API key required");
        assertThat(problem.path("status").asInt()).isEqualTo(401);
        assertThat(problem.path("detail").asString()).isEqualTo("This call needs an API key in the X-API-Key header.");
        assertThat(problem.path("instance").asString()).isEqualTo("/api/v1/rules");
        assertThat(problem.path("scope").asString()).isEqualTo("write");

        RawHttp.Response unknown = send("POST", "/api/v1/rules", "guess", "application/toml", rule("x", "X"));
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(unknown.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(json(unknown).path("detail").asString())
                .isEqualTo("The API key in the X-API-Key header is not known.");
    }

    @Test
    void aKeyWithoutTheScopeIsForbidden() throws IOException {
        RawHttp.Response write = send("POST", "/api/v1/rules/_reload", READER, null, null);
        assertThat(write.status()).isEqualTo(403);
        assertThat(write.header("Content-Type")).isEqualTo("application/problem+json");
        JsonNode problem = json(write);
        assertThat(problem.path("type").asString()).isEqualTo("urn:verdict:problem:api-key-scope");
        assertThat(problem.path("title").asString()).isEqualTo("API key not allowed");
        assertThat(problem.path("detail").asString())
                .isEqualTo("API key 'soc' does not have the 'write' scope this call needs.");
        assertThat(problem.path("scope").asString()).isEqualTo("write");

        RawHttp.Response read = get("/api/v1/rules", WRITE_ONLY);
        assertThat(read.status()).isEqualTo(403);
        assertThat(json(read).path("detail").asString())
                .isEqualTo("API key 'bot' does not have the 'read' scope this call needs.");
    }

    @Test
    void readsAndEvaluationsNeedTheReadScopeWhenProtected() throws IOException {
        for (String[] call : List.of(
                new String[] {"GET", "/api/v1/rules", null, null},
                new String[] {"GET", "/api/v1/rules/" + SHIPPED, null, null},
                new String[] {"GET", "/api/v1/state", null, null},
                new String[] {"POST", "/api/v1/evaluate", "application/json", EVENT},
                new String[] {"POST", "/api/v1/evaluate/_batch", "application/x-ndjson", EVENT + "\n"})) {
            RawHttp.Response anonymous = send(call[0], call[1], null, call[2], call[3]);
            assertThat(anonymous.status()).as(call[1]).isEqualTo(401);
            assertThat(json(anonymous).path("scope").asString()).as(call[1]).isEqualTo("read");
            assertThat(send(call[0], call[1], READER, call[2], call[3]).status())
                    .as(call[1])
                    .isEqualTo(200);
        }
    }

    @Test
    void dryRunsNeedOnlyTheReadScope() throws IOException {
        String toml = rule("00000000-0000-4000-8000-00000000e0d1", "Dry Run");
        assertThat(send("POST", "/api/v1/rules/_validate", READER, "application/toml", toml)
                        .status())
                .isEqualTo(200);
        assertThat(send("POST", "/api/v1/rules/_test", READER, "application/toml", toml)
                        .status())
                .isNotIn(401, 403);
        assertThat(send("POST", "/api/v1/rules/" + SHIPPED + "/_explain", READER, "application/json", EVENT)
                        .status())
                .isEqualTo(200);
        assertThat(send(
                                "POST",
                                "/api/v1/rules/" + SHIPPED + "/exceptions/_preview",
                                READER,
                                "application/json",
                                "{\"entries\": [{\"field\": \"host.name\", \"operator\": \"included\", \"type\": \"match\", \"value\": \"h\"}]}")
                        .status())
                .isNotIn(401, 403);
        assertThat(send("POST", "/api/v1/rules/_validate", null, "application/toml", toml)
                        .status())
                .isEqualTo(401);
    }

    @Test
    void aBearerTokenCountsForNothingWhenNoIssuerIsConfigured() throws IOException {
        RawHttp.Response response = RawHttp.send(
                port,
                "POST",
                "/api/v1/rules/_reload",
                Map.of("Authorization", "Bearer eyJhbGciOiJub25lIn0.eyJzY29wZSI6IndyaXRlIn0."),
                null);
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.all("WWW-Authenticate")).containsExactly("ApiKey header=\"X-API-Key\"");
        assertThat(json(response).path("type").asString()).isEqualTo("urn:verdict:problem:api-key-required");
    }

    @Test
    void theAuditLogNamesTheKeyThatMadeTheChange() throws IOException {
        String id = "00000000-0000-4000-8000-00000000e0a1";
        assertThat(send("POST", "/api/v1/rules", WRITER, "application/toml", rule(id, "Audited"))
                        .status())
                .isEqualTo(201);
        assertThat(send("POST", "/api/v1/rules/" + id + "/_disable", WRITE_ONLY, null, null)
                        .status())
                .isEqualTo(200);
        assertThat(send("DELETE", "/api/v1/rules/" + id, WRITER, null, null).status())
                .isEqualTo(200);
        assertThat(audit.list.stream().map(ILoggingEvent::getFormattedMessage))
                .containsSubsequence(
                        "actor=ci action=create rule_id=" + id + " revision=1 exceptions=0",
                        "actor=bot action=disable rule_id=" + id + " revision=2 exceptions=0",
                        "actor=ci action=delete rule_id=" + id + " revision=2");
    }
}
