package io.verdict.eql.sequence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.verdict.CaseFiles;
import io.verdict.eql.EqlCompiler;
import io.verdict.event.Event;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.tomlj.TomlTable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Runs the step scripts of {@code sequence-streaming.toml} (format described at its top). */
class SequenceMatcherCasesTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TestFactory
    Stream<DynamicTest> cases() {
        return CaseFiles.cases(CaseFiles.toml(getClass(), "sequence-streaming.toml"), "cases").stream()
                .map(c -> DynamicTest.dynamicTest(c.getString("name"), () -> run(c)));
    }

    private static void run(TomlTable c) throws Exception {
        SequencePlan plan = SequencePlan.of(new EqlCompiler().compile(c.getString("query")));
        SequenceLimits limits = new SequenceLimits(
                c.contains("max_keys") ? c.getLong("max_keys").intValue() : 100,
                c.contains("lateness") ? c.getLong("lateness") : 0);
        SequenceMatcher matcher = new SequenceMatcher(plan, limits);
        List<SequenceMatch> out = new ArrayList<>();
        List<SequenceMatch> lastExpected = List.of();
        for (Object o : c.getArray("steps").toList()) {
            String step = (String) o;
            String verb = step.split(" ", 2)[0];
            String arg = step.substring(verb.length()).strip();
            switch (verb) {
                case "offer" -> out.addAll(matcher.offer(Event.parse(arg)));
                case "advance" -> out.addAll(matcher.advanceTo(Long.parseLong(arg)));
                case "expect" -> {
                    assertEquals(JSON.readTree(arg).toString(), JSON.writeValueAsString(ids(out)), step);
                    lastExpected = List.copyOf(out);
                    out.clear();
                }
                case "keys" ->
                    assertEquals(
                            JSON.readTree(arg).toString(),
                            JSON.writeValueAsString(lastExpected.stream()
                                    .map(m -> m.key().render())
                                    .toList()),
                            step);
                case "pending" ->
                    assertEquals(JSON.readTree(arg).toString(), JSON.writeValueAsString(pending(matcher)), step);
                case "pending-of" -> {
                    String[] keyAndList = arg.split(" ", 2); // one single-valued string key
                    List<PendingSequence> of = matcher.state().pending(JoinKey.of(List.of(keyAndList[0])), 10);
                    assertEquals(JSON.readTree(keyAndList[1]).toString(), JSON.writeValueAsString(render(of)), step);
                }
                case "stats" -> assertStats(matcher.state().stats(), arg, step);
                case "snapshot" -> {
                    String json = JSON.writeValueAsString(matcher.state().snapshot());
                    SequenceState restored =
                            JSON.readValue(json, SequenceSnapshot.class).restore(plan, limits);
                    assertEquals(matcher.state().stats(), restored.stats());
                    matcher = new SequenceMatcher(restored);
                }
                default -> throw new IllegalArgumentException("unknown step " + step);
            }
        }
    }

    private static List<List<Long>> ids(List<SequenceMatch> matches) {
        return matches.stream()
                .map(m -> m.events().stream()
                        .map(e -> e.missing() ? -1L : e.event().root().get("id").longValue())
                        .toList())
                .toList();
    }

    private static List<String> pending(SequenceMatcher matcher) {
        return render(matcher.state().pending());
    }

    private static List<String> render(List<PendingSequence> pending) {
        return pending.stream()
                .map(p -> p.key() + " " + p.stagesMatched() + "/" + p.totalStages()
                        + " " + p.firstEventTime() + ".." + p.lastEventTime() + " expires "
                        + (p.expiresAt() == Long.MAX_VALUE ? "never" : Long.toString(p.expiresAt())))
                .toList();
    }

    private static void assertStats(SequenceStats stats, String expected, String step) {
        JsonNode actual = JSON.valueToTree(stats);
        Map<String, String> want = new LinkedHashMap<>();
        Map<String, String> got = new LinkedHashMap<>();
        for (String pair : expected.split(" ")) {
            String[] kv = pair.split("=");
            want.put(kv[0], kv[1]);
            got.put(kv[0], actual.has(kv[0]) ? actual.get(kv[0]).asString() : "<no such counter>");
        }
        assertEquals(want, got, step);
    }
}
