package io.verdict.battery;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bad rule directories: each bad file (a 10 KB TOML nested 5,000 deep, a 15 MB file of 100k tables, a 50 MB file, a
 * KQL rule with a field starting with {@code .}) beside the battery's good rules, the service started at -Xmx1g: it
 * must become ready, serve and alert with the good rules, and list the bad file among the errors. Then the window
 * after the port opens: evaluations sent as fast as possible from process start must not answer 200 with no rule
 * evaluated before the service is ready (503 instead).
 */
final class StartupPhase implements Phase {

    @Override
    public String name() {
        return "startup";
    }

    @Override
    public String purpose() {
        return "bad rule files beside good ones at -Xmx1g: start, serve the good, list the bad; answers before ready";
    }

    /** Writes the bad file of a case into {@code dir}; returns its name. */
    static String writeBad(String name, Path dir) throws IOException {
        String base = BatteryRules.rule(
                BatteryRules.id("startup-" + name),
                "Battery startup " + name,
                "eql",
                "eql",
                "process where process.name == \"startup-" + name + "\"",
                "");
        Path file = dir.resolve("bad-" + name + ".toml");
        switch (name) {
            case "deep" ->
                Files.writeString(file, base + "\n[rule.fuzz]\ndeep = " + "[".repeat(5_000) + "]".repeat(5_000) + "\n");
            case "tables" -> {
                try (BufferedWriter out = Files.newBufferedWriter(file)) {
                    out.write(base);
                    String value = "v".repeat(125);
                    for (int i = 0; i < 100_000; i++) {
                        out.write("\n[rule.t" + i + "]\nk = \"" + value + "\"\n");
                    }
                }
            }
            case "huge" -> {
                int rule = base.indexOf("[rule]\n") + 7;
                try (BufferedWriter out = Files.newBufferedWriter(file)) {
                    out.write(base.substring(0, rule));
                    out.write("note = \"\"\"\n");
                    String line = "n".repeat(99) + "\n";
                    for (int i = 0; i < 500_000; i++) {
                        out.write(line);
                    }
                    out.write("\"\"\"\n");
                    out.write(base.substring(rule));
                }
            }
            default ->
                Files.writeString(
                        file,
                        BatteryRules.rule(
                                BatteryRules.id("startup-dot"),
                                "Battery startup dot",
                                "query",
                                "kuery",
                                "event.category: \"authentication\" or .incoming_token_type: \"none\"",
                                ""));
        }
        return file.getFileName().toString();
    }

    @Override
    public void run(BatteryContext context, Tally tally) throws Exception {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String name : List.of("deep", "tables", "huge", "dot")) {
            Path dir = Files.createDirectories(context.workRoot().resolve("startup-" + name));
            for (Map.Entry<String, String> good : BatteryRules.files().entrySet()) {
                Files.writeString(dir.resolve(good.getKey()), good.getValue());
            }
            String bad = writeBad(name, dir);
            tally.inputs(1);
            rows.add(start(context, tally, name, dir, bad));
            Battery.deleteTree(dir);
        }
        tally.figure("bad rule files", rows);
        window(context, tally);
    }

    private Map<String, Object> start(BatteryContext context, Tally tally, String name, Path dir, String bad)
            throws Exception {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("file", bad + String.format(" (%.1f MB)", Files.size(dir.resolve(bad)) / 1e6));
        Duration ready = context.options().quick() ? Duration.ofMinutes(2) : Duration.ofMinutes(4);
        try (ServiceProcess service =
                context.launch(new ServiceProcess.Spec("startup-" + name, "1g", List.of(dir), List.of(), ready))) {
            String failure = service.awaitReady(context);
            String log = service.logSince(0);
            row.put("ready", failure == null ? String.format("yes, %.0f s", service.uptime()) : "no");
            String problem = log.contains("StackOverflowError")
                    ? "StackOverflowError"
                    : log.contains("OutOfMemoryError") ? "OutOfMemoryError" : "-";
            row.put("in the log", problem);
            if (failure != null) {
                row.put("good rules alert", "-");
                row.put("bad file listed", "-");
                row.put("errors body", "-");
                tally.finding("one rule file stops startup", bad + ": " + failure);
                return row;
            }
            RawHttp http = service.http();
            Answer alert = context.exchange(
                    tally,
                    http,
                    RawHttp.Request.of(
                            "POST",
                            "/api/v1/evaluate?rule_id=" + BatteryRules.EQL_ID,
                            "application/json",
                            BatteryRules.ALERTING_EVENT,
                            context.keys().readHeader()),
                    context.timeout());
            Answer errors = context.exchange(
                    tally,
                    http,
                    RawHttp.Request.of(
                            "GET",
                            "/api/v1/rules/errors",
                            null,
                            (byte[]) null,
                            context.keys().readHeader()),
                    Duration.ofSeconds(120));
            boolean alerts = alert.text().contains("\"matched\":true");
            boolean listed = errors.text().contains(bad);
            row.put("good rules alert", alerts);
            row.put("bad file listed", listed);
            row.put(
                    "errors body",
                    String.format("%d, %.1f MB", errors.status(), errors.body().length / 1e6)
                            + (errors.clipped() ? " (clipped)" : ""));
            if (!alerts) {
                tally.finding("good rules do not alert beside a bad file", bad + ": " + alert.excerpt(160));
            }
            if (!listed) {
                tally.finding("bad file not listed among the errors", bad + ": " + errors.excerpt(160));
            }
            if (errors.body().length > 1_000_000) {
                tally.finding("rule errors answer larger than 1 MB", bad + ": " + errors.body().length + " bytes");
            }
        }
        return row;
    }

    /** Evaluations from the moment the process starts until 2 s after it is ready. */
    private void window(BatteryContext context, Tally tally) throws Exception {
        List<Path> paths = new ArrayList<>(List.of(context.rules()));
        if (context.corpus() != null) {
            paths.add(context.corpus());
        }
        try (ServiceProcess service = context.launch(
                new ServiceProcess.Spec("startup-window", "1g", paths, List.of(), Duration.ofMinutes(4)))) {
            RawHttp http = service.http();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong readyAt = new AtomicLong(-1);
            Map<String, Long> before = new LinkedHashMap<>();
            Map<String, Long> after = new LinkedHashMap<>();
            List<String> wrong = new ArrayList<>();
            Thread readiness = new Thread(
                    () -> {
                        while (!stop.get() && service.alive()) {
                            Answer a = http.send(
                                    RawHttp.Request.of(
                                            "GET",
                                            "/actuator/health/readiness",
                                            null,
                                            (byte[]) null,
                                            context.keys().readHeader()),
                                    Duration.ofSeconds(5));
                            if (a.status() == 200) {
                                readyAt.compareAndSet(-1, System.nanoTime());
                                return;
                            }
                            sleep(20);
                        }
                    },
                    "battery-readiness");
            readiness.start();
            long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
            long readySeen = -1;
            while (System.nanoTime() < deadline && service.alive()) {
                RawHttp.Request request = RawHttp.Request.of(
                        "POST",
                        "/api/v1/evaluate",
                        "application/json",
                        BatteryRules.ALERTING_EVENT,
                        context.keys().readHeader());
                Answer a = http.send(request, Duration.ofSeconds(10));
                long now = System.nanoTime();
                boolean isReady = readyAt.get() > 0 && readyAt.get() <= now;
                String kind = !a.answered()
                        ? a.outcome().toString()
                        : a.status() == 200 && a.text().contains("\"evaluated_rules\":0")
                                ? "200 evaluated_rules 0"
                                : a.status() == 200 && a.text().contains("\"matched\":true")
                                        ? "200 alert"
                                        : String.valueOf(a.status());
                if (a.answered()) {
                    tally.record(request, a);
                    tally.inputs(1);
                }
                (isReady ? after : before).merge(kind, 1L, Long::sum);
                if (kind.equals("200 evaluated_rules 0") && wrong.size() < 3) {
                    wrong.add(String.format("%.2f s after start: %s", service.uptime(), a.excerpt(140)));
                }
                if (isReady && readySeen < 0) {
                    readySeen = now;
                }
                if (readySeen > 0 && now - readySeen > Duration.ofSeconds(2).toNanos()) {
                    break;
                }
                if (!a.answered()) {
                    sleep(5);
                }
            }
            stop.set(true);
            readiness.join(10_000);
            tally.figure("answers before ready (port closed = NOT_CONNECTED)", before);
            tally.figure("answers in the 2 s after ready", after);
            tally.figure("ready after (s)", readyAt.get() < 0 ? "never" : String.format("%.1f", service.uptime()));
            // the battery's rules all decide the alerting event once loaded: an answer without any is always wrong
            long bad =
                    before.getOrDefault("200 evaluated_rules 0", 0L) + after.getOrDefault("200 evaluated_rules 0", 0L);
            tally.figure("* 200 answers with no rule evaluated (before ready)", bad);
            if (bad > 0) {
                tally.finding("wrong answers before ready (200, evaluated_rules 0)", bad, wrong);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
