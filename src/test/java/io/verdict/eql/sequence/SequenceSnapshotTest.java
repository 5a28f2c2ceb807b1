package io.verdict.eql.sequence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.verdict.eql.EqlCompiler;
import io.verdict.event.Event;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** Snapshot format details: key values of every type read back equal; a snapshot that does not fit is refused. */
class SequenceSnapshotTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String QUERY = "sequence by host with maxspan=1m [process where true] [network where true]";

    @Test
    void keyValuesOfEveryTypeRoundTripThroughJson() throws Exception {
        JoinKey key = JoinKey.of(Arrays.asList(
                "a:b",
                42L,
                new BigInteger("123456789012345678901234567890"),
                1.5,
                true,
                Instant.parse("2024-01-02T03:04:05.123456789Z"),
                null,
                ""));
        List<String> encoded = key.encode();
        String json = JSON.writeValueAsString(encoded);
        List<String> read = new ArrayList<>();
        JSON.readTree(json).forEach(n -> read.add(n.asString()));
        JoinKey back = JoinKey.decode(read);
        assertEquals(key, back);
        assertEquals(key.render(), back.render());
        assertEquals(
                List.of(
                        "a:b",
                        "42",
                        "123456789012345678901234567890",
                        "1.5",
                        "true",
                        "2024-01-02T03:04:05.123456789Z",
                        "null",
                        ""),
                back.render());
    }

    @Test
    void snapshotOfAnotherQueryIsRefused() {
        SequenceMatcher matcher = matcher(QUERY);
        SequenceSnapshot snapshot = matcher.state().snapshot();
        SequencePlan other = plan("sequence by host with maxspan=2m [process where true] [network where true]");
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> snapshot.restore(other, SequenceLimits.DEFAULT));
        assertEquals(true, e.getMessage().contains("another query"), e.getMessage());
    }

    @Test
    void inconsistentSnapshotsAreRefused() {
        SequenceMatcher matcher = matcher(QUERY);
        SequencePlan plan = matcher.plan();
        SequenceSnapshot good = matcher.state().snapshot();
        SequenceSnapshot.KeyEntry entry = good.keys().get(0);
        SequenceSnapshot.Partial partial = entry.partials().get(0);
        SequenceSnapshot.Partial shortPartial = new SequenceSnapshot.Partial(
                partial.stage(),
                partial.times().subList(0, 1),
                partial.arrivals(),
                partial.events(),
                false,
                partial.leading(),
                partial.deadline(),
                false);
        List<SequenceSnapshot> bad = List.of(
                new SequenceSnapshot(99, good.plan(), good.arrivals(), good.horizon(), good.counters(), good.keys()),
                withKey(good, new SequenceSnapshot.KeyEntry(List.of("x:1"), 0, -1, null, null, entry.partials())),
                withKey(good, new SequenceSnapshot.KeyEntry(entry.key(), 0, -1, null, null, List.of(shortPartial))),
                withKey(good, new SequenceSnapshot.KeyEntry(entry.key(), 0, -1, List.of(1L), List.of(1L), List.of())),
                withKey(good, new SequenceSnapshot.KeyEntry(List.of("t:yesterday"), 0, -1, null, null, List.of())),
                withKey(good, new SequenceSnapshot.KeyEntry(entry.key(), 0, -1, null, null, null)));
        for (SequenceSnapshot snapshot : bad) {
            assertThrows(
                    IllegalArgumentException.class,
                    () -> snapshot.restore(plan, SequenceLimits.DEFAULT),
                    snapshot.toString());
        }
        assertEquals(good, good.restore(plan, SequenceLimits.DEFAULT).snapshot());
    }

    private static SequenceSnapshot withKey(SequenceSnapshot s, SequenceSnapshot.KeyEntry entry) {
        return new SequenceSnapshot(s.format(), s.plan(), s.arrivals(), s.horizon(), s.counters(), List.of(entry));
    }

    private static SequenceMatcher matcher(String query) {
        SequenceMatcher matcher = new SequenceMatcher(plan(query), SequenceLimits.DEFAULT);
        matcher.offer(Event.parse("{\"@timestamp\":1000,\"event\":{\"category\":\"process\"},\"host\":\"a\"}"));
        assertEquals(1, matcher.state().stats().pending());
        return matcher;
    }

    private static SequencePlan plan(String query) {
        return SequencePlan.of(new EqlCompiler().compile(query));
    }
}
