package io.verdict.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.verdict.bench.CorpusEvents;
import io.verdict.event.Event;
import io.verdict.event.FieldSet;
import io.verdict.event.Schema;
import io.verdict.rule.RuleSet;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The differential proof of field-set pruning: with the whole Elastic corpus loaded, every real ECS document and
 * 5,000 generated variants get exactly the same evaluation, alert for alert (whole event included), and the same
 * stateful alerts (sequences, thresholds, new terms, each side with its own state), whether the event is parsed
 * whole or with the detector's field set, as the service parses it.
 */
class FieldSetCorpusTest {

    @Test
    void prunedEventsAnswerExactlyAsWholeOnes() {
        RuleSet rules = CorpusEvents.rules();
        Detector detector = new RuleCompiler(Schema.catalog(), Clock.systemUTC()).compile(rules);
        FieldSet fields = detector.fields();
        List<String> documents = CorpusEvents.realAndGenerated(rules, 5_000);
        Plan whole = detector.plan(Selection.ALL, Plan.Unrouted.ALL_RULES).withState(new StateStore(10_000, 10_000));
        Plan pruned = detector.plan(Selection.ALL, Plan.Unrouted.ALL_RULES).withState(new StateStore(10_000, 10_000));
        int alerts = 0;
        int treesBuilt = 0;
        int unmatchedTreesBuilt = 0;
        for (String document : documents) {
            Evaluation expected = whole.evaluate(Event.parse(document), true);
            Event event = Event.parse(document, fields);
            Evaluation actual = pruned.evaluate(event, true);
            assertThat(actual).as(document).isEqualTo(expected);
            alerts += expected.alerts().size();
            treesBuilt += event.materialised() ? 1 : 0;
            unmatchedTreesBuilt += event.materialised() && !expected.matched() ? 1 : 0;
        }
        System.out.printf(
                "field set of %d fields: %d documents, %d alerts, identical; whole tree built for %d"
                        + " (%d of them matching no rule)%n",
                fields.size(), documents.size(), alerts, treesBuilt, unmatchedTreesBuilt);
        assertThat(alerts).isPositive();
        // alerts carry the whole event here (include_event), so matching events need their tree; the others need
        // it only for whole-document queries (KQL free text, nested), which the corpus has next to none of, and
        // when an ES|QL rule that outputs catalogue fields by pattern (KEEP *) keeps the event whole for its window
        assertThat(unmatchedTreesBuilt).isLessThan(documents.size() / 50);
    }

    @Test
    void theFieldSetHoldsWhatRulesRead() {
        Detector detector = new RuleCompiler(Schema.catalog(), Clock.systemUTC()).compile(CorpusEvents.rules());
        FieldSet fields = detector.fields();
        assertThat(fields.names())
                .contains(
                        "@timestamp",
                        "event.category",
                        "_index",
                        "process.name",
                        "process.pe.original_file_name",
                        "host.os.type",
                        "event.ingested",
                        "data_stream.dataset");
        for (CompiledRule rule : detector.rules()) {
            if (rule.matcher() != null) {
                rule.evidence()
                        .forEach(path -> assertThat(fields.contains(path.name()))
                                .as(path.name())
                                .isTrue());
            }
        }
        assertThat(Detector.EMPTY.fields().names()).contains("@timestamp", "_index");
    }
}
