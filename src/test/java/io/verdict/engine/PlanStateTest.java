package io.verdict.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.verdict.event.Event;
import io.verdict.event.Schema;
import io.verdict.rule.RuleDirectories;
import io.verdict.rule.RuleLoader;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Plans and detectors hold no state: the owner of the state binds its store, and the store starts from compiled queries. */
class PlanStateTest {

    static final String THRESHOLD = "00000000-0000-4000-8000-0000000b0004";
    static final String SEQUENCE = "00000000-0000-4000-8000-0000000b0001";
    static final Event LOGON = Event.parse("""
            {"@timestamp": "2026-11-27T10:00:01Z", "event": {"category": ["authentication"], "outcome": "failure"},
             "user": {"name": "svc-backup"}}""");

    private final Detector detector = new RuleCompiler(Schema.catalog(), Clock.systemUTC())
            .compile(new RuleDirectories(new RuleLoader(), Clock.systemUTC())
                    .load(List.of(Path.of("src/test/resources/engine/batch/rules"))));

    @Test
    void theDetectorsPlansShareNoHiddenStateStore() {
        // a plan once kept a private store, so every caller that forgot to bind one shared it through the detector
        assertThatThrownBy(() ->
                        detector.plan(Selection.ALL, Plan.Unrouted.ALL_RULES).evaluate(LOGON, false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no state store");
        assertThat(detector.plan(Selection.ALL, Plan.Unrouted.ALL_RULES).hasState())
                .isFalse();
        // what needs no state still works unbound, from any thread
        assertThat(detector.plan(Selection.ALL, Plan.Unrouted.ALL_RULES)
                        .decide(LOGON, false)
                        .stateful())
                .hasSize(1);
    }

    @Test
    void eachOwnersStoreKeepsItsOwnState() {
        StateStore one = new StateStore(1000, 1000);
        StateStore other = new StateStore(1000, 1000);
        Plan first = detector.plan(Selection.ALL, Plan.Unrouted.ALL_RULES).withState(one);
        Plan second = detector.plan(Selection.ALL, Plan.Unrouted.ALL_RULES).withState(other);
        first.evaluate(LOGON, false);
        first.evaluate(LOGON, false);
        assertThat(second.evaluate(LOGON, false).alerts()).isEmpty();
        assertThat(first.evaluate(LOGON, false).alerts())
                .extracting(a -> a.rule().ruleId())
                .containsExactly(THRESHOLD);
        assertThat(one.stats()).containsKey(THRESHOLD);
        assertThat(other.stats().get(THRESHOLD)).containsEntry("groups", 1L);
    }

    @Test
    void theSequenceTrackerStartsFromTheRulesCompiledQueryNotASecondCompilation() {
        CompiledRule rule = detector.find(SEQUENCE).orElseThrow();
        assertThat(rule.eql()).isNotNull();
        assertThat(new StateStore(1000, 1000).sequence(rule).plan().query()).isSameAs(rule.eql());
    }

    @Test
    void anEventWithoutTimeIsAtTheClockTheDetectorWasGiven() {
        Instant at = Instant.parse("2030-01-02T03:04:05Z");
        Detector fixed = new Detector(detector.ruleSet(), detector.rules(), Clock.fixed(at, ZoneOffset.UTC));
        Event timeless = Event.parse("""
                {"event": {"category": ["authentication"], "outcome": "failure"}, "user": {"name": "x"}}""");
        Plan plan = fixed.plan(Selection.ALL, Plan.Unrouted.ALL_RULES).withState(new StateStore(1000, 1000));
        plan.evaluate(timeless, false);
        plan.evaluate(timeless, false);
        List<Alert> alerts = plan.evaluate(timeless, false).alerts();
        assertThat(alerts)
                .singleElement()
                .satisfies(a -> assertThat(a.thresholdResult().from()).isEqualTo(at));
    }

    @Test
    void aTimeTooFarOutForMillisSortsLastInsteadOfFailing() {
        FeedOrder order = detector.plan(Selection.ALL, Plan.Unrouted.ALL_RULES).feedOrder();
        assertThat(order.time(0, Event.parse("{\"@timestamp\": 1e19}"))).isEqualTo(FeedOrder.NO_TIME);
        assertThat(order.time(0, Event.parse("{\"event\": {\"ingested\": \"+999999999-12-31\"}}")))
                .isEqualTo(FeedOrder.NO_TIME);
        assertThat(order.time(0, Event.parse("{\"@timestamp\": 1.5e3}"))).isEqualTo(1500L);
        assertThat(order.time(0, Event.parse("{\"@timestamp\": \"1970-01-01T00:00:02Z\", \"event.ingested\": 3000}")))
                .isEqualTo(3000L);
    }

    @Test
    void tiebreakersSortNumbersByValueBeforeStringsAndNoneLast() {
        assertThat(FeedOrder.compareTiebreakers(9L, 10L)).isNegative();
        assertThat(FeedOrder.compareTiebreakers(2.5, 10L)).isNegative();
        assertThat(FeedOrder.compareTiebreakers(10L, "1")).isNegative();
        assertThat(FeedOrder.compareTiebreakers("b", "a")).isPositive();
        assertThat(FeedOrder.compareTiebreakers(null, 1L)).isPositive();
        assertThat(FeedOrder.compareTiebreakers(Double.POSITIVE_INFINITY, 1L)).isPositive();
    }
}
