package io.verdict.rule;

import static org.assertj.core.api.Assertions.assertThat;

import io.verdict.Shared;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The whole public Elastic corpus (2,068 files) loads with zero errors, and its counts match rule-format.md §1. */
class CorpusLoadTest {

    private static RuleSet corpus;

    @BeforeAll
    static void load() {
        Path root = Shared.require("corpus/detection-rules");
        corpus = new RuleDirectories(new RuleLoader(), Clock.systemUTC()).load(List.of(root));
        System.out.printf(
                "corpus: %d rules from %d files in %d ms (%d warnings)%n",
                corpus.size(),
                corpus.files(),
                corpus.loadTime().toMillis(),
                corpus.warnings().size());
    }

    @Test
    void everyFileLoads() {
        assertThat(corpus.errors()).isEmpty();
        assertThat(corpus.files()).isEqualTo(2068);
        assertThat(corpus.size()).isEqualTo(2068);
    }

    @Test
    void countsByType() {
        Map<RuleType, Integer> byType = new TreeMap<>();
        corpus.rules().forEach(r -> byType.merge(r.type(), 1, Integer::sum));
        assertThat(byType)
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        RuleType.EQL,
                        1024,
                        RuleType.QUERY,
                        454,
                        RuleType.NEW_TERMS,
                        241,
                        RuleType.ESQL,
                        209,
                        RuleType.MACHINE_LEARNING,
                        106,
                        RuleType.THRESHOLD,
                        28,
                        RuleType.THREAT_MATCH,
                        6));
    }

    @Test
    void typeBlocksAndLanguagesMatchTheirTypes() {
        for (Rule rule : corpus.rules()) {
            switch (rule.type()) {
                case THRESHOLD ->
                    assertThat(rule.typeBlock(Threshold.class)).as(rule.file()).isPresent();
                case NEW_TERMS ->
                    assertThat(rule.typeBlock(NewTerms.class))
                            .as(rule.file())
                            .hasValueSatisfying(
                                    n -> assertThat(n.historyWindowStart()).startsWith("now-"));
                case THREAT_MATCH ->
                    assertThat(rule.typeBlock(ThreatMatch.class))
                            .as(rule.file())
                            .hasValueSatisfying(
                                    t -> assertThat(t.threatMapping()).isNotEmpty());
                case MACHINE_LEARNING -> {
                    assertThat(rule.typeBlock(MachineLearning.class))
                            .as(rule.file())
                            .isPresent();
                    assertThat(rule.query()).isNull();
                }
                default -> assertThat(rule.typeBlock()).as(rule.file()).isNull();
            }
            if (rule.query() != null) {
                assertThat(Language.allowedFor(rule.type()))
                        .as(rule.file())
                        .contains(rule.query().language());
                assertThat(rule.query().text()).as(rule.file()).isNotNull();
            }
        }
        assertThat(corpus.rules().stream()
                        .filter(r -> r.alert().buildingBlock())
                        .count())
                .isEqualTo(128);
        assertThat(corpus.rules().stream()
                        .filter(r -> r.query() != null && !r.query().filters().isEmpty())
                        .count())
                .isEqualTo(18);
    }

    @Test
    void attackEntriesParseIntoTacticTechniquesAndSubtechniques() {
        int entries = 0;
        int techniqueRefs = 0;
        int subtechniqueRefs = 0;
        Set<String> tactics = new HashSet<>();
        Set<String> techniques = new HashSet<>();
        Set<String> subtechniques = new HashSet<>();
        for (Rule rule : corpus.rules()) {
            for (Threat threat : rule.threat()) {
                entries++;
                assertThat(threat.tactic()).as(rule.file()).isNotNull();
                tactics.add(threat.tactic().id());
                for (Technique technique : threat.technique()) {
                    techniqueRefs++;
                    techniques.add(technique.id());
                    for (MitreRef sub : technique.subtechnique()) {
                        subtechniqueRefs++;
                        subtechniques.add(sub.id());
                        assertThat(sub.id()).startsWith(technique.id() + ".");
                    }
                }
            }
        }
        assertThat(corpus.rules().stream().filter(r -> !r.threat().isEmpty()).count())
                .isEqualTo(1998);
        assertThat(entries).isEqualTo(3628);
        assertThat(techniqueRefs).isEqualTo(4503);
        assertThat(subtechniqueRefs).isEqualTo(2810);
        assertThat(tactics).hasSize(14);
        assertThat(techniques).hasSize(168);
        assertThat(subtechniques).hasSize(282);
    }

    @Test
    void queriesKnowWhereTheyAreWritten() {
        for (Rule rule : corpus.rules()) {
            if (rule.query() == null || rule.query().text() == null) {
                continue;
            }
            var text = rule.query().text();
            assertThat(text.origin()).isEqualTo(rule.file());
            assertThat(text.line()).as(rule.file()).isGreaterThan(1);
        }
    }
}
