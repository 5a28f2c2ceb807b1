package io.verdict.engine.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.verdict.esql.EsqlDocument;
import io.verdict.event.Event;
import java.util.List;
import org.junit.jupiter.api.Test;

class EsqlWindowTest {

    private static final long MINUTE = 60_000;

    private static EsqlDocument doc(String id) {
        return new EsqlDocument(Event.parse("{\"n\":\"" + id + "\"}"), id, "logs-x", 1);
    }

    private static List<String> ids(EsqlWindow.Tick tick) {
        return tick.documents().stream().map(EsqlDocument::id).toList();
    }

    @Test
    void aTickRunsOnceEventTimePassesItOverItsLookBackBothEndsIncluded() {
        // interval 5m, look-back 9m: the tick at 10m runs over [1m, 10m]
        EsqlWindow window = new EsqlWindow(5 * MINUTE, 9 * MINUTE, 100, Long.MAX_VALUE);
        window.accept(doc("a"), MINUTE, 10);
        window.accept(doc("b"), 5 * MINUTE, 10);
        window.accept(doc("c"), 10 * MINUTE, 10);
        assertThat(window.due(5 * MINUTE))
                .as("event time at the tick has not passed it")
                .isEmpty();
        List<EsqlWindow.Tick> first = window.due(5 * MINUTE + 1);
        assertThat(first).hasSize(1);
        assertThat(first.get(0).at()).isEqualTo(5 * MINUTE);
        assertThat(ids(first.get(0))).containsExactly("a", "b");
        List<EsqlWindow.Tick> second = window.due(10 * MINUTE + 1);
        assertThat(second).hasSize(1);
        assertThat(ids(second.get(0)))
                .as("overlapping windows see a document twice, as Kibana's runs do")
                .containsExactly("a", "b", "c");
        assertThat(window.due(10 * MINUTE + 1)).as("each tick runs once").isEmpty();
    }

    @Test
    void ticksWithNothingInTheirWindowAreSkippedAndALongGapIsJumped() {
        EsqlWindow window = new EsqlWindow(5 * MINUTE, 6 * MINUTE, 100, Long.MAX_VALUE);
        window.accept(doc("a"), MINUTE, 10);
        window.accept(doc("b"), 1_000 * MINUTE, 10);
        List<EsqlWindow.Tick> ticks = window.due(2_000 * MINUTE);
        assertThat(ticks).extracting(EsqlWindow.Tick::at).containsExactly(5 * MINUTE, 1_000 * MINUTE, 1_005 * MINUTE);
        assertThat(window.documents())
                .as("documents no later window holds are forgotten")
                .isZero();
    }

    @Test
    void aDocumentOlderThanEveryWindowStillToRunIsLateAndDropped() {
        EsqlWindow window = new EsqlWindow(5 * MINUTE, 6 * MINUTE, 100, Long.MAX_VALUE);
        window.accept(doc("a"), 20 * MINUTE, 10);
        window.due(21 * MINUTE);
        assertThat(window.accept(doc("old"), MINUTE, 10)).isFalse();
        assertThat(window.late()).isEqualTo(1);
        assertThat(window.accept(doc("in-time"), 20 * MINUTE, 10))
                .as("still inside the next window")
                .isTrue();
    }

    @Test
    void anOutOfOrderDocumentTakesItsPlaceInEventTime() {
        EsqlWindow window = new EsqlWindow(5 * MINUTE, 10 * MINUTE, 100, Long.MAX_VALUE);
        window.accept(doc("b"), 3 * MINUTE, 10);
        window.accept(doc("a"), 2 * MINUTE, 10);
        assertThat(ids(window.due(6 * MINUTE).get(0))).containsExactly("a", "b");
    }

    @Test
    void pastItsBoundsTheOldestDocumentsGoFirstAndAreCounted() {
        EsqlWindow window = new EsqlWindow(5 * MINUTE, 10 * MINUTE, 2, 1_000);
        window.accept(doc("a"), MINUTE, 10);
        window.accept(doc("b"), 2 * MINUTE, 10);
        window.accept(doc("c"), 3 * MINUTE, 10);
        assertThat(window.documents()).isEqualTo(2);
        assertThat(window.evictions()).isEqualTo(1);
        window.accept(doc("big"), 4 * MINUTE, 800);
        assertThat(window.memoryBytes()).isLessThanOrEqualTo(1_000);
        assertThat(ids(window.due(6 * MINUTE).get(0))).containsExactly("big");
    }

    @Test
    void aSnapshotRestoresTheDocumentsAndTheTick() {
        EsqlWindow window = new EsqlWindow(5 * MINUTE, 9 * MINUTE, 100, Long.MAX_VALUE);
        window.accept(doc("a"), MINUTE, 10);
        window.accept(doc("b"), 7 * MINUTE, 10);
        window.due(6 * MINUTE);
        var plain = new tools.jackson.databind.ObjectMapper().convertValue(window.snapshot(), java.util.Map.class);
        EsqlWindow restored = new EsqlWindow(5 * MINUTE, 9 * MINUTE, 100, Long.MAX_VALUE);
        @SuppressWarnings("unchecked")
        java.util.Map<String, Object> data = plain;
        restored.restore(data);
        assertThat(restored.documents()).isEqualTo(2);
        assertThat(restored.memoryBytes()).isEqualTo(window.memoryBytes());
        List<EsqlWindow.Tick> ticks = restored.due(11 * MINUTE);
        assertThat(ticks).extracting(EsqlWindow.Tick::at).containsExactly(10 * MINUTE);
        assertThat(ids(ticks.get(0))).containsExactly("a", "b");
        assertThat(ticks.get(0).documents().get(1).event().root().get("n").asString())
                .isEqualTo("b");
    }

    @Test
    void analertIsNewOnceWhileItsDocumentCanBeFoundAgain() {
        EsqlWindow window = new EsqlWindow(5 * MINUTE, 9 * MINUTE, 100, Long.MAX_VALUE);
        assertThat(window.firstEmission("x", 5 * MINUTE)).isTrue();
        assertThat(window.firstEmission("x", 10 * MINUTE)).isFalse();
        assertThat(window.firstEmission("x", 60 * MINUTE))
                .as("long after, remembered no more")
                .isTrue();
    }
}
