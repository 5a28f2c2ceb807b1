package io.verdict.battery;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The service under test as a child process: {@code java -Xmx… -jar verdict.jar} on a free loopback port, with its
 * own data directory (store, state and load cache given by explicit properties), the rule directories of the phase,
 * and the battery's two API keys configured by their SHA-256. Its output goes to a log file the battery reads (audit
 * lines, errors). Every started process is registered, so a JVM shutdown hook kills whatever is still running: no
 * child outlives the battery.
 */
final class ServiceProcess implements AutoCloseable {

    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> LIVE.forEach(p -> {
                            p.destroyForcibly();
                        }),
                        "battery-children"));
    }

    /**
     * How a phase wants the service: a name for its directory, the heap, rule directories, extra properties
     * ({@code --name=value}) and how long it may take to be ready.
     */
    record Spec(String name, String heap, List<Path> rulePaths, List<String> properties, Duration readyTimeout) {}

    private final Process process;
    private final int port;
    private final Path dir;
    private final Path log;
    private final Spec spec;
    private final long startedNanos;

    private ServiceProcess(Process process, int port, Path dir, Path log, Spec spec, long startedNanos) {
        this.process = process;
        this.port = port;
        this.dir = dir;
        this.log = log;
        this.spec = spec;
        this.startedNanos = startedNanos;
    }

    /** Starts the service; does not wait for it (see {@link #awaitReady}). */
    static ServiceProcess start(BatteryContext context, Spec spec) throws IOException {
        Path dir = Files.createTempDirectory(context.workRoot(), spec.name() + "-");
        Path log = dir.resolve("service.log");
        int port = freePort();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + spec.heap());
        command.addAll(context.options().serviceJvmOptions());
        command.add("-jar");
        command.add(context.options().jar().toAbsolutePath().toString());
        command.add("--server.address=127.0.0.1");
        command.add("--server.port=" + port);
        command.add("--verdict.rules.paths="
                + String.join(
                        ",",
                        spec.rulePaths().stream()
                                .map(p -> p.toAbsolutePath().toString())
                                .toList()));
        command.add("--verdict.rules.store=" + dir.resolve("store"));
        command.add("--verdict.state.dir=" + dir.resolve("state"));
        command.add("--verdict.rules.cache-dir=" + dir.resolve("cache"));
        command.addAll(context.keys().properties());
        command.addAll(spec.properties());
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        long started = System.nanoTime();
        Process process = builder.start();
        LIVE.add(process);
        return new ServiceProcess(process, port, dir, log, spec, started);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /**
     * Waits until readiness answers UP (200), the process exits, or the spec's time runs out; null when ready, else
     * why not (with the end of the log).
     */
    String awaitReady(BatteryContext context) throws InterruptedException {
        RawHttp http = new RawHttp(port);
        long deadline = startedNanos + spec.readyTimeout().toNanos();
        long scanned = 0;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                return "the service exited with code " + process.exitValue() + " before it was ready (" + cause() + ")";
            }
            // a JVM out of memory while starting seldom recovers: 20 s more, not the whole wait
            if (deadline - System.nanoTime() > 20_000_000_000L
                    && logSince(scanned).contains("OutOfMemoryError")) {
                deadline = System.nanoTime() + 20_000_000_000L;
            }
            scanned = Math.max(0, logSize() - 64);
            Answer answer = http.send(
                    RawHttp.Request.of(
                            "GET",
                            "/actuator/health/readiness",
                            null,
                            (byte[]) null,
                            context.keys().readHeader()),
                    Duration.ofSeconds(5));
            if (answer.status() == 200) {
                return null;
            }
            Thread.sleep(200);
        }
        return "the service was not ready after " + spec.readyTimeout().toSeconds() + " s (" + cause() + ")";
    }

    /** Seconds since the process was started. */
    double uptime() {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    Path dir() {
        return dir;
    }

    Path store() {
        return dir.resolve("store");
    }

    boolean alive() {
        return process.isAlive();
    }

    RawHttp http() {
        return new RawHttp(port);
    }

    long logSize() {
        try {
            return Files.size(log);
        } catch (IOException e) {
            return 0;
        }
    }

    /** The log from a byte offset on (what the service wrote since). */
    String logSince(long offset) {
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long length = file.length();
            if (length <= offset) {
                return "";
            }
            file.seek(offset);
            byte[] bytes = new byte[(int) Math.min(length - offset, 64L * 1024 * 1024)];
            file.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** Why it failed, as the log says: the last "Caused by:" line, else the first error line, else the last line. */
    String cause() {
        String log = logSince(0);
        String cause = null;
        String firstError = null;
        for (String line : log.split("\n")) {
            if (line.startsWith("Caused by: ")) {
                cause = line;
            } else if (firstError == null
                    && (line.contains("OutOfMemoryError")
                            || line.contains("StackOverflowError")
                            || line.contains(" ERROR "))) {
                firstError = line;
            }
        }
        String found = cause != null
                ? cause
                : firstError != null ? firstError : logTail(1).strip();
        return found.length() > 300 ? found.substring(0, 300) + "…" : found;
    }

    String logTail(int lines) {
        String text = logSince(Math.max(0, logSize() - 64 * 1024));
        String[] all = text.split("\n");
        StringBuilder out = new StringBuilder();
        for (int i = Math.max(0, all.length - lines); i < all.length; i++) {
            out.append("\n    ").append(all[i].length() > 300 ? all[i].substring(0, 300) + "…" : all[i]);
        }
        return out.toString();
    }

    /**
     * Heap used after a full collection, in MB, from {@code jcmd <pid> GC.run} then {@code GC.heap_info}; -1 when
     * jcmd is not there or does not answer.
     */
    double heapAfterGcMb() {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (!Files.isExecutable(jcmd)) {
            return -1;
        }
        try {
            run(jcmd.toString(), String.valueOf(pid()), "GC.run");
            String info = run(jcmd.toString(), String.valueOf(pid()), "GC.heap_info");
            // G1: " garbage-first heap   total 262144K, used 12345K [...": the first "used" is the whole heap's
            Matcher m = Pattern.compile("used (\\d+)K").matcher(info);
            return m.find() ? Long.parseLong(m.group(1)) / 1024.0 : -1;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        LIVE.add(p);
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("timed out: " + String.join(" ", command));
            }
            return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } finally {
            LIVE.remove(p);
        }
    }

    /** SIGTERM, up to 20 s for a clean stop, then SIGKILL. */
    @Override
    public void close() {
        try {
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(10, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            LIVE.remove(process);
        }
    }

    /** Kills at once (for a process known to be wedged). */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LIVE.remove(process);
    }
}
