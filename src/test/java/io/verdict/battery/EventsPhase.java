package io.verdict.battery;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Fuzzed events against the evaluate endpoints: first the known hostile cases one by one (each reported by name),
 * then {@code --events} mutants of valid events ({@link EventMutator}), sent alone to {@code /evaluate} or in
 * batches (JSON array, NDJSON, NDJSON streamed back), with {@code format=kibana}, {@code include_event=true} and
 * {@code explain=true} variants. Findings: a 5xx, an error answer that is not a problem, a streamed answer without
 * its summary line, a rule that failed at run time on an event.
 */
final class EventsPhase implements Phase {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String[] SINGLE_QUERIES = {
        "", "?format=kibana", "?include_event=true", "?format=kibana&include_event=true", "?explain=true"
    };
    private static final String NDJSON = "application/x-ndjson";

    @Override
    public String name() {
        return "events";
    }

    @Override
    public String purpose() {
        return "fuzzed events, single and in batches (JSON array, NDJSON, streamed NDJSON), kibana and include_event variants";
    }

    /** A request of the phase: single event or batch, how it is sent, and how many inputs it carries. */
    record Unit(int from, int count, String mode, String query) {}

    @Override
    public void run(BatteryContext context, Tally tally) throws Exception {
        ServiceProcess service = context.standard();
        if (service == null) {
            tally.skip("the standard service did not start: " + context.standardFailure());
            return;
        }
        RawHttp http = service.http();
        knownCases(context, tally, http);
        List<String> bases = bases(context);
        tally.figure("base events", bases.size());
        EventMutator mutator = new EventMutator(bases, context.options().seed());
        List<Unit> units = plan(context.options().events(), context.options().seed());
        AtomicInteger next = new AtomicInteger();
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
            Thread worker = new Thread(
                    () -> {
                        for (int u = next.getAndIncrement(); u < units.size(); u = next.getAndIncrement()) {
                            send(context, tally, http, mutator, units.get(u));
                        }
                    },
                    "battery-events-" + w);
            worker.start();
            workers.add(worker);
        }
        for (Thread worker : workers) {
            worker.join();
        }
        tally.figure("service alive at the end", service.alive());
    }

    /** Which inputs go alone and which together, decided by the seed alone. */
    static List<Unit> plan(int events, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Unit> units = new ArrayList<>();
        int at = 0;
        while (at < events) {
            if (random.nextBoolean()) {
                units.add(new Unit(at, 1, "single", SINGLE_QUERIES[random.nextInt(SINGLE_QUERIES.length)]));
                at++;
            } else {
                int count = Math.min(events - at, 1 + random.nextInt(40));
                String mode = new String[] {"array", "ndjson", "stream"}[random.nextInt(3)];
                String query = new String[] {
                            "", "?format=kibana", "?include_event=true", "?format=kibana&include_event=true"
                        }
                        [random.nextInt(4)];
                units.add(new Unit(at, count, mode, query));
                at += count;
            }
        }
        return units;
    }

    private void send(BatteryContext context, Tally tally, RawHttp http, EventMutator mutator, Unit unit) {
        List<byte[]> events = new ArrayList<>();
        for (int i = unit.from(); i < unit.from() + unit.count(); i++) {
            events.add(mutator.mutant(i).bytes());
        }
        tally.inputs(unit.count());
        String label = "input " + unit.from() + (unit.count() > 1 ? "–" + (unit.from() + unit.count() - 1) : "") + " ("
                + unit.mode() + ", seed " + context.options().seed() + ")";
        exchange(context, tally, http, unit.mode(), unit.query(), events, label);
    }

    /** Sends events in one of the modes and checks the answer; returns it. */
    static Answer exchange(
            BatteryContext context,
            Tally tally,
            RawHttp http,
            String mode,
            String query,
            List<byte[]> events,
            String label) {
        RawHttp.Request request = switch (mode) {
            case "single" ->
                RawHttp.Request.of(
                        "POST",
                        "/api/v1/evaluate" + query,
                        "application/json",
                        events.get(0),
                        context.keys().readHeader());
            case "array" ->
                RawHttp.Request.of(
                        "POST",
                        "/api/v1/evaluate/_batch" + query,
                        "application/json",
                        join(events, "[", ",", "]"),
                        context.keys().readHeader());
            case "ndjson" ->
                RawHttp.Request.of(
                        "POST",
                        "/api/v1/evaluate/_batch" + query,
                        NDJSON,
                        join(events, "", "\n", "\n"),
                        context.keys().readHeader());
            default ->
                RawHttp.Request.of(
                        "POST",
                        "/api/v1/evaluate/_batch" + query,
                        NDJSON,
                        join(events, "", "\n", "\n"),
                        context.keys().readHeader(),
                        "Accept: " + NDJSON);
        };
        Answer answer = context.exchange(tally, http, request, context.timeout());
        check(tally, request, answer, mode, label);
        return answer;
    }

    /** The findings of one answer (5xx, timeouts and cut answers are counted by the tally itself). */
    static void check(Tally tally, RawHttp.Request request, Answer answer, String mode, String label) {
        String where = label + ": " + request.method() + " " + request.target();
        if (answer.status() >= 400 && !answer.isProblem()) {
            tally.finding(
                    "error answer that is not a problem",
                    where + " → " + answer.excerpt(200) + " [" + answer.contentType() + "]");
        }
        if (answer.status() != 200 || answer.outcome() != Answer.Outcome.COMPLETE) {
            return;
        }
        String text = answer.text();
        if (mode.equals("stream")) {
            String[] lines = text.strip().split("\n");
            if (lines.length == 0 || !lines[lines.length - 1].startsWith("{\"type\":\"summary\"")) {
                tally.finding(
                        "streamed answer without its summary line",
                        where + " → ends with: " + clip(lines.length == 0 ? "" : lines[lines.length - 1], 160));
            }
            return;
        }
        try {
            JsonNode verdict = JSON.readTree(text);
            if (mode.equals("single")
                    && verdict.path("errors").isArray()
                    && !verdict.path("errors").isEmpty()) {
                tally.finding(
                        "a rule failed at run time on an event",
                        where + " → " + clip(verdict.path("errors").toString(), 200));
            }
        } catch (RuntimeException e) {
            tally.finding("200 answer that is not JSON", where + " → " + answer.excerpt(160));
        }
    }

    /** The known hostile cases, each sent once and reported by name. */
    private void knownCases(BatteryContext context, Tally tally, RawHttp http) {
        String failure = """
                {"@timestamp":%s,"event":{"category":["authentication"],"outcome":"failure"},\
                "source":{"ip":"198.51.100.7"},"user":{"name":"known-case"},"host":{"id":"h-k"}}""";
        byte[] huge = failure.formatted("1e19").getBytes(StandardCharsets.UTF_8);
        byte[] fine = failure.formatted("\"2026-12-01T00:00:00Z\"").getBytes(StandardCharsets.UTF_8);
        byte[] cesu = cesu(BatteryRules.ALERTING_EVENT);
        byte[] deep = ("{\"a\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}").getBytes(StandardCharsets.UTF_8);
        byte[] nan = BatteryRules.ALERTING_EVENT
                .replace("\"2026-12-01T00:00:00.000Z\"", "NaN")
                .getBytes(StandardCharsets.UTF_8);
        Map<String, Object[]> cases = new LinkedHashMap<>();
        cases.put("@timestamp 1e19, single event", new Object[] {"single", "", List.of(huge)});
        cases.put("@timestamp 1e19 in an NDJSON batch", new Object[] {"ndjson", "", List.of(fine, huge, fine)});
        cases.put("@timestamp 1e19 in a streamed NDJSON batch", new Object[] {"stream", "", List.of(fine, huge, fine)});
        cases.put("@timestamp 1e19 in a JSON array batch", new Object[] {"array", "", List.of(fine, huge)});
        cases.put(
                "CESU-8 surrogate (ED A0 80) in an alerting event, format=kibana",
                new Object[] {"single", "?format=kibana", List.of(cesu)});
        cases.put(
                "CESU-8 surrogate in an alerting event, include_event=true",
                new Object[] {"single", "?include_event=true", List.of(cesu)});
        cases.put("CESU-8 surrogate in a streamed batch, format=kibana", new Object[] {
            "stream", "?format=kibana", List.of(cesu, BatteryRules.ALERTING_EVENT.getBytes(StandardCharsets.UTF_8))
        });
        cases.put("JSON nested 100,000 deep", new Object[] {"single", "", List.of(deep)});
        cases.put("NaN as @timestamp", new Object[] {"single", "", List.of(nan)});
        List<Map<String, Object>> results = new ArrayList<>();
        for (Map.Entry<String, Object[]> c : cases.entrySet()) {
            @SuppressWarnings("unchecked")
            List<byte[]> events = (List<byte[]>) c.getValue()[2];
            long before = findingCount(tally);
            tally.inputs(events.size());
            Answer answer = exchange(
                    context, tally, http, (String) c.getValue()[0], (String) c.getValue()[1], events, c.getKey());
            boolean bad = answer.status() >= 500 || !answer.answered() || findingCount(tally) > before;
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("case", c.getKey());
            result.put(
                    "status",
                    answer.answered() ? answer.status() : answer.outcome().toString());
            result.put("ok", !bad);
            result.put("answer", answer.excerpt(160));
            results.add(result);
        }
        tally.figure("known cases", results);
    }

    private static long findingCount(Tally tally) {
        return tally.findings().values().stream()
                .mapToLong(Tally.Finding::count)
                .sum();
    }

    /** The alerting event with a CESU-8 encoded surrogate (ED A0 80) inside its command line. */
    static byte[] cesu(String event) {
        byte[] text = event.getBytes(StandardCharsets.UTF_8);
        byte[] marker = "battery.exe copy share".getBytes(StandardCharsets.UTF_8);
        String s = new String(text, StandardCharsets.ISO_8859_1);
        int at = s.indexOf(new String(marker, StandardCharsets.ISO_8859_1));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(text, 0, at + marker.length);
        out.write(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, 0, 3);
        out.write(text, at + marker.length, text.length - at - marker.length);
        return out.toByteArray();
    }

    /** The battery's events, and up to 2,000 real ECS documents of the corpus when it is there. */
    static List<String> bases(BatteryContext context) throws IOException {
        List<String> bases = new ArrayList<>(
                List.of(
                        BatteryRules.ALERTING_EVENT,
                        BatteryRules.KQL_EVENT,
                        "{\"@timestamp\":\"2026-12-01T00:00:02Z\",\"event\":{\"category\":[\"authentication\"],\"outcome\":\"failure\"},"
                                + "\"source\":{\"ip\":\"198.51.100.7\"},\"user\":{\"name\":\"alice\"},\"host\":{\"id\":\"h-2\"}}",
                        "{\"@timestamp\":\"2026-12-01T00:00:03Z\",\"event\":{\"category\":[\"authentication\"],\"outcome\":\"success\"},"
                                + "\"source\":{\"ip\":\"198.51.100.8\"},\"user\":{\"name\":\"bob\"},\"host\":{\"id\":\"h-3\"}}",
                        "{\"@timestamp\":\"2026-12-01T00:00:04Z\",\"event\":{\"category\":[\"network\"],\"action\":\"connection_attempted\"},"
                                + "\"host\":{\"id\":\"h-1\"},\"process\":{\"entity_id\":\"p-1\"},\"destination\":{\"ip\":\"203.0.113.5\"}}"));
        Path events = context.options().shared().resolve("corpus/ecs-events");
        if (Files.isDirectory(events)) {
            try (Stream<Path> files = Files.list(events)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".ndjson"))
                        .sorted()
                        .toList()) {
                    for (String line : Files.readAllLines(file)) {
                        if (bases.size() >= 2_000) {
                            return bases;
                        }
                        if (line.startsWith("{")) {
                            bases.add(line);
                        }
                    }
                }
            }
        }
        return bases;
    }

    private static byte[] join(List<byte[]> parts, String open, String separator, String close) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(open.getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < parts.size(); i++) {
            if (i > 0) {
                out.writeBytes(separator.getBytes(StandardCharsets.UTF_8));
            }
            out.writeBytes(parts.get(i));
        }
        out.writeBytes(close.getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static String clip(String text, int max) {
        return text.length() > max ? text.substring(0, max) + "…" : text;
    }
}
