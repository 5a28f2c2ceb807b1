package io.verdict.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Slow clients against a running service on loopback, and what other clients see meanwhile. {@code --clients}
 * connections each send the headers of a {@code POST /api/v1/evaluate/_batch} announcing a large body, then one
 * body byte per second; a connection the service answers or closes is counted (by status) and, with
 * {@code --reconnect true}, opened again at once, as an attacker would. Meanwhile a probe every
 * {@code --interval-ms} asks {@code /actuator/health/liveness} and another posts one small event to
 * {@code /api/v1/evaluate}, each on a new connection: open loop, so a probe's latency counts from when it was due
 * and a stall of the service shows in the percentiles. A probe that gets no answer within {@code --timeout-ms}
 * counts as a timeout at that latency. Prints p50, p99, max and the statuses of both probes, first for
 * {@code --quiet-seconds} without slow clients, then for {@code --seconds} with them.
 *
 * <p>Run through {@code scripts/slow-clients.sh}, which starts the packaged service and stops it after. Refuses any
 * host but loopback.
 */
public final class SlowClients {

    private static final String EVENT = "{\"@timestamp\":\"2026-11-27T10:15:00.000Z\",\"event\":{\"category\":"
            + "[\"process\"],\"type\":[\"start\"]},\"host\":{\"name\":\"fin-ws-042\",\"os\":{\"type\":\"windows\"}},"
            + "\"process\":{\"name\":\"rclone.exe\",\"args\":[\"rclone.exe\",\"copy\",\"a\",\":s3:b\"]}}";

    private final InetSocketAddress address;
    private final String host;
    private final int timeoutMillis;

    private SlowClients(URI base, int timeoutMillis) {
        this.address = new InetSocketAddress(base.getHost().replace("[", "").replace("]", ""), base.getPort());
        this.host = base.getHost() + ":" + base.getPort();
        this.timeoutMillis = timeoutMillis;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>(Map.of(
                "url",
                "http://127.0.0.1:8080",
                "clients",
                "200",
                "seconds",
                "30",
                "quiet-seconds",
                "5",
                "interval-ms",
                "100",
                "reconnect",
                "true",
                "timeout-ms",
                "30000",
                "ramp-seconds",
                "3"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        URI base = URI.create(options.get("url"));
        if (!List.of("127.0.0.1", "localhost", "[::1]").contains(base.getHost())) {
            throw new IllegalArgumentException("loopback only: " + base);
        }
        SlowClients run = new SlowClients(base, Integer.parseInt(options.get("timeout-ms")));
        long interval = Long.parseLong(options.get("interval-ms"));
        System.out.println("quiet: no slow clients, " + options.get("quiet-seconds") + " s");
        run.probe(Long.parseLong(options.get("quiet-seconds")), interval);
        Attack attack = run
        .new Attack(Integer.parseInt(options.get("clients")), Boolean.parseBoolean(options.get("reconnect")));
        Thread attacker = new Thread(attack, "slow-clients");
        attacker.setDaemon(true);
        attacker.start();
        Thread.sleep(TimeUnit.SECONDS.toMillis(Long.parseLong(options.get("ramp-seconds"))));
        System.out.println("attack: " + options.get("clients") + " slow clients (one body byte a second, reconnect "
                + options.get("reconnect") + "), " + options.get("seconds") + " s; " + attack.open.get()
                + " connected after the ramp");
        run.probe(Long.parseLong(options.get("seconds")), interval);
        attack.stop = true;
        attacker.join(5_000);
        System.out.println("slow clients: " + attack.opened.get() + " connections opened, ended by the service: "
                + new TreeMap<>(attack.endings) + ", longest held " + attack.longestHeldMillis.get() + " ms");
    }

    /** Probes health and one evaluation every {@code interval} ms for {@code seconds}, then prints both. */
    private void probe(long seconds, long interval) throws InterruptedException {
        int count = (int) (TimeUnit.SECONDS.toMillis(seconds) / interval);
        Probe health =
                new Probe("GET /actuator/health/liveness", request("GET", "/actuator/health/liveness", null), count);
        Probe evaluate = new Probe(
                "POST /api/v1/evaluate",
                request("POST", "/api/v1/evaluate", EVENT.getBytes(StandardCharsets.UTF_8)),
                count);
        ExecutorService pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "probe");
            t.setDaemon(true);
            return t;
        });
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long due = start + TimeUnit.MILLISECONDS.toNanos(i * interval);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            int n = i;
            pool.execute(() -> health.run(n, due));
            pool.execute(() -> evaluate.run(n, due));
        }
        pool.shutdown();
        pool.awaitTermination(timeoutMillis + 10_000L, TimeUnit.MILLISECONDS);
        health.print();
        evaluate.print();
    }

    private byte[] request(String method, String path, byte[] body) {
        String head = method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n"
                + (body == null ? "" : "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n")
                + "\r\n";
        byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
        byte[] all = Arrays.copyOf(headBytes, headBytes.length + (body == null ? 0 : body.length));
        if (body != null) {
            System.arraycopy(body, 0, all, headBytes.length, body.length);
        }
        return all;
    }

    /** One kind of probe: its latencies (ms, from the due time) and statuses. */
    private final class Probe {
        private final String name;
        private final byte[] request;
        private final double[] latencies;
        private final Map<String, AtomicInteger> statuses = new ConcurrentHashMap<>();

        Probe(String name, byte[] request, int count) {
            this.name = name;
            this.request = request;
            this.latencies = new double[count];
        }

        void run(int n, long due) {
            String status;
            try (Socket socket = new Socket()) {
                socket.setTcpNoDelay(true);
                socket.connect(address, timeoutMillis);
                socket.setSoTimeout(timeoutMillis);
                OutputStream out = socket.getOutputStream();
                out.write(request);
                out.flush();
                status = statusOf(socket.getInputStream());
                // read the rest, so the latency covers the whole answer
                socket.getInputStream().transferTo(OutputStream.nullOutputStream());
            } catch (java.net.SocketTimeoutException e) {
                status = "timeout";
            } catch (IOException e) {
                status = "error:" + e.getClass().getSimpleName();
            }
            latencies[n] = (System.nanoTime() - due) / 1e6;
            statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
        }

        void print() {
            double[] sorted = latencies.clone();
            Arrays.sort(sorted);
            System.out.printf(
                    "  %-32s n=%d p50=%.1f ms p99=%.1f ms max=%.1f ms statuses=%s%n",
                    name,
                    sorted.length,
                    percentile(sorted, 0.50),
                    percentile(sorted, 0.99),
                    sorted[sorted.length - 1],
                    new TreeMap<>(statuses));
        }
    }

    private static double percentile(double[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    /** The three digits of the status line, or what came instead. */
    private static String statusOf(InputStream in) throws IOException {
        byte[] head = new byte[12];
        int n = in.readNBytes(head, 0, 12);
        if (n < 12) {
            return n == 0 ? "closed" : "short";
        }
        return new String(head, 9, 3, StandardCharsets.US_ASCII);
    }

    /** The slow clients: one thread writes one byte a second to each connection and notices those that ended. */
    private final class Attack implements Runnable {
        private final int clients;
        private final boolean reconnect;
        private final AtomicInteger open = new AtomicInteger();
        private final AtomicInteger opened = new AtomicInteger();
        private final AtomicLong longestHeldMillis = new AtomicLong();
        private final Map<String, Integer> endings = new ConcurrentHashMap<>();
        private volatile boolean stop;

        Attack(int clients, boolean reconnect) {
            this.clients = clients;
            this.reconnect = reconnect;
        }

        private record Slow(Socket socket, long openedAt) {}

        @Override
        public void run() {
            List<Slow> slow = new ArrayList<>();
            byte[] head = ("POST /api/v1/evaluate/_batch HTTP/1.1\r\nHost: " + host
                            + "\r\nContent-Type: application/x-ndjson\r\nContent-Length: 1000000\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < clients && !stop; i++) {
                Slow s = connect(head);
                if (s != null) {
                    slow.add(s);
                }
            }
            while (!stop) {
                long round = System.nanoTime();
                for (int i = 0; i < slow.size() && !stop; i++) {
                    Slow s = slow.get(i);
                    String ended = null;
                    try {
                        if (s.socket.getInputStream().available() > 0) {
                            ended = statusOf(s.socket.getInputStream());
                        } else {
                            s.socket.getOutputStream().write('{');
                            s.socket.getOutputStream().flush();
                        }
                    } catch (IOException e) {
                        ended = "closed";
                    }
                    if (ended != null) {
                        endings.merge(ended, 1, Integer::sum);
                        longestHeldMillis.accumulateAndGet((System.nanoTime() - s.openedAt) / 1_000_000, Math::max);
                        close(s.socket);
                        Slow again = reconnect && !stop ? connect(head) : null;
                        if (again != null) {
                            slow.set(i, again);
                        } else {
                            slow.remove(i--);
                        }
                    }
                }
                long rest = TimeUnit.SECONDS.toNanos(1) - (System.nanoTime() - round);
                if (rest > 0) {
                    try {
                        TimeUnit.NANOSECONDS.sleep(rest);
                    } catch (InterruptedException e) {
                        break;
                    }
                }
            }
            slow.forEach(s -> close(s.socket));
        }

        private Slow connect(byte[] head) {
            Socket socket = new Socket();
            try {
                socket.setSoTimeout(1);
                socket.connect(address, 5_000);
                socket.getOutputStream().write(head);
                socket.getOutputStream().flush();
                open.incrementAndGet();
                opened.incrementAndGet();
                return new Slow(socket, System.nanoTime());
            } catch (IOException e) {
                endings.merge("connect:" + e.getClass().getSimpleName(), 1, Integer::sum);
                close(socket);
                return null;
            }
        }

        private void close(Socket socket) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // a socket we are done with
            }
        }
    }
}
