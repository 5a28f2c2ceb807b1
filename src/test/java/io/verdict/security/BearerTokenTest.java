package io.verdict.security;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * OAuth2 bearer tokens beside API keys, against a local issuer: an in-test HTTP server publishes the OpenID
 * discovery document and the JWK set of an RSA key generated here, and tokens are signed with it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BearerTokenTest {

    static final RSAKey SIGNING = rsa("issuer-key");
    static final RSAKey FORGER = rsa("issuer-key");
    /** While set, the issuer answers 503 to everything. */
    static final AtomicBoolean ISSUER_DOWN = new AtomicBoolean();

    static final HttpServer ISSUER = issuer();
    static final String ISSUER_URI = "http://localhost:" + ISSUER.getAddress().getPort();
    static final String WRITER = "ci-secret";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", () -> ISSUER_URI);
        registry.add(
                "verdict.rules.paths", () -> KeyedServer.ROOT.resolve("rules").toString());
        registry.add(
                "verdict.rules.store",
                () -> KeyedServer.ROOT.resolve("jwt-store").toString());
        registry.add("verdict.rules.reload-interval", () -> "0");
        registry.add("verdict.security.protect-reads", () -> "true");
        registry.add("verdict.security.keys[0].id", () -> "ci");
        registry.add("verdict.security.keys[0].sha256", () -> ApiKeys.sha256Hex(WRITER));
    }

    static RSAKey rsa(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The OpenID discovery document and the JWK set (public part only) of {@link #SIGNING}. */
    static HttpServer issuer() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
            String base = "http://localhost:" + server.getAddress().getPort();
            serve(
                    server,
                    "/.well-known/openid-configuration",
                    "{\"issuer\": \"" + base + "\", \"jwks_uri\": \"" + base
                            + "/jwks\", \"subject_types_supported\": [\"public\"]}");
            serve(server, "/jwks", new JWKSet(SIGNING.toPublicJWK()).toString());
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void serve(HttpServer server, String path, String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        server.createContext(path, exchange -> {
            if (ISSUER_DOWN.get()) {
                exchange.sendResponseHeaders(503, -1);
                exchange.close();
                return;
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
    }

    @AfterAll
    static void stopIssuer() {
        ISSUER.stop(0);
    }

    @LocalServerPort
    int port;

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

    /** A token of {@code sub=soar-client} from the issuer, valid for five minutes, with these claims added. */
    static String token(RSAKey key, Map<String, Object> claims) throws JOSEException {
        JWTClaimsSet.Builder set = new JWTClaimsSet.Builder()
                .issuer(ISSUER_URI)
                .subject("soar-client")
                .issueTime(new Date())
                .expirationTime(Date.from(Instant.now().plus(Duration.ofMinutes(5))));
        claims.forEach(set::claim);
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), set.build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    static String token(Map<String, Object> claims) throws JOSEException {
        return token(SIGNING, claims);
    }

    RawHttp.Response send(String method, String target, String bearer, String contentType, String body)
            throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        if (bearer != null) {
            headers.put("Authorization", "Bearer " + bearer);
        }
        if (contentType != null) {
            headers.put("Content-Type", contentType);
        }
        return RawHttp.send(port, method, target, headers, body);
    }

    static JsonNode json(RawHttp.Response response) {
        return KeyedServer.json(response);
    }

    @Test
    void aTokenWithTheWriteScopeChangesRulesAndIsNamedInTheAudit() throws Exception {
        String token = token(Map.of("scope", "read write"));
        String id = "00000000-0000-4000-8000-00000000b0a1";
        assertThat(send("POST", "/api/v1/rules", token, "application/toml", KeyedServer.rule(id, "By Token"))
                        .status())
                .isEqualTo(201);
        assertThat(send("GET", "/api/v1/rules/" + id, token, null, null).status())
                .isEqualTo(200);
        assertThat(send("DELETE", "/api/v1/rules/" + id, token, null, null).status())
                .isEqualTo(200);
        assertThat(audit.list.stream().map(ILoggingEvent::getFormattedMessage))
                .containsSubsequence(
                        "actor=jwt:soar-client action=create rule_id=" + id + " revision=1 exceptions=0",
                        "actor=jwt:soar-client action=delete rule_id=" + id + " revision=1");
    }

    @Test
    void aTokenWithOnlyTheReadScopeReadsButDoesNotWrite() throws Exception {
        for (Object scopes : List.of("read", List.of("read"))) {
            String token = token(Map.of(scopes instanceof String ? "scope" : "scp", scopes));
            assertThat(send("GET", "/api/v1/rules", token, null, null).status())
                    .as("%s", scopes)
                    .isEqualTo(200);
            RawHttp.Response write = send("POST", "/api/v1/rules/_reload", token, null, null);
            assertThat(write.status()).isEqualTo(403);
            assertThat(write.header("Content-Type")).isEqualTo("application/problem+json");
            assertThat(write.header("WWW-Authenticate"))
                    .isEqualTo("Bearer error=\"insufficient_scope\", scope=\"write\"");
            JsonNode problem = json(write);
            assertThat(problem.path("type").asString()).isEqualTo("urn:verdict:problem:token-scope");
            assertThat(problem.path("detail").asString())
                    .isEqualTo(
                            "The bearer token of 'jwt:soar-client' does not have the 'write' scope this call needs.");
        }
    }

    @Test
    void aTokenWithoutAKnownScopeIsForbidden() throws Exception {
        for (Map<String, Object> claims : List.<Map<String, Object>>of(
                Map.of(),
                Map.of("scope", "verdict:read openid"),
                Map.of("scope", "READ"),
                Map.of("roles", List.of("read")))) {
            RawHttp.Response response = send("GET", "/api/v1/rules", token(claims), null, null);
            assertThat(response.status()).as("%s", claims).isEqualTo(403);
            assertThat(json(response).path("type").asString()).isEqualTo("urn:verdict:problem:token-scope");
        }
    }

    @Test
    void anInvalidTokenIsA401Problem() throws Exception {
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put(
                "expired",
                token(Map.of(
                        "scope", "read write", "exp", Date.from(Instant.now().minus(Duration.ofHours(1))))));
        tokens.put("wrong issuer", token(Map.of("scope", "read write", "iss", "https://elsewhere.example")));
        tokens.put("wrong key", token(FORGER, Map.of("scope", "read write")));
        tokens.put("not a JWT", "abc.def.ghi");
        tokens.put("malformed", "not a token!");
        for (Map.Entry<String, String> token : tokens.entrySet()) {
            RawHttp.Response response = send("GET", "/api/v1/rules", token.getValue(), null, null);
            assertThat(response.status()).as(token.getKey()).isEqualTo(401);
            assertThat(response.header("Content-Type")).as(token.getKey()).isEqualTo("application/problem+json");
            assertThat(response.header("WWW-Authenticate"))
                    .as(token.getKey())
                    .isEqualTo("Bearer error=\"invalid_token\"");
            JsonNode problem = json(response);
            assertThat(problem.path("type").asString())
                    .as(token.getKey())
                    .isEqualTo("urn:verdict:problem:invalid-token");
            assertThat(problem.path("detail").asString())
                    .as(token.getKey())
                    .startsWith("The bearer token is not accepted: ");
        }
        assertThat(send("POST", "/api/v1/rules/_reload", tokens.get("expired"), null, null)
                        .status())
                .isEqualTo(401);
    }

    @Test
    void anIssuerThatCannotBeReachedIsA503ProblemNotA500() throws Exception {
        // a key the service has not seen makes it fetch the issuer's keys again
        String rotated = token(rsa("rotated-key"), Map.of("scope", "read"));
        ISSUER_DOWN.set(true);
        try {
            RawHttp.Response response = send("GET", "/api/v1/rules", rotated, null, null);
            assertThat(response.status()).isEqualTo(503);
            assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
            assertThat(json(response).path("type").asString()).isEqualTo("urn:verdict:problem:token-check-unavailable");
        } finally {
            ISSUER_DOWN.set(false);
        }
        RawHttp.Response key = RawHttp.send(port, "GET", "/api/v1/rules", Map.of("X-API-Key", WRITER), null);
        assertThat(key.status()).as("keys do not depend on the issuer").isEqualTo(200);
    }

    @Test
    void keysWorkBesideTokensAndThe401NamesBoth() throws Exception {
        RawHttp.Response key = RawHttp.send(port, "POST", "/api/v1/rules/_reload", Map.of("X-API-Key", WRITER), null);
        assertThat(key.status()).isEqualTo(200);
        RawHttp.Response anonymous = send("GET", "/api/v1/rules", null, null, null);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.all("WWW-Authenticate")).containsExactly("ApiKey header=\"X-API-Key\"", "Bearer");
        assertThat(json(anonymous).path("detail").asString())
                .isEqualTo(
                        "This call needs an API key in the X-API-Key header or a bearer token in the Authorization header.");
        JsonNode schemes = json(send("GET", "/v3/api-docs", null, null, null))
                .path("components")
                .path("securitySchemes");
        assertThat(schemes.path("apiKey").path("name").asString()).isEqualTo("X-API-Key");
        assertThat(schemes.path("bearer").path("scheme").asString()).isEqualTo("bearer");
    }

    @Test
    void healthDetailsAreShownToAToken() throws Exception {
        assertThat(json(send("GET", "/actuator/health", null, null, null)).has("components"))
                .isFalse();
        assertThat(json(send("GET", "/actuator/health", token(Map.of("scope", "read")), null, null))
                        .has("components"))
                .isTrue();
        assertThat(send("GET", "/actuator/metrics", token(Map.of("scope", "read")), null, null)
                        .status())
                .isEqualTo(200);
    }
}
