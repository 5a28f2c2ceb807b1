package io.verdict.api;

import io.verdict.engine.Detections;
import io.verdict.engine.Detector;
import io.verdict.engine.Plan;
import io.verdict.engine.Selection;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The plans of evaluate requests, kept for as long as the rules they were made from are current. A plan learns,
 * per index name, which of its rules search that index (every rule's index patterns tried against the name);
 * made afresh for each request, it learnt that again for every request, and that cost more than evaluating the
 * events (JFR: 44 % of the service's CPU under load). Requests with the same selection now share one plan, and
 * with it what it learnt. Plans carry the configured budget per rule and event. Thread-safe.
 */
final class PlanCache {

    /** Distinct selections kept per rule set; requests past that plan afresh, as before. */
    private static final int MAX_PLANS = 64;

    private record Key(Selection selection, Plan.Unrouted unrouted) {}

    /** The plans made against one detector. */
    private record Plans(Detector detector, Map<Key, Plan> byKey) {}

    private final Detections detections;
    private final Duration budget;
    private final SelectionCheck check = new SelectionCheck();
    private volatile Plans plans = new Plans(null, Map.of());

    PlanCache(Detections detections, Duration budget) {
        this.detections = detections;
        this.budget = budget;
    }

    /**
     * The plan of {@code selection} against {@code detector}, with the service's state across requests; an
     * {@link UnknownSelectionException} when the selection names what no rule has or selects no rule.
     */
    Plan plan(Detector detector, Selection selection, Plan.Unrouted unrouted) {
        Plans current = plans;
        if (current.detector() != detector) {
            if (detector != detections.current()) {
                // a request still on the rules just replaced: no point keeping its plan
                return fresh(detector, selection, unrouted);
            }
            current = new Plans(detector, new ConcurrentHashMap<>());
            plans = current;
        }
        Key key = new Key(selection, unrouted);
        Plan plan = current.byKey().get(key);
        if (plan != null) {
            return plan;
        }
        plan = fresh(detector, selection, unrouted);
        if (current.byKey().size() < MAX_PLANS) {
            Plan raced = current.byKey().putIfAbsent(key, plan);
            return raced != null ? raced : plan;
        }
        return plan;
    }

    private Plan fresh(Detector detector, Selection selection, Plan.Unrouted unrouted) {
        Plan plan = detector.plan(selection, unrouted);
        check.check(detector, selection, plan);
        return plan.withState(detections.state()).withBudget(budget);
    }
}
