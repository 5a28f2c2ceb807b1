package io.verdict.bench;

import io.verdict.engine.state.NewTermsTracker;
import io.verdict.engine.state.ThresholdTracker;
import io.verdict.eql.EqlCompiler;
import io.verdict.eql.sample.SampleLimits;
import io.verdict.eql.sample.SampleMatcher;
import io.verdict.eql.sample.SamplePlan;
import io.verdict.eql.sequence.SequenceLimits;
import io.verdict.eql.sequence.SequenceMatcher;
import io.verdict.eql.sequence.SequencePlan;
import io.verdict.event.Event;
import io.verdict.event.FieldSet;
import io.verdict.rule.Threshold;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.LongSupplier;

/**
 * Checks the byte estimates of each kind of state ({@code Footprint}) against the heap: fills one tracker with
 * {@code --entries} ever-new keys (ECS events of the usual size), measures the heap used after full collections
 * against the heap before, and prints both per entry and their ratio. Run with a heap large enough to hold them and
 * nothing else going on: {@code java -Xmx2g -cp target/test-classes:target/classes:$(cat target/bench.classpath)
 * io.verdict.bench.StateMemoryCalibration --entries 200000}.
 */
public final class StateMemoryCalibration {

    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

    private StateMemoryCalibration() {}

    /** One kind: a tracker, how to feed it entry {@code i}, and its estimate. */
    private record Kind(String name, Object tracker, IntFunction<Object> feed, LongSupplier estimate) {}

    public static void main(String[] args) {
        int entries = args.length > 1 && args[0].equals("--entries") ? Integer.parseInt(args[1]) : 200_000;
        System.out.printf("%-28s %10s %12s %12s %8s%n", "state", "entries", "measured B", "estimated B", "est/meas");
        for (String kind : List.of("threshold", "threshold_cardinality", "new_terms", "sequence", "sample")) {
            measure(kind, entries);
        }
        heldEvents(entries);
    }

    /**
     * What an event held by a batch for the stateful rules costs (parsed as the service parses it, keeping the
     * fields of a few rules), per event and against its JSON: the batch weighs it as its JSON plus a constant.
     */
    private static void heldEvents(int entries) {
        FieldSet fields = FieldSet.of(List.of(
                "@timestamp",
                "event.category",
                "event.outcome",
                "event.ingested",
                "host.name",
                "user.name",
                "source.ip",
                "_index",
                "data_stream.type",
                "data_stream.dataset",
                "data_stream.namespace"));
        var json = tools.jackson.databind.json.JsonMapper.builder().build();
        long before = usedAfterGc();
        List<Event> held = new java.util.ArrayList<>(entries);
        long text = 0;
        for (int i = 0; i < entries; i++) {
            byte[] line = event(i, i).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            text += line.length;
            held.add(Event.parse(json, line, fields));
        }
        long after = usedAfterGc();
        System.out.printf(
                "%-28s %10d %12.1f %12s %8s  (JSON %.1f B an event)%n",
                "batch event held", held.size(), (after - before) / (double) entries, "", "", text / (double) entries);
    }

    private static void measure(String name, int entries) {
        long before = usedAfterGc();
        Kind kind = kind(name);
        for (int i = 0; i < entries; i++) {
            kind.feed().apply(i);
        }
        long after = usedAfterGc();
        long estimate = kind.estimate().getAsLong();
        double measured = (after - before) / (double) entries;
        System.out.printf(
                "%-28s %10d %12.1f %12.1f %8.2f%n",
                name, entries, measured, estimate / (double) entries, estimate / (double) (after - before));
        if (kind.tracker().hashCode() == 42) {
            System.out.print(""); // keeps the tracker reachable until it is measured
        }
    }

    private static Kind kind(String name) {
        switch (name) {
            case "threshold" -> {
                ThresholdTracker t = new ThresholdTracker(
                        new Threshold(List.of("source.ip", "user.name"), 25, List.of()),
                        Duration.ofMinutes(9),
                        Integer.MAX_VALUE);
                return new Kind(name, t, i -> t.accept(Event.parse(event(i, i)), T0.plusMillis(i)), t::memoryBytes);
            }
            case "threshold_cardinality" -> {
                // a group per 5 events, each with its own user: 5 events and 5 distinct values a group
                ThresholdTracker t = new ThresholdTracker(
                        new Threshold(
                                List.of("source.ip"), 1_000, List.of(new Threshold.Cardinality("user.name", 1_000))),
                        Duration.ofDays(1),
                        Integer.MAX_VALUE);
                return new Kind(
                        name + " (per event)",
                        t,
                        i -> t.accept(Event.parse(event(i / 5, i)), T0.plusMillis(i)),
                        t::memoryBytes);
            }
            case "new_terms" -> {
                NewTermsTracker n =
                        new NewTermsTracker(List.of("host.name", "user.name"), Duration.ofDays(7), Integer.MAX_VALUE);
                return new Kind(name, n, i -> n.accept(Event.parse(event(i, i)), T0.plusMillis(i)), n::memoryBytes);
            }
            case "sequence" -> {
                SequenceMatcher m = new SequenceMatcher(
                        SequencePlan.of(new EqlCompiler().compile("""
                        sequence by host.name, user.name with maxspan=1d
                          [authentication where event.outcome == "failure"]
                          [authentication where event.outcome == "success"]""")), new SequenceLimits(Integer.MAX_VALUE, 0));
                return new Kind(
                        name,
                        m,
                        i -> m.offer(Event.parse(event(i, i))),
                        () -> m.state().memoryBytes());
            }
            default -> {
                SampleMatcher m = new SampleMatcher(
                        SamplePlan.of(new EqlCompiler().compile("""
                        sample by host.name
                          [authentication where event.outcome == "failure"]
                          [process where true]""")), new SampleLimits(Integer.MAX_VALUE, 1));
                return new Kind(name, m, i -> m.offer(Event.parse(event(i, i))), m::memoryBytes);
            }
        }
    }

    /** A failed logon of about 420 bytes: host, user and source address from {@code key} and {@code user}. */
    static String event(int key, int user) {
        return "{\"@timestamp\":\"" + T0.plusMillis(user) + "\",\"event\":{\"category\":[\"authentication\"],"
                + "\"outcome\":\"failure\",\"kind\":\"event\",\"action\":\"logon-failed\"},"
                + "\"host\":{\"name\":\"host-" + key + "\",\"os\":{\"type\":\"windows\"}},"
                + "\"user\":{\"name\":\"user-" + user + "\",\"domain\":\"CORP\"},"
                + "\"source\":{\"ip\":\"10." + (key >> 16 & 255) + "." + (key >> 8 & 255) + "." + (key & 255) + "\","
                + "\"port\":" + (1024 + key % 60000) + "},"
                + "\"winlog\":{\"event_id\":\"4625\",\"logon\":{\"type\":\"Network\"}},"
                + "\"message\":\"An account failed to log on. Failure reason: unknown user name or bad password.\"}";
    }

    private static long usedAfterGc() {
        var memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 4; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
