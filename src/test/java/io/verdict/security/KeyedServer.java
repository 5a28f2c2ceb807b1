package io.verdict.security;

import io.verdict.rule.RuleFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The service as deployed: reads protected, three keys ({@code ci}: read and write, {@code soc}: read,
 * {@code bot}: write), one shipped rule, an empty store. The subclasses share this one started server.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class KeyedServer {

    static final String WRITER = "ci-secret";
    static final String READER = "soc-secret";
    static final String WRITE_ONLY = "bot-secret";
    static final String SHIPPED = "00000000-0000-4000-8000-00000000e001";
    static final Path ROOT = tempDir();
    static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("verdict.rules.paths", () -> ROOT.resolve("rules").toString());
        registry.add("verdict.rules.store", () -> ROOT.resolve("store").toString());
        registry.add("verdict.rules.reload-interval", () -> "0");
        registry.add("verdict.security.protect-reads", () -> "true");
        registry.add("verdict.security.keys[0].id", () -> "ci");
        registry.add("verdict.security.keys[0].sha256", () -> ApiKeys.sha256Hex(WRITER));
        registry.add("verdict.security.keys[1].id", () -> "soc");
        registry.add("verdict.security.keys[1].sha256", () -> ApiKeys.sha256Hex(READER));
        registry.add("verdict.security.keys[1].scopes", () -> "read");
        registry.add("verdict.security.keys[2].id", () -> "bot");
        registry.add("verdict.security.keys[2].sha256", () -> ApiKeys.sha256Hex(WRITE_ONLY));
        registry.add("verdict.security.keys[2].scopes", () -> "write");
    }

    static Path tempDir() {
        try {
            Path root = Files.createTempDirectory("verdict-security");
            Files.createDirectories(root.resolve("rules"));
            Files.writeString(root.resolve("rules/shipped.toml"), rule(SHIPPED, "Shipped Rule"));
            return root;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String rule(String id, String name) {
        return RuleFixtures.toml(
                id, name, "low", "type = \"query\"\nlanguage = \"kuery\"\nquery = 'process.name:x.exe'\n");
    }

    @LocalServerPort
    int port;

    RawHttp.Response send(String method, String target, String key, String contentType, String body)
            throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        if (key != null) {
            headers.put("X-API-Key", key);
        }
        if (contentType != null) {
            headers.put("Content-Type", contentType);
        }
        return RawHttp.send(port, method, target, headers, body);
    }

    RawHttp.Response get(String target, String key) throws IOException {
        return send("GET", target, key, null, null);
    }

    static JsonNode json(RawHttp.Response response) {
        return JSON.readTree(response.body());
    }

    /** Whether the rule is in the rule set, asked with a read key. */
    boolean exists(String ruleId) throws IOException {
        int status = get("/api/v1/rules/" + ruleId, READER).status();
        if (status != 200 && status != 404) {
            throw new IllegalStateException("GET rule answered " + status);
        }
        return status == 200;
    }
}
