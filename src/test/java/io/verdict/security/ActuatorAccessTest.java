package io.verdict.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Actuator, Swagger UI and the security headers, as an anonymous caller and with keys. */
class ActuatorAccessTest extends KeyedServer {

    @Test
    void healthDetailsAreHiddenFromAnonymousCallers() throws IOException {
        for (String path : List.of("/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness")) {
            RawHttp.Response response = get(path, null);
            assertThat(response.status()).as(path).isEqualTo(200);
            JsonNode health = json(response);
            assertThat(health.path("status").asString()).as(path).isEqualTo("UP");
            assertThat(health.has("components")).as(path).isFalse();
            assertThat(health.has("details")).as(path).isFalse();
            assertThat(response.body()).as(path).doesNotContain("diskSpace", "\"path\"", ROOT.toString());
        }
        assertThat(get("/actuator/health/rules", null).status()).isEqualTo(401);
        assertThat(get("/actuator/health/dataDirectory", null).status()).isEqualTo(401);
    }

    @Test
    void healthDetailsAreShownToAKeyWithoutAServerPath() throws IOException {
        RawHttp.Response response = get("/actuator/health", READER);
        JsonNode health = json(response);
        assertThat(health.path("components")
                        .path("rules")
                        .path("details")
                        .path("rules")
                        .asInt())
                .isEqualTo(1);
        assertThat(health.path("components")
                        .path("dataDirectory")
                        .path("details")
                        .path("free")
                        .asLong())
                .isPositive();
        assertThat(health.path("components").has("diskSpace"))
                .as("it names its path")
                .isFalse();
        assertThat(response.body()).doesNotContain("\"path\"", ROOT.toString(), System.getProperty("user.dir"));
        assertThat(json(get("/actuator/health/rules", READER))
                        .path("details")
                        .path("rules")
                        .asInt())
                .isEqualTo(1);
        assertThat(json(get("/actuator/health", WRITE_ONLY)).has("components"))
                .as("any authenticated caller")
                .isTrue();
    }

    @Test
    void metricsNeedTheReadScope() throws IOException {
        for (String path :
                List.of("/actuator/metrics", "/actuator/metrics/verdict.rules.loaded", "/actuator/prometheus")) {
            RawHttp.Response anonymous = get(path, null);
            assertThat(anonymous.status()).as(path).isEqualTo(401);
            assertThat(json(anonymous).path("scope").asString()).as(path).isEqualTo("read");
            assertThat(get(path, WRITE_ONLY).status()).as(path).isEqualTo(403);
        }
        assertThat(get("/actuator/metrics", READER).status()).isEqualTo(200);
        assertThat(json(get("/actuator/metrics/verdict.rules.loaded", READER))
                        .path("measurements")
                        .get(0)
                        .path("value")
                        .asDouble())
                .isEqualTo(1.0);
    }

    @Test
    void infoIsOpenAndOtherActuatorPathsAreDenied() throws IOException {
        assertThat(get("/actuator/info", null).status()).isEqualTo(200);
        for (String path : List.of("/actuator", "/actuator/env", "/actuator/beans", "/actuator/heapdump")) {
            for (String key : new String[] {null, READER, WRITER}) {
                RawHttp.Response response = get(path, key);
                assertThat(response.status()).as(path + " " + key).isEqualTo(403);
                assertThat(json(response).path("type").asString()).isEqualTo("urn:verdict:problem:access-denied");
            }
        }
        assertThat(send("POST", "/actuator/health", WRITER, "application/json", "{}")
                        .status())
                .isEqualTo(403);
    }

    @Test
    void swaggerUiAndTheOpenApiDocumentStayOpen() throws IOException {
        RawHttp.Response ui = get("/swagger-ui/index.html", null);
        assertThat(ui.status()).isEqualTo(200);
        assertThat(ui.header("Content-Security-Policy")).contains("script-src 'self'", "connect-src 'self'");
        for (String asset : List.of(
                "/swagger-ui/swagger-ui-bundle.js",
                "/swagger-ui/swagger-initializer.js",
                "/swagger-ui/swagger-ui.css",
                "/v3/api-docs/swagger-config")) {
            assertThat(get(asset, null).status()).as(asset).isEqualTo(200);
        }
        assertThat(get("/swagger-ui.html", null).status()).isIn(200, 302);
        JsonNode api = json(get("/v3/api-docs", null));
        assertThat(api.path("components")
                        .path("securitySchemes")
                        .path("apiKey")
                        .path("name")
                        .asString())
                .isEqualTo("X-API-Key");
        assertThat(api.path("components").path("securitySchemes").has("bearer"))
                .as("no JWT configured")
                .isFalse();
    }

    @Test
    void apiAnswersCarryTheSecurityHeaders() throws IOException {
        for (String key : new String[] {READER, null}) {
            RawHttp.Response response = get("/api/v1/rules", key);
            assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(response.header("X-Frame-Options")).isEqualTo("DENY");
            assertThat(response.header("Cache-Control")).contains("no-store");
            assertThat(response.header("Content-Security-Policy")).isEqualTo(ContentSecurityPolicy.API);
            assertThat(response.header("Strict-Transport-Security"))
                    .as("only over https")
                    .isNull();
            assertThat(response.header("Set-Cookie")).as("stateless").isNull();
        }
    }
}
