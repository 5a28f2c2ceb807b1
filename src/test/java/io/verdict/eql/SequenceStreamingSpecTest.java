package io.verdict.eql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.verdict.Shared;
import io.verdict.eql.sequence.EventOrder;
import io.verdict.eql.sequence.SequenceBatch;
import io.verdict.eql.sequence.SequenceLimits;
import io.verdict.eql.sequence.SequenceMatch;
import io.verdict.eql.sequence.SequenceMatcher;
import io.verdict.eql.sequence.SequencePlan;
import io.verdict.eql.sequence.SequenceSnapshot;
import io.verdict.eql.sequence.SequenceState;
import io.verdict.event.Event;
import io.verdict.query.SourceText;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.tomlj.TomlTable;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every sequence query of the Elasticsearch spec files, streamed: the sorted data is cut into chunks (as if posted
 * in several requests), event time is advanced to just before the next chunk between them, and at every cut the
 * state goes through a JSON snapshot and is restored into a new matcher. The sequences must be exactly those of
 * one batch over all the data.
 */
class SequenceStreamingSpecTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TestFactory
    Stream<DynamicTest> chunkedEqualsBatch() {
        Path dir = Shared.require("conformance/elasticsearch-eql");
        EqlSpecData endgame = EqlSpecData.endgame(dir, "endgame-140.mapping", false);
        Map<String, EqlSpecData> files = Map.of(
                "test_queries.toml",
                endgame,
                "additional_test_queries.toml",
                endgame,
                "test_extra.toml",
                EqlSpecData.of(dir, "extra", "sequence"),
                "test_missing_events.toml",
                EqlSpecData.of(dir, "missing-events", "sequence"));
        List<DynamicTest> tests = new ArrayList<>();
        files.forEach((file, data) -> {
            for (TomlTable spec : ElasticsearchEqlSpecTest.load(dir.resolve(file))) {
                EqlOptions options =
                        EqlOptions.defaults().withSchema(data.schema()).withTiebreakerField(data.idField());
                CompiledEql compiled = new EqlCompiler().compile(SourceText.of(spec.getString("query")), options);
                if (compiled.kind() != QueryKind.SEQUENCE) {
                    continue;
                }
                SequencePlan plan = SequencePlan.of(compiled);
                for (int chunks : new int[] {2, 5, 17}) {
                    tests.add(DynamicTest.dynamicTest(
                            file + " " + spec.getString("name") + " in " + chunks + " chunks",
                            () -> assertEquals(
                                    render(SequenceBatch.run(plan, data.events()), data),
                                    render(streamed(plan, data.events(), chunks), data),
                                    plan.query().toString())));
                }
            }
        });
        return tests.stream();
    }

    private static List<SequenceMatch> streamed(SequencePlan plan, List<Event> events, int chunks) throws Exception {
        List<Event> sorted = EventOrder.sort(events, plan::timestamp, plan::tiebreaker);
        SequenceMatcher matcher = new SequenceMatcher(plan, SequenceLimits.DEFAULT);
        List<SequenceMatch> out = new ArrayList<>();
        int size = (sorted.size() + chunks - 1) / chunks;
        for (int from = 0; from < sorted.size(); from += size) {
            for (Event e : sorted.subList(from, Math.min(sorted.size(), from + size))) {
                out.addAll(matcher.offer(e));
            }
            if (from + size < sorted.size()) {
                out.addAll(matcher.advanceTo(
                        plan.timestamp(sorted.get(from + size)).toEpochMilli() - 1));
                matcher = roundTrip(matcher);
            }
        }
        out.addAll(matcher.advanceTo(Long.MAX_VALUE));
        out.sort(Comparator.comparingLong(SequenceMatch::order));
        return EventOrder.applyPipes(out, plan.query().pipes());
    }

    /** Snapshot to JSON text, read back, restore into a new matcher; the restored state snapshots the same. */
    private static SequenceMatcher roundTrip(SequenceMatcher matcher) throws Exception {
        SequenceSnapshot before = matcher.state().snapshot();
        String json = JSON.writeValueAsString(before);
        SequenceSnapshot read = JSON.readValue(json, SequenceSnapshot.class);
        assertEquals(before, read);
        SequenceState restored = read.restore(matcher.plan(), SequenceLimits.DEFAULT);
        assertEquals(before, restored.snapshot());
        assertEquals(matcher.state().stats(), restored.stats());
        return new SequenceMatcher(restored);
    }

    private static List<String> render(List<SequenceMatch> matches, EqlSpecData data) {
        return matches.stream()
                .map(m -> m.key().render() + " "
                        + m.events().stream()
                                .map(e -> e.missing() ? "-1" : Long.toString(data.id(e.event())))
                                .toList())
                .toList();
    }
}
