package io.verdict.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;

/** An out-of-memory error never leaves a process that answers nothing: liveness turns BROKEN and the process exits. */
class OutOfMemoryExitTest {

    @TempDir
    Path dir;

    /**
     * A child JVM with a 64 MB heap runs the service; a request exhausts the heap. Without the handling the request
     * thread's error became a 500 (or killed Tomcat's poller) and the process stayed up; now it must exit with the
     * out-of-memory code within seconds, having logged why.
     */
    @Test
    void outOfMemoryFailsLivenessAndExits() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Files.createDirectories(dir.resolve("rules"));
        Path log = dir.resolve("child.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(
                        java,
                        "-Xmx64m",
                        "-XX:TieredStopAtLevel=1",
                        "-cp",
                        System.getProperty("java.class.path"),
                        OutOfMemoryHarness.class.getName(),
                        "--server.port=" + port,
                        "--server.address=127.0.0.1",
                        "--verdict.rules.paths=" + dir.resolve("rules"),
                        "--verdict.rules.store=" + dir.resolve("store"),
                        "--verdict.state.dir=",
                        "--verdict.rules.cache-dir=",
                        "--verdict.rules.watch=false",
                        "--spring.main.banner-mode=off")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            HttpClient http = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(2))
                    .build();
            URI liveness = URI.create("http://127.0.0.1:" + port + "/actuator/health/liveness");
            assertThat(waitForStatus(http, liveness, 200, child))
                    .as("liveness UP before; log:%n%s", tail(log))
                    .isTrue();
            AtomicBoolean answered = new AtomicBoolean();
            Thread request = new Thread(() -> {
                try {
                    http.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/test/exhaust-heap"))
                                    .timeout(Duration.ofSeconds(60))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding());
                    answered.set(true);
                } catch (IOException | InterruptedException e) {
                    // the connection dies with the process
                }
            });
            request.setDaemon(true);
            request.start();
            assertThat(child.waitFor(30, TimeUnit.SECONDS))
                    .as("the process exits; log:%n%s", tail(log))
                    .isTrue();
            assertThat(child.exitValue()).isEqualTo(OutOfMemoryExit.EXIT_CODE);
            assertThat(answered).isFalse();
            assertThat(Files.readString(log))
                    .contains(
                            "Out of memory in thread",
                            "liveness BROKEN",
                            "exiting with code " + OutOfMemoryExit.EXIT_CODE);
        } finally {
            child.destroyForcibly();
        }
    }

    @Test
    void aThreadDyingOfOutOfMemoryEndsTheProcess() throws Exception {
        List<Object> published = new ArrayList<>();
        AtomicBoolean halted = new AtomicBoolean();
        Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
        try {
            new OutOfMemoryExit(published::add, () -> halted.set(true)).install();
            Thread dying = new Thread(() -> {
                throw new IllegalStateException("wrapped", new OutOfMemoryError("Java heap space"));
            });
            dying.start();
            dying.join();
            assertThat(halted).isTrue();
            assertThat(published)
                    .singleElement()
                    .isInstanceOfSatisfying(
                            AvailabilityChangeEvent.class,
                            event -> assertThat(event.getState()).isEqualTo(LivenessState.BROKEN));

            halted.set(false);
            Thread failing = new Thread(() -> {
                throw new IllegalStateException("not memory");
            });
            failing.setUncaughtExceptionHandler(null);
            failing.start();
            failing.join();
            assertThat(halted).as("other errors do not end the process").isFalse();
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(before);
        }
    }

    private static boolean waitForStatus(HttpClient http, URI uri, int status, Process child)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline && child.isAlive()) {
            try {
                if (http.send(
                                        HttpRequest.newBuilder(uri)
                                                .timeout(Duration.ofSeconds(2))
                                                .build(),
                                        HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == status) {
                    return true;
                }
            } catch (IOException e) {
                // not up yet
            }
            Thread.sleep(250);
        }
        return false;
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }
}
