package io.verdict.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.verdict.bench.CorpusEvents;
import io.verdict.event.Event;
import io.verdict.event.Schema;
import io.verdict.rule.RuleSet;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The differential proof of the rule index: with the whole Elastic corpus loaded, every real ECS document and
 * 5,000 generated variants (a fifth of them crafted to carry rules' required literals) get exactly the same
 * evaluation, alert for alert, from the indexed plan as from trying every rule.
 */
class RuleIndexCorpusTest {

    @Test
    void indexedPlanAnswersExactlyAsTheScan() {
        RuleSet rules = CorpusEvents.rules();
        Detector detector = new RuleCompiler(Schema.catalog(), Clock.systemUTC()).compile(rules);
        List<String> documents = CorpusEvents.realAndGenerated(rules, 5_000);
        for (Plan.Unrouted unrouted : Plan.Unrouted.values()) {
            Plan indexed = detector.plan(Selection.ALL, unrouted).withState(new StateStore(100_000, 1_000_000));
            Plan scan = detector.plan(Selection.ALL, unrouted, Plan.Dispatch.SCAN)
                    .withState(new StateStore(100_000, 1_000_000));
            int alerts = 0;
            int matched = 0;
            for (String document : documents) {
                Event event = Event.parse(document);
                Evaluation expected = scan.evaluate(event, true);
                assertThat(indexed.evaluate(event, true)).as(document).isEqualTo(expected);
                alerts += expected.alerts().size();
                matched += expected.matched() ? 1 : 0;
            }
            System.out.printf(
                    "rule index, %s: %d documents, %d matched, %d alerts, identical; index %s%n",
                    unrouted, documents.size(), matched, alerts, detector.indexStats());
            assertThat(documents).hasSize(5_884);
            assertThat(alerts).isPositive();
        }
        assertThat(detector.indexStats().get("indexed"))
                .isGreaterThan(detector.indexStats().get("scanned"));
    }
}
