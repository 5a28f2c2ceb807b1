package io.verdict.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.verdict.VerdictApplication;
import io.verdict.rule.RuleFixtures;
import io.verdict.security.ApiKeys;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A field no known field set has, over HTTP: with {@code verdict.rules.unknown-fields=refuse} the rule is an error
 * (listed in /rules/errors while the others load; an upload is a 400 {@code invalid-rule}; _validate says invalid),
 * with {@code warn} (the default) a warning with the nearest known names in each of those answers.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class UnknownFieldsApiTest {

    static final String KEY = "unknown-fields-secret";
    static final Path ROOT = tempDir();
    static final String MISSPELT = "00000000-0000-4000-8000-00000000e101";
    static final String SOUND = "00000000-0000-4000-8000-00000000e102";
    static final String SUGGESTION = "'proces.name' is not a known field; did you mean 'process.name'?";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        properties("refuse").forEach(p -> registry.add(p[0], () -> p[1]));
    }

    static List<String[]> properties(String mode) {
        return List.of(
                new String[] {"verdict.rules.paths", ROOT.resolve("rules").toString()},
                new String[] {
                    "verdict.rules.store", ROOT.resolve("store-" + mode).toString()
                },
                new String[] {"verdict.rules.cache-dir", ""},
                new String[] {"verdict.rules.reload-interval", "0"},
                new String[] {"verdict.rules.unknown-fields", mode},
                new String[] {"verdict.state.dir", ""},
                new String[] {"verdict.security.keys[0].id", "ci"},
                new String[] {"verdict.security.keys[0].sha256", ApiKeys.sha256Hex(KEY)});
    }

    static String rule(String id, String name, String field) {
        return RuleFixtures.toml(
                id, name, "low", "type = \"query\"\nlanguage = \"kuery\"\nquery = '" + field + ": \"a.exe\"'\n");
    }

    static Path tempDir() {
        try {
            Path root = Files.createTempDirectory("verdict-unknown-fields");
            Files.createDirectories(root.resolve("rules"));
            Files.writeString(root.resolve("rules/misspelt.toml"), rule(MISSPELT, "Misspelt", "proces.name"));
            Files.writeString(root.resolve("rules/sound.toml"), rule(SOUND, "Sound", "process.name"));
            return root;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @LocalServerPort
    int port;

    final HttpClient http = HttpClient.newHttpClient();
    final JsonMapper json = JsonMapper.builder().build();

    HttpResponse<String> send(int port, String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("X-API-Key", KEY)
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/toml");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode body(HttpResponse<String> response) {
        return json.readTree(response.body());
    }

    @Test
    void refuseListsTheRuleAmongTheErrorsAndRejectsItsUpload() throws Exception {
        JsonNode errors = body(send(port, "GET", "/api/v1/rules/errors", null));
        assertThat(errors.path("errors")).anySatisfy(e -> {
            assertThat(e.path("file").asString()).endsWith("misspelt.toml");
            assertThat(e.path("line").asInt()).isEqualTo(14);
            assertThat(e.path("column").asInt()).isEqualTo(10);
            assertThat(e.path("message").asString()).isEqualTo(SUGGESTION);
        });
        assertThat(send(port, "GET", "/api/v1/rules/" + SOUND, null).statusCode())
                .isEqualTo(200);

        String upload = rule("00000000-0000-4000-8000-00000000e103", "Uploaded Misspelt", "proces.name");
        HttpResponse<String> rejected = send(port, "POST", "/api/v1/rules", upload);
        assertThat(rejected.statusCode()).as(rejected.body()).isEqualTo(400);
        assertThat(body(rejected).path("type").asString()).isEqualTo("urn:verdict:problem:invalid-rule");
        assertThat(body(rejected).path("errors").get(0).path("message").asString())
                .isEqualTo(SUGGESTION);
        assertThat(body(rejected).path("errors").get(0).path("line").asInt()).isEqualTo(14);

        JsonNode validate = body(send(port, "POST", "/api/v1/rules/_validate", upload));
        assertThat(validate.path("valid").asBoolean()).isFalse();
        assertThat(validate.path("errors").get(0).path("message").asString()).isEqualTo(SUGGESTION);
    }

    @Test
    void warnLoadsTheRuleAndSaysSoInErrorsUploadsAndValidate() throws Exception {
        List<String> args = new ArrayList<>();
        properties("warn").forEach(p -> args.add("--" + p[0] + "=" + p[1]));
        args.add("--server.port=0");
        try (ConfigurableApplicationContext warn =
                new SpringApplicationBuilder(VerdictApplication.class).run(args.toArray(String[]::new))) {
            int other = Integer.parseInt(warn.getEnvironment().getProperty("local.server.port"));
            JsonNode errors = body(send(other, "GET", "/api/v1/rules/errors", null));
            assertThat(errors.path("errors")).isEmpty();
            assertThat(errors.path("warnings"))
                    .anySatisfy(w -> assertThat(w.path("message").asString()).isEqualTo(SUGGESTION));
            assertThat(send(other, "GET", "/api/v1/rules/" + MISSPELT, null).statusCode())
                    .isEqualTo(200);

            String upload = rule("00000000-0000-4000-8000-00000000e104", "Uploaded Misspelt", "proces.name");
            JsonNode validate = body(send(other, "POST", "/api/v1/rules/_validate", upload));
            assertThat(validate.path("valid").asBoolean()).isTrue();
            assertThat(validate.path("warnings").get(0).path("message").asString())
                    .isEqualTo(SUGGESTION);
            HttpResponse<String> created = send(other, "POST", "/api/v1/rules", upload);
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            assertThat(body(created).path("warnings").get(0).path("message").asString())
                    .isEqualTo(SUGGESTION);
            assertThat(body(created).path("warnings").get(0).path("column").asInt())
                    .isEqualTo(10);
        }
    }
}
