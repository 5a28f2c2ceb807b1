package io.verdict.bench;

import io.verdict.Shared;
import io.verdict.engine.Detector;
import io.verdict.engine.Evaluation;
import io.verdict.engine.IndicatorIntake;
import io.verdict.engine.Plan;
import io.verdict.engine.RuleCompiler;
import io.verdict.engine.Selection;
import io.verdict.engine.StateStore;
import io.verdict.event.Event;
import io.verdict.event.FieldSet;
import io.verdict.event.Schema;
import io.verdict.rule.RuleDirectories;
import io.verdict.rule.RuleLoader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The six indicator match rules of the Elastic corpus with {@code indicators} indicators loaded (a mix of file
 * hashes, addresses, URLs, domains with their address, e-mail addresses and registry paths, as the threat-intel
 * integrations write them): the bytes retained per indicator (heap used after full collections, before and after the
 * load, as {@code bytesPerIndicator}; the store's own estimate as {@code estimatePerIndicator}), and the cost of a
 * pass of {@code events} events (network flows, process starts, DNS and HTTP, e-mail and registry events, one in a
 * hundred naming a loaded indicator) through them in event-time order, one pass per operation: divide the score and
 * {@code gc.alloc.rate.norm} by {@code events} for the cost per event. Each pass is an hour and a half later than the
 * one before, so the rules' buffers of waiting events fill and empty as in a stream.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class IndicatorMatchBench {

    private static final Instant START = Instant.parse("2026-12-07T00:00:00Z");
    private static final int PASS_MILLIS = 90 * 60_000;

    @org.openjdk.jmh.annotations.Param({"1000000"})
    public int indicators;

    @org.openjdk.jmh.annotations.Param({"200000"})
    public int events;

    private Plan plan;
    private StateStore store;
    private FieldSet fields;
    private Event[] pass;
    private int passes;
    private long bytesPerIndicator;
    private long estimatePerIndicator;

    @AuxCounters(AuxCounters.Type.EVENTS)
    @State(Scope.Thread)
    public static class Measured {
        public long bytesPerIndicator;
        public long estimatePerIndicator;
        public long alerts;
    }

    @Setup(Level.Trial)
    public void load() {
        var rules = new RuleDirectories(new RuleLoader(), Clock.systemUTC())
                .load(List.of(Shared.require("corpus/detection-rules/rules/threat_intel")));
        Detector detector = new RuleCompiler(Schema.catalog(), Clock.systemUTC()).compile(rules);
        fields = detector.fields();
        store = new StateStore(new StateStore.Limits(
                100_000, 1_000_000, Long.MAX_VALUE, 0, Long.MAX_VALUE, Long.MAX_VALUE, 2_000_000));
        plan = detector.plan(Selection.ALL, Plan.Unrouted.ALL_RULES).withState(store);
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        gc();
        long before = memory.getHeapMemoryUsage().getUsed();
        int kept = 0;
        for (int from = 0; from < indicators; from += 10_000) {
            List<Event> chunk = new ArrayList<>(10_000);
            for (int i = from; i < Math.min(indicators, from + 10_000); i++) {
                chunk.add(Event.parse(indicator(i), fields));
            }
            IndicatorIntake intake = plan.ingestIndicators(chunk, false);
            kept += intake.kept();
        }
        gc();
        long after = memory.getHeapMemoryUsage().getUsed();
        if (kept != indicators) {
            throw new IllegalStateException("kept " + kept + " of " + indicators + ": " + plan.indicatorSummary());
        }
        bytesPerIndicator = (after - before) / indicators;
        estimatePerIndicator = store.memoryBytes() / indicators;
        System.out.printf(
                "%n%d indicators: %d B retained each (estimate %d B); %s%n",
                indicators,
                bytesPerIndicator,
                estimatePerIndicator,
                plan.indicatorSummary().byType());
    }

    @Setup(Level.Iteration)
    public void events() {
        long base = START.toEpochMilli() + 3_600_000L + (long) passes++ * PASS_MILLIS;
        pass = new Event[events];
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < events; i++) {
            pass[i] = Event.parse(event(i, base + (long) i * PASS_MILLIS / events, random), fields);
        }
    }

    @Benchmark
    public long passOfEvents(Measured measured) {
        long alerts = 0;
        for (Event event : pass) {
            Evaluation evaluation = plan.evaluate(event, false);
            alerts += evaluation.alerts().size();
        }
        measured.alerts = alerts;
        measured.bytesPerIndicator = bytesPerIndicator;
        measured.estimatePerIndicator = estimatePerIndicator;
        return alerts;
    }

    private static String hex(long seed, int chars) {
        StringBuilder out = new StringBuilder(chars);
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < chars; i++) {
            out.append(Character.forDigit(random.nextInt(16), 16));
        }
        return out.toString();
    }

    private static String ip(long n) {
        return (11 + (n >> 24 & 127)) + "." + (n >> 16 & 255) + "." + (n >> 8 & 255) + "." + (n & 255);
    }

    /** Indicator {@code i}: its kind by {@code i % 20}. */
    static String indicator(int i) {
        String time = START.plusSeconds(i % 86_400).toString();
        int kind = i % 20;
        String body;
        String dataset;
        if (kind < 6) {
            String hash = kind % 3 == 0
                    ? "\"md5\":\"" + hex(i, 32) + "\""
                    : kind % 3 == 1 ? "\"sha1\":\"" + hex(i, 40) + "\"" : "\"sha256\":\"" + hex(i, 64) + "\"";
            body = "\"type\":\"file\",\"provider\":\"MalwareBazaar\",\"first_seen\":\"" + time
                    + "\",\"file\":{\"hash\":{" + hash + "},\"size\":" + (1000 + i % 50_000) + "}";
            dataset = "ti_abusech.malwarebazaar";
        } else if (kind < 11) {
            body = "\"type\":\"ipv4-addr\",\"provider\":\"Feodo Tracker\",\"ip\":\"" + ip(i) + "\",\"port\":"
                    + (443 + i % 10);
            dataset = "ti_abusech.threatfox";
        } else if (kind < 15) {
            body = "\"type\":\"url\",\"provider\":\"URLhaus\",\"url\":{\"full\":\"http://bad" + i + ".example/p/"
                    + hex(i, 8) + ".exe\",\"domain\":\"bad" + i + ".example\"}";
            dataset = "ti_abusech.url";
        } else if (kind < 17) {
            body = "\"type\":\"domain-name\",\"provider\":\"OTX\",\"url\":{\"domain\":\"c2-" + i
                    + ".example\"},\"ip\":\"" + ip(i) + "\"";
            dataset = "ti_otx.threat";
        } else if (kind < 19) {
            body = "\"type\":\"email-addr\",\"provider\":\"MISP\",\"email\":{\"address\":\"phish" + i
                    + "@bad.example\"}";
            dataset = "ti_misp.threat";
        } else {
            body = "\"type\":\"windows-registry-key\",\"provider\":\"ThreatQ\",\"registry\":{\"path\":"
                    + "\"HKLM\\\\Software\\\\Run\\\\evil" + i + "\"}";
            dataset = "ti_threatq.threat";
        }
        return "{\"_id\":\"ind-" + i + "\",\"@timestamp\":\"" + time + "\",\"data_stream\":{\"type\":\"logs\","
                + "\"dataset\":\"" + dataset + "\",\"namespace\":\"default\"},\"event\":{\"kind\":\"enrichment\","
                + "\"category\":\"threat\",\"type\":\"indicator\",\"module\":\""
                + dataset.substring(0, dataset.indexOf('.'))
                + "\",\"dataset\":\"" + dataset + "\"},\"threat\":{\"feed\":{\"name\":\"" + dataset + "\"},"
                + "\"indicator\":{" + body + "}}}";
    }

    /** Event {@code i} at {@code millis}: mostly network flows; one in a hundred names a loaded indicator. */
    private String event(int i, long millis, SplittableRandom random) {
        String time = Instant.ofEpochMilli(millis).toString();
        boolean hit = random.nextInt(100) == 0;
        int known = random.nextInt(indicators);
        int kind = random.nextInt(20);
        String head = "{\"@timestamp\":\"" + time + "\",\"host\":{\"name\":\"ws-" + (i % 500) + "\"},";
        if (kind < 10) {
            String remote = hit ? ip(known - known % 20 + 6) : "10.1." + (i >> 8 & 255) + "." + (i & 255);
            return head
                    + "\"data_stream\":{\"type\":\"logs\",\"dataset\":\"network_traffic.flow\",\"namespace\":\"default\"},"
                    + "\"event\":{\"ingested\":\"" + time + "\",\"category\":[\"network\"],\"type\":[\"connection\"]},"
                    + "\"source\":{\"ip\":\"192.168." + (i >> 8 & 255) + "." + (i & 255) + "\",\"port\":"
                    + (40_000 + i % 20_000)
                    + "},\"destination\":{\"ip\":\"" + remote + "\",\"port\":443}}";
        }
        if (kind < 15) {
            String md5 = hit ? hex(known - known % 20, 32) : hex(i * 31L + 7, 32);
            return head
                    + "\"data_stream\":{\"type\":\"logs\",\"dataset\":\"endpoint.events.process\",\"namespace\":\"default\"},"
                    + "\"event\":{\"ingested\":\"" + time + "\",\"category\":[\"process\"],\"type\":[\"start\"]},"
                    + "\"process\":{\"name\":\"app" + (i % 50) + ".exe\",\"pid\":" + i + ",\"hash\":{\"md5\":\"" + md5
                    + "\",\"sha256\":\"" + hex(i * 17L + 3, 64) + "\"}}}";
        }
        if (kind < 18) {
            String url = hit
                    ? "http://bad" + (known - known % 20 + 11) + ".example/p/" + hex(known - known % 20 + 11, 8)
                            + ".exe"
                    : "https://www.example.com/" + i;
            return head
                    + "\"data_stream\":{\"type\":\"logs\",\"dataset\":\"network_traffic.http\",\"namespace\":\"default\"},"
                    + "\"event\":{\"ingested\":\"" + time
                    + "\",\"category\":[\"network\",\"web\"]},\"url\":{\"full\":\"" + url
                    + "\"},\"source\":{\"ip\":\"192.168.1." + (i & 255) + "\"},\"destination\":{\"ip\":\"10.9.9.9\"}}";
        }
        if (kind < 19) {
            String from = hit ? "phish" + (known - known % 20 + 17) + "@bad.example" : "user" + i + "@good.example";
            return head
                    + "\"data_stream\":{\"type\":\"logs\",\"dataset\":\"email.messages\",\"namespace\":\"default\"},"
                    + "\"event\":{\"ingested\":\"" + time
                    + "\",\"category\":[\"email\"]},\"email\":{\"from\":{\"address\":\""
                    + from + "\"},\"to\":{\"address\":[\"a@corp.example\",\"b@corp.example\"]}}}";
        }
        String path = hit
                ? "HKLM\\\\Software\\\\Run\\\\evil" + (known - known % 20 + 19)
                : "HKLM\\\\Software\\\\Run\\\\app" + i;
        return head
                + "\"data_stream\":{\"type\":\"logs\",\"dataset\":\"endpoint.events.registry\",\"namespace\":\"default\"},"
                + "\"event\":{\"ingested\":\"" + time + "\",\"category\":[\"registry\"]},\"registry\":{\"path\":\""
                + path + "\"}}";
    }

    private static void gc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
