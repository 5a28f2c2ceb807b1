package io.verdict.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.verdict.examples.HttpFileParser.HttpFile;
import io.verdict.security.ApiKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code http-examples/*.http} files, run as a client runs them against the service as the README starts it:
 * the project's {@code rules/} folder, the key of the {@code local} environment of {@code http-client.env.json}, and
 * a data directory of its own so that nothing is written into the checkout. Every request is sent in file order;
 * each {@code client.test} of its response handler is one test, {@code file › request › test}; a request without a
 * test must at least not answer a server error.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class HttpExamplesTest {

    static final Path EXAMPLES = Path.of("http-examples");
    /** The environment a reader of the README runs the files in ({@code ./mvnw spring-boot:run} on localhost). */
    static final String ENVIRONMENT = "local";
    /**
     * Files that create, change or delete rules run after the files that only read, in one service: the readers then
     * see the project's rules alone, and the writers still start from them.
     */
    static final Set<String> CHANGES_RULES = Set.of("lifecycle.http");

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        Path data = Files.createTempDirectory("verdict-http-examples");
        registry.add("verdict.rules.paths", () -> "rules");
        // the default run's data directory, and what lives under it, moved out of the checkout
        registry.add("verdict.data-dir", data::toString);
        registry.add("verdict.rules.store", () -> data.resolve("store").toString());
        registry.add("verdict.state.dir", () -> data.resolve("state").toString());
        registry.add("verdict.rules.cache-dir", () -> data.resolve("cache").toString());
        registry.add("verdict.security.keys[0].id", () -> "http-examples");
        registry.add(
                "verdict.security.keys[0].sha256",
                () -> ApiKeys.sha256Hex(environment().get("apiKey")));
    }

    @LocalServerPort
    int port;

    /** {@code client.global}, shared by every script of every file, as in one IDE session. */
    private final Map<String, String> globals = new HashMap<>();

    @TestFactory
    Stream<DynamicTest> theExamplesPassTheirOwnTests() throws IOException {
        Map<String, String> environment = environment();
        environment.put("host", "http://localhost:" + port);
        ExampleSender sender = new ExampleSender(ENVIRONMENT, environment, globals);
        return files().stream().flatMap(path -> run(sender, path));
    }

    /** Read-only files by name, then the files that change rules, by name. */
    static List<Path> files() throws IOException {
        try (Stream<Path> list = Files.list(EXAMPLES)) {
            List<Path> files = list.filter(p -> p.getFileName().toString().endsWith(".http"))
                    .sorted(Comparator.comparing((Path p) ->
                                    CHANGES_RULES.contains(p.getFileName().toString()))
                            .thenComparing(p -> p.getFileName().toString()))
                    .toList();
            assertThat(files).as(".http files in " + EXAMPLES.toAbsolutePath()).isNotEmpty();
            return files;
        }
    }

    static Map<String, String> environment() {
        try {
            JsonNode env = JSON.readTree(Files.readString(EXAMPLES.resolve("http-client.env.json")))
                    .path(ENVIRONMENT);
            assertThat(env.isObject())
                    .as("environment '" + ENVIRONMENT + "' in http-client.env.json")
                    .isTrue();
            Map<String, String> values = new HashMap<>();
            env.properties().forEach(e -> values.put(e.getKey(), e.getValue().asString()));
            return values;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Stream<DynamicTest> run(ExampleSender sender, Path path) {
        String file = path.getFileName().toString();
        HttpFile parsed;
        try {
            parsed = HttpFileParser.parse(path);
        } catch (IOException | HttpFileParser.SyntaxException e) {
            return Stream.of(
                    DynamicTest.dynamicTest(file + " › parse", () -> fail(file + " › parse: " + e.getMessage())));
        }
        // each request is sent when the stream reaches it, after the tests of the one before have run
        return parsed.requests().stream().flatMap(request -> run(sender, parsed, path.getParent(), request));
    }

    private Stream<DynamicTest> run(ExampleSender sender, HttpFile file, Path dir, HttpExample request) {
        String prefix = file.name() + " › " + request.title() + " › ";
        HttpResponse<byte[]> response;
        try {
            response = sender.send(file, dir, request);
        } catch (IOException | RuntimeException e) {
            String message = prefix + "send: " + file.name() + ":" + request.line() + ": " + e.getMessage();
            return Stream.of(DynamicTest.dynamicTest(prefix + "send", () -> fail(message, e)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        List<DynamicTest> tests = new ArrayList<>();
        if (!request.handler().isBlank()) {
            HandlerScript.Run run =
                    HandlerScript.run(request.handler(), file.name(), request.handlerLine(), response, globals);
            for (HandlerScript.Outcome outcome : run.tests()) {
                String name = prefix + outcome.name();
                tests.add(DynamicTest.dynamicTest(name, () -> {
                    if (outcome.failure() != null) {
                        fail(name + ": " + outcome.failure() + answer(response));
                    }
                }));
            }
            if (run.error() != null) {
                String name = prefix + "handler script";
                tests.add(DynamicTest.dynamicTest(name, () -> fail(name + ": " + run.error() + answer(response))));
            }
        }
        if (tests.isEmpty()) {
            String name = prefix + "answers without a server error";
            tests.add(DynamicTest.dynamicTest(
                    name,
                    () -> assertThat(response.statusCode())
                            .as(name + answer(response))
                            .isLessThan(500)));
        }
        return tests.stream();
    }

    /** The answer, for a failure message: status, content type and the start of the body. */
    private static String answer(HttpResponse<byte[]> response) {
        String body = new String(response.body(), StandardCharsets.UTF_8);
        return "\n  answered " + response.statusCode() + " "
                + response.headers().firstValue("Content-Type").orElse("") + ": "
                + (body.length() > 600 ? body.substring(0, 600) + "…" : body);
    }
}
