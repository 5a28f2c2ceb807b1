package io.verdict.battery;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What to run and how big: the phases, the sizes (the full sizes by default, a quick set with {@code --quick}),
 * the jar under test, where the shared reference material and the report are. Every size can be set on its own.
 */
record BatteryOptions(
        Path jar,
        Path out,
        Path shared,
        boolean quick,
        List<String> phases,
        long seed,
        int events,
        int uploads,
        long floodEvents,
        int floodBatch,
        int slowClients,
        int slowSeconds,
        List<Integer> costValues,
        int likePatterns,
        int likeEventKb,
        boolean corpus,
        Duration requestTimeout,
        Duration costTimeout,
        List<String> serviceJvmOptions,
        String build,
        boolean keepWork) {

    static final List<String> ALL_PHASES =
            List.of("events", "auth", "nesting", "uploads", "leaks", "cost", "startup", "flood", "slow");

    static final String USAGE = """
            usage: Battery --jar target/verdict-x.jar [--quick] [--phase events,uploads,...] [--seed 15]
                           [--events 25000] [--uploads 20000] [--flood-events 2500000] [--flood-batch 5000]
                           [--slow-clients 200] [--slow-seconds 60] [--cost-values 5000,40000,100000]
                           [--like-patterns 10000] [--like-event-kb 900] [--corpus yes|no] [--timeout 30]
                           [--cost-timeout 120] [--service-jvm-options "-XX:..."] [--out target/battery]
                           [--shared ../shared] [--build "commit text"] [--keep-work]
            phases: """ + String.join(", ", ALL_PHASES);

    static BatteryOptions parse(String[] args) {
        Map<String, String> given = new HashMap<>();
        boolean quick = false;
        boolean keep = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--quick")) {
                quick = true;
            } else if (arg.equals("--keep-work")) {
                keep = true;
            } else if (arg.startsWith("--") && i + 1 < args.length) {
                given.put(arg.substring(2), args[++i]);
            } else {
                throw new IllegalArgumentException("unknown argument " + arg + "\n" + USAGE);
            }
        }
        if (!given.containsKey("jar")) {
            throw new IllegalArgumentException("--jar is required\n" + USAGE);
        }
        List<String> phases = List.of(
                given.getOrDefault("phase", String.join(",", ALL_PHASES)).split(","));
        for (String phase : phases) {
            if (!ALL_PHASES.contains(phase.strip())) {
                throw new IllegalArgumentException("unknown phase " + phase + "\n" + USAGE);
            }
        }
        // the quick set: each phase a fraction of the full size, so the whole battery runs in a few minutes
        Map<String, String> sizes = quick
                ? Map.of(
                        "events",
                        "2500",
                        "uploads",
                        "1000",
                        "flood-events",
                        "250000",
                        "slow-seconds",
                        "15",
                        "cost-values",
                        "5000,20000",
                        "like-patterns",
                        "2000",
                        "like-event-kb",
                        "300",
                        "corpus",
                        "no")
                : Map.of(
                        "events",
                        "25000",
                        "uploads",
                        "20000",
                        "flood-events",
                        "2500000",
                        "slow-seconds",
                        "60",
                        "cost-values",
                        "5000,40000,100000",
                        "like-patterns",
                        "10000",
                        "like-event-kb",
                        "900",
                        "corpus",
                        "yes");
        Map<String, String> all = new HashMap<>(sizes);
        all.putAll(given);
        List<String> jvm = all.getOrDefault("service-jvm-options", "").isBlank()
                ? List.of()
                : List.of(all.get("service-jvm-options").trim().split("\\s+"));
        return new BatteryOptions(
                Path.of(all.get("jar")),
                Path.of(all.getOrDefault("out", "target/battery")),
                Path.of(all.getOrDefault("shared", "../shared"))
                        .toAbsolutePath()
                        .normalize(),
                quick,
                phases.stream().map(String::strip).toList(),
                Long.parseLong(all.getOrDefault("seed", "15")),
                Integer.parseInt(all.get("events")),
                Integer.parseInt(all.get("uploads")),
                Long.parseLong(all.get("flood-events")),
                Integer.parseInt(all.getOrDefault("flood-batch", "5000")),
                Integer.parseInt(all.getOrDefault("slow-clients", "200")),
                Integer.parseInt(all.get("slow-seconds")),
                new ArrayList<>(Arrays.stream(all.get("cost-values").split(","))
                        .map(String::strip)
                        .map(Integer::valueOf)
                        .toList()),
                Integer.parseInt(all.get("like-patterns")),
                Integer.parseInt(all.get("like-event-kb")),
                all.get("corpus").equals("yes"),
                Duration.ofSeconds(Long.parseLong(all.getOrDefault("timeout", "30"))),
                Duration.ofSeconds(Long.parseLong(all.getOrDefault("cost-timeout", "120"))),
                jvm,
                all.getOrDefault("build", ""),
                keep);
    }

    boolean runs(String phase) {
        return phases.contains(phase);
    }
}
