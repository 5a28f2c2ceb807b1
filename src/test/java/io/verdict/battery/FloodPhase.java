package io.verdict.battery;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A flood of events with ever-new keys for the three stateful rules (threshold groups, new_terms combinations,
 * pending sequences), in NDJSON batches, against a service at -Xmx256m. Every 10 s: the state's size, the process's
 * resident memory, liveness. At the end: whether the process lives and answers liveness, the heap used after a
 * forced GC ({@code jcmd GC.run}, then {@code GC.heap_info}), events/s, evictions, any OutOfMemoryError in the log.
 */
final class FloodPhase implements Phase {

    private static final Pattern NUMBER =
            Pattern.compile("\"(groups|terms|keys|pending|evictions|memory_bytes)\":(\\d+)");

    @Override
    public String name() {
        return "flood";
    }

    @Override
    public String purpose() {
        return "ever-new keys for a threshold, a new_terms and a sequence rule at -Xmx256m: alive, liveness, heap after GC";
    }

    /** Event {@code i}: an authentication failure, success, or a process start, each with keys never seen before. */
    static String event(long i) {
        String time = java.time.Instant.ofEpochMilli(1_796_083_200_000L + i).toString();
        return switch ((int) (i % 3)) {
            case 0 ->
                "{\"@timestamp\":\"" + time
                        + "\",\"event\":{\"category\":[\"authentication\"],\"outcome\":\"failure\"},"
                        + "\"source\":{\"ip\":\"" + ip(i) + "\"},\"user\":{\"name\":\"user-" + i
                        + "\"},\"host\":{\"id\":\"host-" + i + "\"}}";
            case 1 ->
                "{\"@timestamp\":\"" + time
                        + "\",\"event\":{\"category\":[\"authentication\"],\"outcome\":\"success\"},"
                        + "\"source\":{\"ip\":\"" + ip(i) + "\"},\"user\":{\"name\":\"user-" + i
                        + "\"},\"host\":{\"id\":\"host-" + i + "\"}}";
            default ->
                "{\"@timestamp\":\"" + time + "\",\"event\":{\"category\":[\"process\"],\"type\":[\"start\"]},"
                        + "\"host\":{\"id\":\"host-" + i + "\"},\"process\":{\"entity_id\":\"proc-" + i
                        + "\",\"name\":\"x.exe\","
                        + "\"executable\":\"C:\\\\Users\\\\u\\\\AppData\\\\Local\\\\Temp\\\\x" + i + ".exe\"}}";
        };
    }

    private static String ip(long i) {
        return "10." + ((i >> 16) & 255) + "." + ((i >> 8) & 255) + "." + (i & 255);
    }

    @Override
    public void run(BatteryContext context, Tally tally) throws Exception {
        try (ServiceProcess service = context.launch(
                new ServiceProcess.Spec("flood", "256m", List.of(context.rules()), List.of(), Duration.ofMinutes(3)))) {
            String failure = service.awaitReady(context);
            if (failure != null) {
                tally.skip(failure);
                return;
            }
            RawHttp http = service.http();
            long total = context.options().floodEvents();
            int size = context.options().floodBatch();
            long batches = (total + size - 1) / size;
            AtomicLong nextBatch = new AtomicLong();
            AtomicLong acknowledged = new AtomicLong();
            AtomicInteger failuresInARow = new AtomicInteger();
            AtomicBoolean stop = new AtomicBoolean();
            List<Map<String, Object>> timeline = new ArrayList<>();
            long started = System.nanoTime();
            Thread monitor = new Thread(
                    () -> monitor(context, service, acknowledged, stop, timeline, started), "battery-flood-monitor");
            monitor.setDaemon(true);
            monitor.start();
            List<Thread> senders = new ArrayList<>();
            for (int s = 0; s < 2; s++) {
                Thread sender = new Thread(
                        () -> {
                            for (long b = nextBatch.getAndIncrement();
                                    b < batches && !stop.get();
                                    b = nextBatch.getAndIncrement()) {
                                StringBuilder body = new StringBuilder(size * 260);
                                long from = b * size;
                                long to = Math.min(total, from + size);
                                for (long i = from; i < to; i++) {
                                    body.append(event(i)).append('\n');
                                }
                                RawHttp.Request request = RawHttp.Request.of(
                                        "POST",
                                        "/api/v1/evaluate/_batch",
                                        "application/x-ndjson",
                                        body.toString().getBytes(StandardCharsets.UTF_8),
                                        context.keys().readHeader());
                                tally.inputs(to - from);
                                Answer answer = context.exchange(tally, http, request, Duration.ofSeconds(120));
                                if (answer.status() == 200) {
                                    acknowledged.addAndGet(to - from);
                                    failuresInARow.set(0);
                                } else if (failuresInARow.incrementAndGet() >= 3 || !service.alive()) {
                                    tally.note(String.format(
                                            "stopped sending after %d events acknowledged: three batches in a row failed"
                                                    + " (last: %s) at %.0f s",
                                            acknowledged.get(),
                                            answer.excerpt(100),
                                            (System.nanoTime() - started) / 1e9));
                                    stop.set(true);
                                }
                            }
                        },
                        "battery-flood-" + s);
                sender.start();
                senders.add(sender);
            }
            for (Thread sender : senders) {
                sender.join();
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            stop.set(true);
            monitor.join(30_000);
            end(context, tally, service, acknowledged.get(), seconds, timeline);
        }
    }

    private static void monitor(
            BatteryContext context,
            ServiceProcess service,
            AtomicLong acknowledged,
            AtomicBoolean stop,
            List<Map<String, Object>> timeline,
            long started) {
        RawHttp http = service.http();
        while (!stop.get()) {
            for (int i = 0; i < 100 && !stop.get(); i++) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
            Map<String, Object> point = new LinkedHashMap<>();
            point.put("s", Math.round((System.nanoTime() - started) / 1e9));
            point.put("events acknowledged", acknowledged.get());
            Answer live = http.send(
                    RawHttp.Request.of(
                            "GET",
                            "/actuator/health/liveness",
                            null,
                            (byte[]) null,
                            context.keys().readHeader()),
                    Duration.ofSeconds(10));
            point.put(
                    "liveness",
                    live.answered()
                            ? live.status() + String.format(" in %.0f ms", live.millis())
                            : live.outcome().toString());
            Answer state = http.send(
                    RawHttp.Request.of(
                            "GET",
                            "/api/v1/state",
                            null,
                            (byte[]) null,
                            context.keys().readHeader()),
                    Duration.ofSeconds(10));
            long[] sums = stateSums(state.text());
            point.put("state entries", state.status() == 200 ? sums[0] : "-");
            point.put("evictions", state.status() == 200 ? sums[1] : "-");
            point.put("RSS MB", rssMb(service.pid()));
            synchronized (timeline) {
                timeline.add(point);
            }
        }
    }

    /** Entries (groups, terms, keys, pending) and evictions summed over the rules of /api/v1/state. */
    static long[] stateSums(String json) {
        long entries = 0;
        long evictions = 0;
        Matcher m = NUMBER.matcher(json);
        while (m.find()) {
            long value = Long.parseLong(m.group(2));
            if (m.group(1).equals("evictions")) {
                evictions += value;
            } else if (!m.group(1).equals("memory_bytes")) {
                entries += value;
            }
        }
        return new long[] {entries, evictions};
    }

    private static long rssMb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    private static void end(
            BatteryContext context,
            Tally tally,
            ServiceProcess service,
            long acknowledged,
            double seconds,
            List<Map<String, Object>> timeline) {
        RawHttp http = service.http();
        boolean alive = service.alive();
        Answer live = http.send(
                RawHttp.Request.of(
                        "GET",
                        "/actuator/health/liveness",
                        null,
                        (byte[]) null,
                        context.keys().readHeader()),
                Duration.ofSeconds(10));
        Answer state = http.send(
                RawHttp.Request.of(
                        "GET",
                        "/api/v1/state",
                        null,
                        (byte[]) null,
                        context.keys().readHeader()),
                Duration.ofSeconds(30));
        double heap = alive ? service.heapAfterGcMb() : -1;
        String log = service.logSince(0);
        long[] sums = stateSums(state.text());
        tally.figure("* flood: events sent / acknowledged", tally.inputs() + " / " + acknowledged);
        tally.figure("* flood: process alive at the end", alive);
        tally.figure(
                "* flood: liveness at the end",
                live.answered()
                        ? live.status() + " " + live.text().strip()
                        : live.outcome().toString());
        tally.figure(
                "* flood: heap used after a forced GC at the end (MB, -Xmx256m)",
                heap < 0 ? "not measured (jcmd failed or" + " the process is gone)" : String.format("%.1f", heap));
        tally.figure("events/s (acknowledged)", Math.round(acknowledged / Math.max(seconds, 1e-3)));
        tally.figure(
                "state entries / evictions at the end",
                state.status() == 200 ? sums[0] + " / " + sums[1] : state.excerpt(80));
        tally.figure("OutOfMemoryError in the log", log.contains("OutOfMemoryError"));
        synchronized (timeline) {
            tally.figure("timeline (every 10 s)", new ArrayList<>(timeline));
        }
        if (!alive || live.status() != 200) {
            tally.finding(
                    "the service does not survive the flood",
                    "alive " + alive + ", liveness " + live.excerpt(80)
                            + (log.contains("OutOfMemoryError") ? ", OutOfMemoryError in the log" : ""));
        }
        if (log.contains("OutOfMemoryError")) {
            int at = log.indexOf("OutOfMemoryError");
            tally.finding(
                    "OutOfMemoryError",
                    log.substring(Math.max(0, at - 200), Math.min(log.length(), at + 100))
                            .replaceAll("\\s+", " "));
        }
    }
}
