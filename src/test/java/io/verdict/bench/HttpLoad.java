package io.verdict.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * (e) HTTP load against a running service on loopback: first NDJSON batches posted back to back by a few
 * connections (events/s, batch latency), then single events posted at a fixed rate (latency measured from the
 * moment each request was due, so a stall is not hidden by the client waiting). Bounded by time and by request
 * count; refuses any host but loopback. Events: the real corpus documents and their generated variants.
 * Run through {@code scripts/http-load.sh}, which starts the service with the Elastic corpus and stops it after.
 *
 * <p>Options: {@code --url http://127.0.0.1:8080 --seconds 15 --max-requests 200000 --batch 1000
 * --connections 2 --rate 1000 --accept json|ndjson}.
 */
public final class HttpLoad {

    private HttpLoad() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new java.util.HashMap<>(Map.of("url", "http://127.0.0.1:8080", "seconds", "15",
                "max-requests", "200000", "batch", "1000", "connections", "2", "rate", "1000", "accept", "json"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        URI base = URI.create(options.get("url"));
        if (!List.of("127.0.0.1", "localhost", "[::1]").contains(base.getHost())) {
            throw new IllegalArgumentException("loopback only: " + base);
        }
        long seconds = Long.parseLong(options.get("seconds"));
        int maxRequests = Integer.parseInt(options.get("max-requests"));
        List<String> events = CorpusEvents.realAndGenerated(CorpusEvents.rules(), 20_000);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();

        batches(client, base, events, Integer.parseInt(options.get("batch")), Integer.parseInt(options.get("connections")),
                options.get("accept").equals("ndjson"), seconds, maxRequests);
        singles(client, base, events, Integer.parseInt(options.get("rate")), seconds, maxRequests);
    }

    private static void batches(HttpClient client, URI base, List<String> events, int size, int connections,
                                boolean ndjsonOut, long seconds, int maxRequests) throws InterruptedException {
        List<byte[]> bodies = new ArrayList<>();
        for (int from = 0; from + size <= events.size(); from += size) {
            bodies.add((String.join("\n", events.subList(from, from + size)) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        URI uri = base.resolve("/api/v1/evaluate/_batch");
        String accept = ndjsonOut ? "application/x-ndjson" : "application/json";
        warm(client, uri, bodies.get(0), accept, 5);
        AtomicInteger sent = new AtomicInteger();
        AtomicLong errors = new AtomicLong();
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        long started = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            Thread t = new Thread(() -> {
                int n;
                while (System.nanoTime() < deadline && (n = sent.getAndIncrement()) < maxRequests) {
                    long t0 = System.nanoTime();
                    try {
                        HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(uri)
                                .header("Content-Type", "application/x-ndjson").header("Accept", accept)
                                .POST(HttpRequest.BodyPublishers.ofByteArray(bodies.get(n % bodies.size()))).build(),
                                HttpResponse.BodyHandlers.ofByteArray());
                        if (r.statusCode() != 200) {
                            errors.incrementAndGet();
                        }
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                    latencies.add(System.nanoTime() - t0);
                }
            });
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        double elapsed = (System.nanoTime() - started) / 1e9;
        long[] sorted = sorted(latencies);
        System.out.printf("NDJSON batches of %d events, %d connections, %s out: %d requests in %.1f s, %.0f events/s,"
                        + " batch p50 %.1f ms, p99 %.1f ms, errors %d%n", size, connections, accept, sorted.length, elapsed,
                sorted.length * (double) size / elapsed, percentile(sorted, 50) / 1e6, percentile(sorted, 99) / 1e6,
                errors.get());
    }

    private static void singles(HttpClient client, URI base, List<String> events, int rate, long seconds,
                                int maxRequests) throws InterruptedException {
        URI uri = base.resolve("/api/v1/evaluate");
        List<byte[]> bodies = events.stream().map(e -> e.getBytes(StandardCharsets.UTF_8)).toList();
        warm(client, uri, bodies.get(0), "application/json", 2000);
        int total = (int) Math.min(maxRequests, rate * seconds);
        long interval = TimeUnit.SECONDS.toNanos(1) / rate;
        Semaphore inFlight = new Semaphore(512);
        AtomicLong errors = new AtomicLong();
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        List<CompletableFuture<?>> pending = new ArrayList<>();
        long started = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long due = started + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            if (!inFlight.tryAcquire()) {
                errors.incrementAndGet(); // more than 512 outstanding: the service is not keeping up
                continue;
            }
            pending.add(client.sendAsync(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(bodies.get(i % bodies.size()))).build(),
                    HttpResponse.BodyHandlers.discarding()).handle((r, e) -> {
                        latencies.add(System.nanoTime() - due);
                        if (e != null || r.statusCode() != 200) {
                            errors.incrementAndGet();
                        }
                        inFlight.release();
                        return null;
                    }));
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
        double elapsed = (System.nanoTime() - started) / 1e9;
        long[] sorted = sorted(latencies);
        System.out.printf("single events at %d/s: %d requests in %.1f s (%.0f/s), p50 %.2f ms, p99 %.2f ms,"
                        + " max %.2f ms, errors %d%n", rate, total, elapsed, sorted.length / elapsed,
                percentile(sorted, 50) / 1e6, percentile(sorted, 99) / 1e6,
                sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6, errors.get());
    }

    /** A few requests first, so the service's JIT has compiled the path the measurement takes. */
    private static void warm(HttpClient client, URI uri, byte[] body, String accept, int count) {
        for (int i = 0; i < count; i++) {
            try {
                client.send(HttpRequest.newBuilder(uri).header("Content-Type", body.length > 0 && accept.contains("json")
                                && uri.getPath().endsWith("_batch") ? "application/x-ndjson" : "application/json")
                        .header("Accept", accept).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                        HttpResponse.BodyHandlers.discarding());
            } catch (Exception e) {
                throw new IllegalStateException("the service at " + uri + " does not answer: " + e, e);
            }
        }
    }

    private static long[] sorted(ConcurrentLinkedQueue<Long> values) {
        long[] out = values.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(out);
        return out;
    }

    private static double percentile(long[] sorted, int p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }
}
