package io.verdict.output;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A webhook receiver for tests: the JDK's HTTP server on an ephemeral port, keeping every POST it gets (path,
 * headers, body) and answering each with a fixed status. Its signature check is written from the documented scheme,
 * not with the service's code: HMAC-SHA256 under the secret of {@code timestamp + "." + body}, lower-case hex.
 */
final class WebhookReceiver implements AutoCloseable {

    /** One POST as it arrived. */
    record Post(String path, String contentType, String timestamp, String signature, String delivery, byte[] body) {

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        List<String> lines() {
            return text().lines().filter(l -> !l.isBlank()).toList();
        }

        /** Whether the signature is the HMAC of timestamp, '.' and the body under {@code secret}. */
        boolean signedWith(String secret) {
            if (timestamp == null || signature == null || !timestamp.matches("\\d{10}")) {
                return false;
            }
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
                mac.update(timestamp.getBytes(StandardCharsets.US_ASCII));
                mac.update((byte) '.');
                byte[] expected =
                        ("sha256=" + HexFormat.of().formatHex(mac.doFinal(body))).getBytes(StandardCharsets.US_ASCII);
                return MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private final HttpServer server;
    final ConcurrentLinkedQueue<Post> posts = new ConcurrentLinkedQueue<>();
    final AtomicInteger requests = new AtomicInteger();

    /** Answers every request with {@code status}, and {@code headers} with it. */
    WebhookReceiver(int status, Map<String, String> headers) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                byte[] body = in.readAllBytes();
                var h = exchange.getRequestHeaders();
                requests.incrementAndGet();
                if (status / 100 == 2) {
                    posts.add(new Post(
                            exchange.getRequestURI().getPath(),
                            h.getFirst("Content-Type"),
                            h.getFirst("X-Verdict-Timestamp"),
                            h.getFirst("X-Verdict-Signature"),
                            h.getFirst("X-Verdict-Delivery"),
                            body));
                }
                headers.forEach(exchange.getResponseHeaders()::add);
                exchange.sendResponseHeaders(status, -1);
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
