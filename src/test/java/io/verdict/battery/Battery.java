package io.verdict.battery;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The reliability and security battery: starts the service under test as child processes with controlled options,
 * runs the chosen phases against it as an outsider would (raw HTTP on loopback), and writes a report (markdown and
 * JSON) under {@code target/battery/}. Run through {@code scripts/battery.sh}; see {@link BatteryOptions#USAGE}.
 * No child process outlives it: each phase stops what it started, and a shutdown hook kills the rest.
 */
public final class Battery {

    private Battery() {}

    static List<Phase> allPhases() {
        return List.of(
                new EventsPhase(),
                new AuthPhase(),
                new NestingPhase(),
                new UploadsPhase(),
                new LeaksPhase(),
                new CostPhase(),
                new StartupPhase(),
                new FloodPhase(),
                new SlowPhase());
    }

    public static void main(String[] args) throws Exception {
        BatteryOptions options;
        try {
            options = BatteryOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        if (!Files.isRegularFile(options.jar())) {
            System.err.println("the jar under test is not there: " + options.jar());
            System.exit(2);
        }
        Instant started = Instant.now();
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
                .withZone(ZoneOffset.UTC)
                .format(started);
        Path out = options.out().resolve(stamp);
        List<Phase> phases = new ArrayList<>();
        List<Tally> tallies = new ArrayList<>();
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("build", options.build().isBlank() ? "(not given)" : options.build());
        run.put("jar", options.jar().toString());
        run.put("started", started.toString());
        run.put("mode", options.quick() ? "quick (reduced sizes)" : "full (the default sizes)");
        run.put("seed", options.seed());
        run.put("machine", machine());
        run.put("sizes", sizes(options));
        String before = loadAverage();
        try (BatteryContext context = new BatteryContext(options)) {
            if (context.corpusNote() != null) {
                System.out.println(context.corpusNote());
                run.put("corpus", context.corpusNote());
            } else {
                run.put("corpus", "the Elastic corpus (" + context.corpus() + ") loaded beside the battery's rules");
            }
            try {
                for (Phase phase : allPhases()) {
                    if (!options.runs(phase.name())) {
                        continue;
                    }
                    Tally tally = new Tally(phase.name(), context.leaks());
                    phases.add(phase);
                    tallies.add(tally);
                    long t0 = System.nanoTime();
                    System.out.printf("%s phase %s: %s%n", Instant.now(), phase.name(), phase.purpose());
                    try {
                        phase.run(context, tally);
                    } catch (Exception | Error e) {
                        tally.skip("the phase stopped on " + e);
                        e.printStackTrace();
                    }
                    tally.seconds((System.nanoTime() - t0) / 1e9);
                    System.out.printf(
                            "  %d inputs, %d requests, %s, 5xx %d, timeouts %d, connection errors %d, findings %s (%.0f s)%n",
                            tally.inputs(),
                            tally.requests(),
                            tally.statusClasses(),
                            tally.serverErrors(),
                            tally.timeouts(),
                            tally.connectionErrors(),
                            tally.findings().keySet(),
                            tally.seconds());
                }
            } finally {
                context.close();
                run.put("seconds", Math.round((Instant.now().toEpochMilli() - started.toEpochMilli()) / 100.0) / 10.0);
                run.put("load average (1, 5, 15 min) before, after", before + "; " + loadAverage());
                copyLogs(context, out.resolve("logs"));
                new Report(run, phases, tallies).write(out);
                Path latest = options.out().resolve("latest");
                Files.createDirectories(options.out());
                Files.copy(
                        out.resolve("report.md"),
                        options.out().resolve("report.md"),
                        StandardCopyOption.REPLACE_EXISTING);
                Files.copy(
                        out.resolve("report.json"),
                        options.out().resolve("report.json"),
                        StandardCopyOption.REPLACE_EXISTING);
                Files.writeString(latest, out.getFileName().toString());
                if (!options.keepWork()) {
                    deleteTree(context.workRoot());
                }
                System.out.println("report: " + out.resolve("report.md"));
            }
        }
    }

    private static Map<String, Object> sizes(BatteryOptions o) {
        Map<String, Object> sizes = new LinkedHashMap<>();
        sizes.put("phases", String.join(",", o.phases()));
        sizes.put("events", o.events());
        sizes.put("uploads", o.uploads());
        sizes.put("flood events", o.floodEvents());
        sizes.put("flood batch", o.floodBatch());
        sizes.put("slow clients", o.slowClients());
        sizes.put("slow seconds", o.slowSeconds());
        sizes.put("cost values", o.costValues());
        sizes.put("like patterns", o.likePatterns());
        sizes.put("like event KB", o.likeEventKb());
        sizes.put("request timeout s", o.requestTimeout().toSeconds());
        return sizes;
    }

    private static String machine() {
        return Runtime.getRuntime().availableProcessors() + " cores, Java " + System.getProperty("java.version") + ", "
                + System.getProperty("os.name") + " " + System.getProperty("os.version");
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + ", " + f[1] + ", " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static void copyLogs(BatteryContext context, Path to) {
        try {
            Files.createDirectories(to);
            for (Path dir : context.serviceDirs()) {
                Path log = dir.resolve("service.log");
                if (Files.exists(log)) {
                    Files.copy(log, to.resolve(dir.getFileName() + ".log"), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            System.err.println("could not copy the service logs: " + e);
        }
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not remove " + root + ": " + e);
        }
    }
}
