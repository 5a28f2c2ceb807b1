package io.verdict.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * (e) HTTP load against a running service on loopback: first NDJSON batches posted back to back by a few
 * connections (events/s, batch latency), then single events offered at a fixed rate. Run through {@code
 * scripts/http-load.sh}, which starts the service with the Elastic corpus and stops it after.
 *
 * <p>The client shares the two cores with the service, so it is lean: plain-socket HTTP/1.1 keep-alive
 * ({@link Http1Connection}), every request's bytes built before the clock starts, latencies in preallocated
 * arrays. Single events are open-loop: request {@code i} is due at {@code start + i / rate} and its latency is
 * counted from that moment, not from when a connection was free to send it, so a stall of the service shows in
 * the percentiles instead of slowing the client down (no coordinated omission). Each phase warms the service up
 * first (not measured), is bounded by time and request count, and prints throughput, p50, p99, max and errors,
 * and the CPU the client, the service ({@code --server-pid}) and everything else on the machine used meanwhile.
 * Refuses any host but loopback. Events: the real corpus documents and their generated variants.
 *
 * <p>Options: {@code --url http://127.0.0.1:8080 --seconds 15 --warmup 60 --max-warmup 180 --max-requests 200000 --batch 1000
 * --connections 2 --rate 1000 --single-connections 8 --accept json|ndjson --server-pid N --phases batch,single
 * --single-path /api/v1/evaluate --trace file} (the trace gets each single request's due time and latency, in ms, a line each).
 */
public final class HttpLoad {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final InetSocketAddress address;
    private final String host;
    private final long seconds;
    private final long warmup;
    private final long maxWarmup;
    private final int maxRequests;
    private final long serverPid;

    private HttpLoad(URI base, long seconds, long warmup, long maxWarmup, int maxRequests, long serverPid) {
        this.address = new InetSocketAddress(base.getHost().replace("[", "").replace("]", ""), base.getPort());
        this.host = base.getHost() + ":" + base.getPort();
        this.seconds = seconds;
        this.warmup = warmup;
        this.maxWarmup = maxWarmup;
        this.maxRequests = maxRequests;
        this.serverPid = serverPid;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>(Map.of(
                "url",
                "http://127.0.0.1:8080",
                "seconds",
                "15",
                "warmup",
                "60",
                "max-requests",
                "200000",
                "batch",
                "1000",
                "connections",
                "2",
                "rate",
                "1000",
                "single-connections",
                "8",
                "accept",
                "json",
                "phases",
                "batch,single"));
        options.put("server-pid", "0");
        options.put("trace", "");
        options.put("max-warmup", "180");
        options.put("single-path", "/api/v1/evaluate");
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        URI base = URI.create(options.get("url"));
        if (!List.of("127.0.0.1", "localhost", "[::1]").contains(base.getHost())) {
            throw new IllegalArgumentException("loopback only: " + base);
        }
        HttpLoad load = new HttpLoad(
                base,
                Long.parseLong(options.get("seconds")),
                Long.parseLong(options.get("warmup")),
                Long.parseLong(options.get("max-warmup")),
                Integer.parseInt(options.get("max-requests")),
                Long.parseLong(options.get("server-pid")));
        List<String> events = CorpusEvents.realAndGenerated(CorpusEvents.rules(), 20_000);
        List<String> phases = List.of(options.get("phases").split(","));
        if (phases.contains("batch")) {
            load.batches(
                    events,
                    Integer.parseInt(options.get("batch")),
                    Integer.parseInt(options.get("connections")),
                    options.get("accept").equals("ndjson"));
        }
        if (phases.contains("single")) {
            load.singles(
                    events,
                    Integer.parseInt(options.get("rate")),
                    Integer.parseInt(options.get("single-connections")),
                    options.get("single-path"),
                    options.get("trace"));
        }
    }

    /** Batches posted back to back, each connection waiting for its answer before the next (closed loop). */
    private void batches(List<String> events, int size, int connections, boolean ndjsonOut)
            throws InterruptedException {
        String accept = ndjsonOut ? "application/x-ndjson" : "application/json";
        List<byte[]> requests = new ArrayList<>();
        for (int from = 0; from + size <= events.size(); from += size) {
            byte[] body =
                    (String.join("\n", events.subList(from, from + size)) + "\n").getBytes(StandardCharsets.UTF_8);
            requests.add(Http1Connection.request(
                    "POST", host, "/api/v1/evaluate/_batch", "application/x-ndjson", accept, body));
        }
        warmUp(requests, connections, size);
        long[] latencies = new long[maxRequests];
        AtomicInteger done = new AtomicInteger();
        AtomicLong errors = new AtomicLong();
        CpuUse cpu = CpuUse.start(serverPid);
        long started = System.nanoTime();
        closedLoop(requests, connections, started + seconds * SECOND, latencies, done, errors);
        double elapsed = (System.nanoTime() - started) / 1e9;
        long[] sorted = Arrays.copyOf(latencies, Math.min(done.get(), maxRequests));
        Arrays.sort(sorted);
        System.out.printf(
                "NDJSON batches of %d events, %d connections, %s out: %d requests in %.1f s, %.0f events/s,"
                        + " batch p50 %.1f ms, p99 %.1f ms, max %.1f ms, errors %d%n",
                size,
                connections,
                accept,
                sorted.length,
                elapsed,
                sorted.length * (double) size / elapsed,
                percentile(sorted, 50) / 1e6,
                percentile(sorted, 99) / 1e6,
                max(sorted) / 1e6,
                errors.get());
        if (errors.get() > 0) {
            // a refused request (a 401 without a key) is fast: throughput counted over it measures nothing
            System.out.println("  NOT A MEASUREMENT: " + errors.get() + " requests failed");
        }
        System.out.println("  " + cpu.report(elapsed, sorted.length * (long) size, "event"));
    }

    /**
     * Posts batches in 5-second slices until the service's throughput has settled: at least {@code warmup} seconds,
     * then until the last three slices are within 5 % of their mean, at most {@code maxWarmup} seconds. On two
     * shared cores the JIT keeps recompiling the hot paths for one to two minutes under batches, taking up to a third
     * of the CPU (perf, JFR), and throughput dips while it does, so two close slices are not yet a steady state: a
     * fixed short warm-up measured the compiler as much as the service. Prints each slice.
     */
    private void warmUp(List<byte[]> requests, int connections, int size) throws InterruptedException {
        long started = System.nanoTime();
        List<Double> rates = new ArrayList<>();
        while (true) {
            AtomicInteger done = new AtomicInteger();
            long from = System.nanoTime();
            closedLoop(requests, connections, from + 5 * SECOND, null, done);
            rates.add(done.get() * (double) size / ((System.nanoTime() - from) / 1e9));
            long elapsed = System.nanoTime() - started;
            boolean settled = settled(rates);
            if (elapsed >= maxWarmup * SECOND || elapsed >= warmup * SECOND && settled) {
                System.out.printf(
                        "warm-up: %d s, events/s per 5-s slice: %s%s%n",
                        elapsed / SECOND,
                        String.join(
                                ", ",
                                rates.stream()
                                        .map(r -> String.format("%.1fk", r / 1000))
                                        .toList()),
                        settled ? " (settled)" : " (not settled: cut at --max-warmup)");
                return;
            }
        }
    }

    private static boolean settled(List<Double> rates) {
        if (rates.size() < 3) {
            return false;
        }
        List<Double> last = rates.subList(rates.size() - 3, rates.size());
        double mean = last.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        return mean > 0 && last.stream().allMatch(r -> Math.abs(r - mean) <= 0.05 * mean);
    }

    private void closedLoop(List<byte[]> requests, int connections, long deadline, long[] latencies, AtomicInteger done)
            throws InterruptedException {
        closedLoop(
                requests,
                connections,
                deadline,
                latencies,
                done == null ? new AtomicInteger() : done,
                new AtomicLong());
    }

    private void closedLoop(
            List<byte[]> requests,
            int connections,
            long deadline,
            long[] latencies,
            AtomicInteger done,
            AtomicLong errors)
            throws InterruptedException {
        AtomicInteger claimed = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            threads.add(daemon(() -> {
                try (Http1Connection connection = new Http1Connection(address)) {
                    int n;
                    while (System.nanoTime() < deadline && (n = claimed.getAndIncrement()) < maxRequests) {
                        long t0 = System.nanoTime();
                        exchange(connection, requests.get(n % requests.size()), errors);
                        int at = done.getAndIncrement();
                        if (latencies != null) {
                            latencies[at] = System.nanoTime() - t0;
                        }
                    }
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
    }

    /**
     * Single events offered at {@code rate} per second over {@code connections} keep-alive connections: request
     * {@code i} is due at {@code start + i / rate}; a connection claims the next request, waits for its due time
     * (or sends at once when late) and records the latency from the due time.
     */
    private void singles(List<String> events, int rate, int connections, String path, String trace)
            throws InterruptedException, IOException {
        byte[][] requests = events.stream()
                .map(e -> Http1Connection.request(
                        "POST", host, path, "application/json", "application/json", e.getBytes(StandardCharsets.UTF_8)))
                .toArray(byte[][]::new);
        openLoop(requests, rate, connections, (int) Math.min(maxRequests, rate * warmup), new AtomicLong());
        int total = (int) Math.min(maxRequests, rate * seconds);
        AtomicLong errors = new AtomicLong();
        CpuUse cpu = CpuUse.start(serverPid);
        long started = System.nanoTime();
        long[] latencies = openLoop(requests, rate, connections, total, errors);
        double elapsed = (System.nanoTime() - started) / 1e9;
        long[] sorted = Arrays.stream(latencies).filter(l -> l >= 0).sorted().toArray();
        long unsent = total - sorted.length;
        System.out.printf(
                "single events to %s offered at %d/s over %d connections: %d answered in %.1f s (%.0f/s), p50 %.2f ms,"
                        + " p99 %.2f ms, max %.2f ms, errors %d, not sent in time %d%n",
                path,
                rate,
                connections,
                sorted.length,
                elapsed,
                sorted.length / elapsed,
                percentile(sorted, 50) / 1e6,
                percentile(sorted, 99) / 1e6,
                max(sorted) / 1e6,
                errors.get(),
                unsent);
        System.out.println("  " + cpu.report(elapsed, sorted.length, "request"));
        if (!trace.isEmpty()) {
            writeTrace(Path.of(trace), latencies, SECOND / rate);
        }
    }

    /** One line per request, "due-ms latency-ms", to see whether slow answers cluster (a pause) or spread. */
    private static void writeTrace(Path file, long[] latencies, long interval) throws IOException {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < latencies.length; i++) {
            out.append(String.format("%.3f %.3f%n", i * interval / 1e6, latencies[i] / 1e6));
        }
        Files.writeString(file, out);
    }

    /** The latencies of {@code total} requests offered at {@code rate}; -1 for one not sent before the time ran out. */
    private long[] openLoop(byte[][] requests, int rate, int connections, int total, AtomicLong errors)
            throws InterruptedException {
        long[] latencies = new long[total];
        Arrays.fill(latencies, -1);
        long interval = SECOND / rate;
        AtomicInteger claimed = new AtomicInteger();
        long started = System.nanoTime();
        // bounded: nothing is sent more than 5 s after the last request was due
        long giveUp = started + total * interval + 5 * SECOND;
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            threads.add(daemon(() -> {
                try (Http1Connection connection = new Http1Connection(address)) {
                    int i;
                    while ((i = claimed.getAndIncrement()) < total) {
                        long due = started + i * interval;
                        for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                            LockSupport.parkNanos(wait);
                        }
                        if (System.nanoTime() > giveUp) {
                            break;
                        }
                        exchange(connection, requests[i % requests.length], errors);
                        latencies[i] = System.nanoTime() - due;
                    }
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        return latencies;
    }

    private static Thread daemon(Runnable work) {
        Thread thread = new Thread(work, "http-load");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void exchange(Http1Connection connection, byte[] request, AtomicLong errors) {
        try {
            if (connection.exchange(request) != 200) {
                errors.incrementAndGet();
            }
        } catch (IOException | RuntimeException e) {
            errors.incrementAndGet();
        }
    }

    private static double percentile(long[] sorted, int p) {
        return sorted.length == 0
                ? 0
                : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    private static long max(long[] sorted) {
        return sorted.length == 0 ? 0 : sorted[sorted.length - 1];
    }

    /**
     * CPU time used during a phase by this client, by the service (from {@code /proc/<pid>/stat}) and by the whole
     * machine ({@code /proc/stat}), so a result can be read against what the two cores were doing otherwise.
     */
    private record CpuUse(long pid, long client, long server, long[] machine) {

        /** Clock ticks per second of /proc times (USER_HZ, 100 on Linux). */
        private static final double TICK_NANOS = 1e9 / 100;

        static CpuUse start(long pid) {
            return new CpuUse(pid, clientNanos(), serverNanos(pid), machineTicks());
        }

        String report(double elapsed, long units, String unit) {
            int cores = Runtime.getRuntime().availableProcessors();
            double capacity = elapsed * 1e9 * cores;
            double clientUsed = clientNanos() - client;
            long[] now = machineTicks();
            double busy = (now[0] - machine[0]) * TICK_NANOS;
            StringBuilder out = new StringBuilder(
                    String.format("CPU of %d cores: client %.0f %%", cores, 100 * clientUsed / capacity));
            if (pid > 0) {
                double serverUsed = serverNanos(pid) - server;
                out.append(String.format(
                        ", service %.0f %% (%.1f µs per %s)",
                        100 * serverUsed / capacity, units == 0 ? 0 : serverUsed / units / 1e3, unit));
                out.append(String.format(
                        ", everything else %.0f %%", Math.max(0, 100 * (busy - serverUsed - clientUsed) / capacity)));
            }
            out.append(String.format(", machine busy %.0f %%", 100 * busy / capacity));
            return out.toString();
        }

        private static long clientNanos() {
            return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime();
        }

        private static long serverNanos(long pid) {
            if (pid <= 0) {
                return 0;
            }
            try {
                String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
                // fields after the command name (which may hold spaces): utime and stime are the 12th and 13th
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return (long) ((Long.parseLong(f[11]) + Long.parseLong(f[12])) * TICK_NANOS);
            } catch (IOException | RuntimeException e) {
                return 0;
            }
        }

        /** Busy ticks of all cores: user, nice, system, irq, softirq, steal. */
        private static long[] machineTicks() {
            try {
                String[] f =
                        Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
                long busy = Long.parseLong(f[1])
                        + Long.parseLong(f[2])
                        + Long.parseLong(f[3])
                        + Long.parseLong(f[6])
                        + Long.parseLong(f[7])
                        + (f.length > 8 ? Long.parseLong(f[8]) : 0);
                return new long[] {busy};
            } catch (IOException | RuntimeException e) {
                return new long[] {0};
            }
        }
    }
}
