package io.verdict.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.verdict.event.Schema;
import io.verdict.rule.RuleFixtures;
import io.verdict.rule.RuleSet;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DetectionsTest {

    private final Detections detections = new Detections(new RuleCompiler(Schema.catalog(), Clock.systemUTC()));

    @Test
    void nothingIsLoadedBeforeTheFirstInstall() {
        assertThat(detections.ready()).isFalse();
        assertThat(detections.rules()).isSameAs(RuleSet.EMPTY);
        assertThat(detections.current()).isSameAs(Detector.EMPTY);
    }

    /** The rule set and the detector compiled from it are one snapshot: no reader sees one beside the other's past. */
    @Test
    void oneSwapReplacesTheRuleSetAndItsDetectorTogether() {
        RuleSet first = RuleFixtures.sampleSet();
        Detector installed = detections.install(first);
        assertThat(detections.ready()).isTrue();
        assertThat(detections.current()).isSameAs(installed);
        assertThat(detections.rules()).isSameAs(first).isSameAs(installed.ruleSet());

        Detector next = detections
                .compiler()
                .compile(new RuleSet(List.of(), List.of(), List.of(), 0, first.loadedAt(), Duration.ZERO));
        detections.install(next);
        assertThat(detections.current()).isSameAs(next);
        assertThat(detections.rules()).isSameAs(next.ruleSet()).isNotSameAs(first);
    }
}
