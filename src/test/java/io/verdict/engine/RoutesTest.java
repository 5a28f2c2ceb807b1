package io.verdict.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.verdict.CaseFiles;
import io.verdict.event.Event;
import io.verdict.event.Schema;
import io.verdict.rule.Rule;
import io.verdict.rule.RuleFixtures;
import io.verdict.rule.RuleSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlTable;

/**
 * Routing on hand-made cases (routes.toml): which rules search the index each event names, through one
 * {@link Routes} per case and form of event (its decisions remembered from event to event), checked against the
 * case and against the index name worked out afresh ({@link EventIndex#of}).
 */
class RoutesTest {

    private static final TomlParseResult FILE = CaseFiles.toml(RoutesTest.class, "routes.toml");
    private static final Detector DETECTOR = detector();

    @TestFactory
    Stream<DynamicTest> routes() {
        return CaseFiles.cases(FILE, "cases").stream()
                .flatMap(c -> Stream.of(true, false)
                        .map(flat -> DynamicTest.dynamicTest(
                                c.getString("name") + (flat ? " (flat)" : " (tree)"), () -> check(c, flat))));
    }

    private static void check(TomlTable c, boolean flat) {
        Plan.Unrouted unrouted = Plan.Unrouted.valueOf(c.getString("unrouted", () -> "ALL_RULES"));
        CompiledRule[] all = DETECTOR.rules().toArray(CompiledRule[]::new);
        boolean[] chosen = new boolean[all.length];
        Arrays.fill(chosen, true);
        Routes routes = new Routes(all, chosen, unrouted);
        List<String> events = new ArrayList<>();
        List<String> routed = new ArrayList<>();
        TomlArray texts = c.getArray("events");
        TomlArray expected = c.getArray("routed");
        assertThat(texts.size()).isEqualTo(expected.size());
        long many = c.getLong("many", () -> 0L);
        if (many > 0) { // each event of the case with %d for 0..many-1, then with 0 again
            for (int i = 0; i < many; i++) {
                events.add(texts.getString(0).formatted(i));
                routed.add(expected.getString(0));
            }
            events.add(texts.getString(0).formatted(0));
            routed.add(expected.getString(0));
        } else {
            for (int i = 0; i < texts.size(); i++) {
                events.add(texts.getString(i));
                routed.add(expected.getString(i));
            }
        }
        for (int i = 0; i < events.size(); i++) {
            Event event = flat ? Event.parse(events.get(i), DETECTOR.fields()) : Event.parse(events.get(i));
            Routes.Routing routing = routes.of(event);
            String names = names(all, routing.routed());
            assertThat(names)
                    .as(events.get(i))
                    .isEqualTo(routed.get(i).equals("*") ? names(all, chosen) : routed.get(i));
            assertThat(routing.evaluated() + routing.notRouted()).isEqualTo(all.length);
            assertThat(routing.evaluated()).isEqualTo(names.isEmpty() ? 0 : names.split(" ").length);
            assertThat(names).as("afresh: " + events.get(i)).isEqualTo(afresh(all, event, unrouted));
        }
    }

    /** The rules that search the event's index, by its name worked out without any remembered decision. */
    private static String afresh(CompiledRule[] all, Event event, Plan.Unrouted unrouted) {
        String index = EventIndex.of(event);
        boolean[] routed = new boolean[all.length];
        for (int p = 0; p < all.length; p++) {
            routed[p] = index == null
                    ? unrouted == Plan.Unrouted.ALL_RULES || all[p].index().acceptsAll()
                    : all[p].index().accepts(index);
        }
        return names(all, routed);
    }

    private static String names(CompiledRule[] all, boolean[] routed) {
        return IntStream.range(0, all.length)
                .filter(p -> routed[p])
                .mapToObj(p -> all[p].rule().name())
                .collect(Collectors.joining(" "));
    }

    private static Detector detector() {
        List<Rule> rules = new ArrayList<>();
        TomlArray table = FILE.getArray("rules");
        for (int i = 0; i < table.size(); i++) {
            TomlTable r = table.getTable(i);
            String patterns = r.getArray("index").toList().stream()
                    .map(p -> "\"" + p + "\"")
                    .collect(Collectors.joining(", "));
            rules.add(RuleFixtures.rule(
                    "00000000-0000-4000-8000-%012d".formatted(i + 1), r.getString("name"), "low", """
                    type = "eql"
                    language = "eql"
                    index = [%s]
                    query = 'any where true'
                    """.formatted(
                                    patterns)));
        }
        return new RuleCompiler(Schema.catalog(), Clock.systemUTC())
                .compile(new RuleSet(rules, List.of(), List.of(), rules.size(), Instant.now(), Duration.ZERO));
    }
}
