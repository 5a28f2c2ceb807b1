package io.verdict.battery;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Slow clients: {@code --slow-clients} connections each send the headers of a batch POST and then one body byte a
 * second, held for {@code --slow-seconds}, while a prober asks for liveness and for one evaluation every 100 ms
 * each (open loop: a slow answer does not delay the next probe). Reports the probes' latency (p50, p99, max) and
 * failures, against 5 s of the same probes before the slow clients came, and how the slow clients ended (an
 * answer and its status, closed by the service, or still open when the battery let go).
 */
final class SlowPhase implements Phase {

    @Override
    public String name() {
        return "slow";
    }

    @Override
    public String purpose() {
        return "slow clients (one body byte a second) against liveness and evaluation latency";
    }

    @Override
    public void run(BatteryContext context, Tally tally) throws Exception {
        try (ServiceProcess service = context.launch(
                new ServiceProcess.Spec("slow", "512m", List.of(context.rules()), List.of(), Duration.ofMinutes(3)))) {
            String failure = service.awaitReady(context);
            if (failure != null) {
                tally.skip(failure);
                return;
            }
            Probes quiet = probe(context, tally, service, Duration.ofSeconds(5));
            tally.figure("without slow clients: liveness p50 / p99 / max ms, failures", quiet.liveness.summary());
            tally.figure("without slow clients: evaluation p50 / p99 / max ms, failures", quiet.evaluation.summary());
            int count = context.options().slowClients();
            int seconds = context.options().slowSeconds();
            List<SlowClient> clients = new ArrayList<>();
            AtomicBoolean stop = new AtomicBoolean();
            try {
                for (int i = 0; i < count; i++) {
                    clients.add(SlowClient.open(service.port(), context.keys().readHeader()));
                }
                tally.inputs(count);
                Thread dribble = new Thread(
                        () -> {
                            while (!stop.get()) {
                                clients.forEach(SlowClient::tick);
                                try {
                                    Thread.sleep(1_000);
                                } catch (InterruptedException e) {
                                    return;
                                }
                            }
                        },
                        "battery-slow-dribble");
                dribble.start();
                Thread.sleep(2_000);
                Probes under = probe(context, tally, service, Duration.ofSeconds(Math.max(1, seconds - 2)));
                stop.set(true);
                dribble.join(5_000);
                clients.forEach(SlowClient::tick);
                tally.figure(
                        "* slow clients: liveness p50 / p99 / max ms, failures (" + count + " slow clients)",
                        under.liveness.summary());
                tally.figure("* slow clients: evaluation p50 / p99 / max ms, failures", under.evaluation.summary());
                Map<String, Long> ends = new TreeMap<>();
                clients.forEach(c -> ends.merge(c.end(), 1L, Long::sum));
                tally.figure("how the slow clients ended after " + seconds + " s", ends);
                if (under.liveness.p99() > 1_000 || under.liveness.failures > 0) {
                    tally.finding("liveness slow or failing under slow clients", under.liveness.summary());
                }
                if (under.evaluation.p99() > 1_000 || under.evaluation.failures > 0) {
                    tally.finding("evaluations slow or failing under slow clients", under.evaluation.summary());
                }
            } finally {
                stop.set(true);
                clients.forEach(SlowClient::close);
            }
            tally.figure("service alive at the end", service.alive());
        }
    }

    /** Latencies of one kind of probe. */
    static final class Latencies {
        final List<Double> millis = new ArrayList<>();
        long failures;

        synchronized void add(Answer answer) {
            if (answer.status() == 200) {
                millis.add(answer.millis());
            } else {
                failures++;
            }
        }

        synchronized double p99() {
            return percentile(99);
        }

        synchronized double percentile(int p) {
            if (millis.isEmpty()) {
                return 0;
            }
            double[] sorted =
                    millis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
        }

        synchronized String summary() {
            double max = millis.stream().mapToDouble(Double::doubleValue).max().orElse(0);
            return String.format(
                    "%.1f / %.1f / %.1f ms, %d failures of %d",
                    percentile(50), percentile(99), max, failures, failures + millis.size());
        }
    }

    record Probes(Latencies liveness, Latencies evaluation) {}

    /** Liveness and one evaluation every 100 ms each for the duration, each probe on its own thread. */
    private static Probes probe(BatteryContext context, Tally tally, ServiceProcess service, Duration duration)
            throws InterruptedException {
        Probes probes = new Probes(new Latencies(), new Latencies());
        RawHttp http = service.http();
        ExecutorService pool = Executors.newCachedThreadPool();
        long end = System.nanoTime() + duration.toNanos();
        try {
            while (System.nanoTime() < end) {
                pool.submit(() -> {
                    RawHttp.Request request = RawHttp.Request.of(
                            "GET",
                            "/actuator/health/liveness",
                            null,
                            (byte[]) null,
                            context.keys().readHeader());
                    probes.liveness.add(context.exchange(tally, http, request, Duration.ofSeconds(30)));
                });
                pool.submit(() -> {
                    RawHttp.Request request = RawHttp.Request.of(
                            "POST",
                            "/api/v1/evaluate?rule_id=" + BatteryRules.EQL_ID,
                            "application/json",
                            BatteryRules.ALERTING_EVENT,
                            context.keys().readHeader());
                    probes.evaluation.add(context.exchange(tally, http, request, Duration.ofSeconds(30)));
                });
                Thread.sleep(100);
            }
        } finally {
            pool.shutdown();
            if (!pool.awaitTermination(40, TimeUnit.SECONDS)) {
                pool.shutdownNow();
            }
        }
        return probes;
    }

    /** One connection that sent a batch's headers and feeds its body a byte at a time. */
    private static final class SlowClient {
        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;
        private String end = "still open";
        private boolean done;

        private SlowClient(Socket socket) throws IOException {
            this.socket = socket;
            this.out = socket.getOutputStream();
            this.in = socket.getInputStream();
        }

        static SlowClient open(int port, String key) throws IOException {
            Socket socket = new Socket();
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            SlowClient client = new SlowClient(socket);
            String head = "POST /api/v1/evaluate/_batch HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n" + key
                    + "\r\nContent-Type: application/x-ndjson\r\nContent-Length: 100000\r\n\r\n";
            client.out.write(head.getBytes(StandardCharsets.US_ASCII));
            client.out.flush();
            return client;
        }

        /** Reads an answer if one came, else sends the next byte; notes how the connection ended. */
        synchronized void tick() {
            if (done) {
                return;
            }
            try {
                if (in.available() > 0) {
                    byte[] bytes = new byte[Math.min(in.available(), 512)];
                    int n = in.read(bytes);
                    String text = new String(bytes, 0, Math.max(0, n), StandardCharsets.ISO_8859_1);
                    end = text.startsWith("HTTP/1.1 ") && text.length() >= 12
                            ? "answered " + text.substring(9, 12)
                            : "answered";
                    done = true;
                    return;
                }
                out.write('{');
                out.flush();
            } catch (IOException e) {
                end = "closed by the service (" + e.getClass().getSimpleName() + ")";
                done = true;
            }
        }

        synchronized String end() {
            if (!done) {
                try {
                    socket.setSoTimeout(1);
                    int b = in.read();
                    if (b < 0) {
                        end = "closed by the service";
                    }
                } catch (IOException e) {
                    // still open: nothing to read
                }
            }
            return end;
        }

        void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // done with it
            }
        }
    }
}
