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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Slow request bodies against the running connector, over raw sockets: six request threads of which four are
 * reserved, a one second grace and a floor of 100 bytes a second.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "server.tomcat.threads.max=6", "server.tomcat.threads.min-spare=2", "verdict.http.reserved-threads=4",
            "verdict.http.body-grace=1s", "verdict.http.body-min-rate=100B", "verdict.http.retry-after=3s"
        })
class BodyPaceTest {

    private static final String EVENT =
            "{\"@timestamp\":\"2026-11-27T10:15:00.000Z\",\"process\":{\"name\":\"rclone.exe\"}}";

    @DynamicPropertySource
    static void emptyRules(DynamicPropertyRegistry registry) throws IOException {
        Path dir = Files.createTempDirectory("verdict-pace");
        registry.add("verdict.rules.paths", () -> dir.resolve("rules").toString());
        registry.add("verdict.rules.store", () -> dir.resolve("store").toString());
        registry.add("verdict.state.dir", () -> dir.resolve("state").toString());
    }

    @LocalServerPort
    int port;

    @Test
    void aBodyOfOneByteASecondIsCutWith408NotReadForever() throws Exception {
        try (Socket slow = slowClient()) {
            long start = System.nanoTime();
            String answer = null;
            for (int i = 0; i < 20 && answer == null; i++) {
                slow.getOutputStream().write('[');
                slow.getOutputStream().flush();
                answer = answerWithin(slow, 500);
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(answer)
                    .startsWith("HTTP/1.1 408")
                    .contains("application/problem+json")
                    .contains("\"type\":\"urn:verdict:problem:request-timeout\"");
            assertThat(millis).isLessThan(6_000);
        }
    }

    @Test
    void slowBodiesOnEveryThreadLeaveHealthAndSmallRequestsAnswered() throws Exception {
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                slow.add(slowClient());
                slow.get(i).getOutputStream().write('[');
                slow.get(i).getOutputStream().flush();
            }
            Thread.sleep(300);
            String health = exchange("GET /actuator/health/liveness HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertThat(health).startsWith("HTTP/1.1 200");
            String evaluation = exchange("POST /api/v1/evaluate HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + EVENT.length() + "\r\n\r\n" + EVENT);
            assertThat(evaluation).startsWith("HTTP/1.1 200");
            List<String> busy = new ArrayList<>();
            for (Socket s : slow) {
                String answer = answerWithin(s, 200);
                if (answer != null && answer.startsWith("HTTP/1.1 503")) {
                    busy.add(answer);
                }
            }
            assertThat(busy)
                    .hasSize(6)
                    .allSatisfy(a ->
                            assertThat(a).contains("Retry-After: 3").contains("\"type\":\"urn:verdict:problem:busy\""));
        } finally {
            for (Socket s : slow) {
                s.close();
            }
        }
    }

    /** Headers announcing a 100 KB batch; the body is up to the caller. */
    private Socket slowClient() throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
        socket.getOutputStream()
                .write(("POST /api/v1/evaluate/_batch HTTP/1.1\r\nHost: x\r\n"
                                + "Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        return socket;
    }

    /** The whole answer if the server answers (and closes) within {@code millis}, else null. */
    private static String answerWithin(Socket socket, int millis) throws IOException {
        socket.setSoTimeout(millis);
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
                socket.setSoTimeout(2_000);
            }
        } catch (SocketTimeoutException e) {
            if (out.size() == 0) {
                return null;
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private String exchange(String request) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            String answer = answerWithin(socket, 5_000);
            return answer == null ? "(no answer within 5 s)" : answer;
        }
    }
}
