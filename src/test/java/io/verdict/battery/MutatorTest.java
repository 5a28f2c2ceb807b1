package io.verdict.battery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MutatorTest {

    private static final List<String> EVENTS = List.of(BatteryRules.ALERTING_EVENT, BatteryRules.KQL_EVENT);

    @Test
    void anEventMutantIsAFunctionOfSeedAndIndexAlone() {
        EventMutator one = new EventMutator(EVENTS, 15);
        EventMutator other = new EventMutator(EVENTS, 15);
        for (int i : new int[] {0, 1, 7, 4_999, 24_999}) {
            assertThat(one.mutant(i).bytes())
                    .as("input %d", i)
                    .isEqualTo(other.mutant(i).bytes());
            assertThat(one.mutant(i).kind()).isEqualTo(other.mutant(i).kind());
        }
        assertThat(new EventMutator(EVENTS, 16).mutant(3).bytes())
                .as("another seed, other bytes")
                .isNotEqualTo(one.mutant(3).bytes());
    }

    @Test
    void eventMutantsCoverEveryKindAndDiffer() {
        EventMutator mutator = new EventMutator(EVENTS, 15);
        Set<EventMutator.Kind> kinds = EnumSet.noneOf(EventMutator.Kind.class);
        Set<String> distinct = new HashSet<>();
        for (int i = 0; i < 300; i++) {
            EventMutator.Mutant mutant = mutator.mutant(i);
            kinds.add(mutant.kind());
            distinct.add(new String(mutant.bytes(), StandardCharsets.ISO_8859_1));
        }
        assertThat(kinds).containsExactlyInAnyOrder(EventMutator.Kind.values());
        assertThat(distinct).hasSizeGreaterThan(200);
    }

    @Test
    void settingAFieldWritesTheRawValueAtItsDottedPath() {
        assertThat(EventMutator.set("{\"event\":{\"kind\":\"event\"}}", "@timestamp", "1e19"))
                .isEqualTo("{\"event\":{\"kind\":\"event\"},\"@timestamp\":1e19}");
        assertThat(EventMutator.set("{\"event\":{\"kind\":\"event\"}}", "event.category", "NaN"))
                .isEqualTo("{\"event\":{\"kind\":\"event\",\"category\":NaN}}");
    }

    @Test
    void aRuleMutantIsAFunctionOfSeedAndIndexAndKeepsItsPoolId() {
        List<String> bases = List.copyOf(BatteryRules.files().values());
        RuleMutator one = new RuleMutator(bases, 15);
        RuleMutator other = new RuleMutator(bases, 15);
        Set<RuleMutator.Kind> kinds = EnumSet.noneOf(RuleMutator.Kind.class);
        for (int i = 0; i < 200; i++) {
            RuleMutator.Mutant mutant = one.mutant(i);
            assertThat(mutant.bytes())
                    .as("input %d", i)
                    .isEqualTo(other.mutant(i).bytes());
            kinds.add(mutant.kind());
            if (mutant.ruleId() != null
                    && mutant.kind() != RuleMutator.Kind.BYTES
                    && mutant.kind() != RuleMutator.Kind.TOML_LINES) {
                assertThat(mutant.text()).as("input %d", i).contains("rule_id = \"" + RuleMutator.poolId(i) + "\"");
            }
        }
        assertThat(kinds).containsExactlyInAnyOrder(RuleMutator.Kind.values());
    }

    @Test
    void aQueryIsReplacedWholeWhateverItsQuotes() {
        String rule = BatteryRules.rule(
                "id-1", "n", "eql", "eql", "process where true\n  and false", "\n[rule.threshold]\nvalue = 1\n");
        String replaced = RuleMutator.setQuery(rule, "process where x == 1");
        assertThat(replaced)
                .contains("query = '''\nprocess where x == 1\n'''")
                .doesNotContain("and false")
                .contains("[rule.threshold]");
        assertThat(RuleMutator.setKey(rule, "risk_score", "500"))
                .contains("risk_score = 500")
                .doesNotContain("risk_score = 47");
    }

    @Test
    void theEventsPlanCoversEveryInputOnceInOrder() {
        List<EventsPhase.Unit> plan = EventsPhase.plan(2_500, 15);
        int next = 0;
        for (EventsPhase.Unit unit : plan) {
            assertThat(unit.from()).isEqualTo(next);
            assertThat(unit.count()).isBetween(1, 40);
            next += unit.count();
        }
        assertThat(next).isEqualTo(2_500);
        assertThat(plan).isEqualTo(EventsPhase.plan(2_500, 15));
        assertThat(plan.stream().map(EventsPhase.Unit::mode).distinct())
                .containsExactlyInAnyOrder("single", "array", "ndjson", "stream");
    }
}
