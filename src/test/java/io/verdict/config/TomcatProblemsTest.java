package io.verdict.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What Tomcat answers by itself (malformed request lines, headers, paths) and what no handler answered (an
 * unexpected exception) are problems, over raw sockets: no HTML page, no Spring default body, no stack trace,
 * class name or server path.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(TomcatProblemsTest.Failing.class)
class TomcatProblemsTest {

    @TestConfiguration
    @RestController
    static class Failing {
        @GetMapping("/test/fails")
        String fails() {
            throw new IllegalStateException("cannot open /srv/verdict/secret/state.json");
        }
    }

    @DynamicPropertySource
    static void emptyRules(DynamicPropertyRegistry registry) throws IOException {
        Path dir = Files.createTempDirectory("verdict-problems");
        registry.add("verdict.rules.paths", () -> dir.resolve("rules").toString());
        registry.add("verdict.rules.store", () -> dir.resolve("store").toString());
        registry.add("verdict.state.dir", () -> dir.resolve("state").toString());
    }

    @LocalServerPort
    int port;

    @ParameterizedTest
    @ValueSource(
            strings = {
                "GET /api/v1/rules/a{b} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                "GET /api/v1/rules/a\u0001b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                "GET /api/v1/rules HTTP/1.1\r\nHost: x\r\nBad Header: y\r\nConnection: close\r\n\r\n",
                "GET /api/v1/rules HTTP/1.1\r\nHost: x\r\nX-Control: a\u0000b\r\nConnection: close\r\n\r\n",
                "G\u00e9T /api/v1/rules HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                "GET /api/v1/rules HTTP/9.9x\r\nHost: x\r\nConnection: close\r\n\r\n"
            })
    void tomcatsHtml400IsAProblem(String request) throws IOException {
        String answer = exchange(request);
        assertThat(answer).startsWith("HTTP/1.1 400");
        assertThat(answer)
                .containsIgnoringCase("Content-Type: application/problem+json")
                .contains("\"type\":\"urn:verdict:problem:bad-request\"", "\"status\":400")
                .doesNotContainIgnoringCase("<html")
                .doesNotContain("Tomcat")
                .doesNotContain("Exception");
    }

    @Test
    void anUnexpectedExceptionIsA500ProblemNotSpringsDefaultBody() throws IOException {
        String answer = exchange("GET /test/fails HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertThat(answer).startsWith("HTTP/1.1 500");
        assertThat(answer)
                .containsIgnoringCase("Content-Type: application/problem+json")
                .contains("urn:verdict:problem:internal-error")
                .doesNotContain("IllegalState")
                .doesNotContain("/srv/verdict")
                .doesNotContain("\"trace\"")
                .doesNotContain("\"timestamp\"");
    }

    private String exchange(String request) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                in.transferTo(out);
            } catch (SocketTimeoutException e) {
                // what came is the answer
            }
            return out.toString(StandardCharsets.UTF_8);
        }
    }
}
