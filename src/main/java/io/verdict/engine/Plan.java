package io.verdict.engine;

import io.verdict.event.Event;
import io.verdict.event.FieldPath;
import io.verdict.query.Budget;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules one request applies, chosen once per request from a {@link Detector} snapshot: those that decide
 * events, and how many selected rules are skipped for each reason. Immutable (its routing cache aside);
 * evaluates any number of events, from any number of threads.
 *
 * <p>An event is tried only on the selected rules that search its index and that the detector's {@link RuleIndex}
 * finds it can possibly match; every other rule provably passes over it. Alerts come in the detector's rule
 * order either way. Stateful rules (threshold, new_terms, EQL sequences and samples) are tried the same way; an
 * event that passes one goes to its tracker in the {@link StateStore} its owner bound to the plan
 * ({@link #withState}). A plan holds no state of its own: what needs a store ({@link #evaluate} with stateful rules
 * chosen, {@link #feed}, {@link #advance} ...) fails with {@link IllegalStateException} on a plan bound to none,
 * while {@link #decide} and {@link #evaluateStateless} never need one.
 *
 * <p>Each rule has a time budget per event ({@link #withBudget}, {@link #DEFAULT_BUDGET} unless set): a rule whose
 * long work on an event (many patterns or a regex over a long value, string functions on long texts) outlasts it
 * is stopped there and reported among the event's failures with the reason {@link #BUDGET_EXCEEDED}; the other
 * rules still decide the event. See {@link Budget}: nothing reads the clock for an ordinary event.
 */
public final class Plan {

    /** What to do with an event that names no index ({@code _index} or {@code data_stream.*}). */
    public enum Unrouted {
        ALL_RULES,
        NO_RULES
    }

    /** How a plan finds the rules to try on an event: through the rule index, or every rule in turn. */
    public enum Dispatch {
        INDEXED,
        SCAN
    }

    /** What one rule may spend on one event unless the plan says otherwise. */
    public static final Duration DEFAULT_BUDGET = Duration.ofMillis(100);
    /** The reason of a failure that is a rule over its budget. */
    public static final String BUDGET_EXCEEDED = "budget_exceeded";

    /** What the plan and its copies share: the chosen rules and what is known about them. */
    private final ChosenRules rules;
    // the shared parts read on every event, held here as well to spare a dereference
    private final CompiledRule[] all;
    private final boolean[] stateful;
    private final RuleIndex index;
    private final int[] windowed;
    private final Routes routes;
    private final IndicatorRouting indicators;
    /** The owner's store of the stateful rules' state; null until one is bound. */
    private final StateStore store;
    /** Nanoseconds each rule may spend on an event; 0: no limit. */
    private final long budget;
    /** The arrival time of an event without time fields. */
    private final Clock clock;

    Plan(
            CompiledRule[] all,
            RuleIndex index,
            boolean[] chosen,
            Map<String, Integer> skipped,
            int selected,
            Unrouted unrouted,
            Clock clock) {
        this(new ChosenRules(all, index, chosen, skipped, selected, unrouted), null, DEFAULT_BUDGET.toNanos(), clock);
    }

    private Plan(ChosenRules rules, StateStore store, long budget, Clock clock) {
        this.rules = rules;
        this.all = rules.all;
        this.stateful = rules.stateful;
        this.index = rules.index;
        this.windowed = rules.windowed;
        this.routes = rules.routes;
        this.indicators = rules.indicators;
        this.store = store;
        this.budget = budget;
        this.clock = clock;
    }

    /**
     * The same plan keeping the state of its stateful rules in {@code state}, its owner's (the service's across
     * requests, a CLI run's, a test's). The copy shares the routing decisions already made.
     */
    public Plan withState(StateStore state) {
        return new Plan(rules, java.util.Objects.requireNonNull(state, "state"), budget, clock);
    }

    /** Whether a state store is bound to the plan. */
    public boolean hasState() {
        return store != null;
    }

    /** The bound store; {@link IllegalStateException} when there is none. */
    private StateStore state() {
        if (store == null) {
            throw new IllegalStateException(
                    "the plan has stateful rules but no state store: its owner binds one" + " with withState");
        }
        return store;
    }

    /**
     * The same plan with {@code budget} per rule and event ({@link Duration#ZERO}: no limit); it shares the state
     * and the routing decisions already made.
     */
    public Plan withBudget(Duration budget) {
        return new Plan(rules, store, budget.isNegative() ? 0 : budget.toNanos(), clock);
    }

    /** What each rule may spend on an event; {@link Duration#ZERO}: no limit. */
    public Duration budget() {
        return Duration.ofNanos(budget);
    }

    /**
     * Whether the event holds none of the fields the chosen rules' queries, filters and investigation fields read:
     * then no rule could have matched it, and the likeliest cause is a document wrapped in something the service
     * does not unwrap. Not part of deciding an event; the most read fields are tried first, so an ordinary event
     * answers after a lookup or two.
     */
    public boolean readsNothingOf(Event event) {
        FieldPath[] fields = rules.mostReadFirst();
        if (fields.length == 0) {
            return false;
        }
        for (FieldPath field : fields) {
            if (event.has(field)) {
                return false;
            }
        }
        return true;
    }

    /** Selected rules skipped, by reason ({@code needs_state:eql_sequence} ...). */
    public Map<String, Integer> skipped() {
        return rules.skipped;
    }

    /** Rules the request selected, evaluated or not. */
    public int selected() {
        return rules.selected;
    }

    /** Rules that decide events, alone or with state across events. */
    public int evaluating() {
        return rules.evaluating;
    }

    /**
     * The alerts of every rule that matches the event. {@link Evaluation#evaluated()} counts the rules that search
     * the event's index (run, or passed over by the index because they cannot match), {@link
     * Evaluation#notRouted()} those that do not.
     */
    public Evaluation evaluate(Event event, boolean includeEvent) {
        if (rules.needsState) {
            state();
        }
        Evaluation evaluation = evaluate(event, includeEvent, Mode.ALL).evaluation();
        if (windowed.length == 0) {
            return evaluation;
        }
        Evaluation released = advance(EventTime.latest(event), includeEvent);
        return released.alerts().isEmpty() && released.failures().isEmpty() ? evaluation : evaluation.plus(released);
    }

    /**
     * Runs every tick whose window still holds a kept document, as if event time moved far past the latest event:
     * for a stream that has ended (a file, a test case). Event time moves accordingly.
     */
    public Evaluation flush(boolean includeEvent) {
        if (windowed.length == 0) {
            return new Evaluation(List.of(), 0, 0, List.of());
        }
        StateStore store = state();
        long latest = store.latestEventTime();
        if (latest == Long.MIN_VALUE) {
            return new Evaluation(List.of(), 0, 0, List.of());
        }
        return advance(latest + EsqlWindows.horizon(all, windowed) + store.allowedLatenessMillis() + 1, includeEvent);
    }

    /**
     * The order in which a batch feeds each stateful rule the events {@link #decide} found pass it: by the rule's
     * own time field and tiebreaker (see {@link FeedOrder}).
     */
    public FeedOrder feedOrder() {
        return rules.order;
    }

    /** Whether the plan has ES|QL rules run at ticks of event time (see {@link #advance}). */
    public boolean windowed() {
        return windowed.length > 0;
    }

    /**
     * Event time moves to at least {@code time} (epoch millis; {@link Long#MIN_VALUE} leaves it), and the ES|QL
     * rules run every tick it has now passed, less the allowed lateness: the alerts of those runs. Each tick runs
     * once, whichever request moves event time past it.
     */
    public Evaluation advance(long time, boolean includeEvent) {
        if (windowed.length == 0) {
            return new Evaluation(List.of(), 0, 0, List.of());
        }
        return EsqlWindows.advance(all, windowed, state(), time, includeEvent);
    }

    /**
     * Only the rules that decide an event on its own: safe to run on events out of order, from any thread. The
     * counts of the evaluation cover all the plan's rules.
     */
    public Evaluation evaluateStateless(Event event, boolean includeEvent) {
        return evaluate(event, includeEvent, Mode.STATELESS).evaluation();
    }

    /**
     * What a batch worker decides of an event alone, from any thread: the evaluation of the rules that decide an
     * event on its own (with counts covering all the plan's rules), and which stateful rules' queries and filters
     * the event passes, to be fed to them later, in event-time order, by {@link #feed}. The rule index and every
     * query run here, on the worker; only the trackers wait for the ordered pass.
     */
    public Decided decide(Event event, boolean includeEvent) {
        return evaluate(event, includeEvent, Mode.DECIDE);
    }

    /**
     * Feeds an event to the stateful rules {@link #decide} found it passes (all of them, or those of one lane of
     * {@link #feedOrder}); each rule must get its events in its order (a batch feeds them on the thread that reads
     * it). Its evaluation carries alerts and failures, no counts.
     */
    public Evaluation feed(Event event, int[] stateful, boolean includeEvent) {
        StateStore store = state();
        List<Alert> alerts = List.of();
        List<Evaluation.RuleFailure> failures = List.of();
        if (stateful.length > 0 && stateful[stateful.length - 1] >= all.length) {
            Evaluation taken = takeIndicator(event, stateful, includeEvent);
            alerts = taken.alerts().isEmpty() ? alerts : new ArrayList<>(taken.alerts());
            failures = taken.failures().isEmpty() ? failures : new ArrayList<>(taken.failures());
        }
        Budget meter = open();
        try {
            for (int at : stateful) {
                if (at >= all.length) {
                    continue;
                }
                int p = at < 0 ? -at - 1 : at;
                try {
                    if (meter != null) {
                        meter.begin();
                    }
                    Event fed = at < 0 ? event.alertDocument() : event;
                    List<Alert> completed = StatefulRules.feed(all[p], fed, store, includeEvent, clock);
                    if (!completed.isEmpty()) {
                        if (alerts.isEmpty()) {
                            alerts = new ArrayList<>(completed.size());
                        }
                        alerts.addAll(completed);
                    }
                } catch (tools.jackson.core.exc.StreamReadException e) {
                    throw unreadable(e);
                } catch (RuntimeException e) {
                    failures = failures.isEmpty() ? new ArrayList<>(1) : failures;
                    failures.add(Evaluation.RuleFailure.of(all[p], e));
                }
            }
        } finally {
            close(meter);
        }
        return new Evaluation(alerts, 0, 0, failures);
    }

    /**
     * Takes the document as an indicator of the rules at the positions of {@code stateful} written {@code p +
     * all.length} (see {@link #evaluate(Event, boolean, Mode)}): the alerts of the waiting events it completes.
     */
    private Evaluation takeIndicator(Event document, int[] stateful, boolean includeEvent) {
        try {
            return IndicatorMatches.takeAt(all, stateful, document, state(), includeEvent, clock);
        } catch (tools.jackson.core.exc.StreamReadException e) {
            throw unreadable(e);
        }
    }

    /**
     * Takes threat indicator documents into the state store for the plan's indicator match rules, in order, as
     * {@code POST /api/v1/indicators} does: a document a rule accepts (its index is one of the rule's
     * {@code threat_index} patterns or it names none, it passes the threat query and filters, it is within the
     * threat query's time bound at the store's event time, and it has a value of a mapped indicator field) is kept
     * once, in place of the one of its {@code _id}, and matched against the rule's waiting events. Returns the
     * counts per rule, the documents no rule took with why, and the alerts the new indicators completed.
     */
    public IndicatorIntake ingestIndicators(List<Event> documents, boolean includeEvent) {
        List<CompiledRule> rules = new ArrayList<>();
        if (indicators != null) {
            for (int p : indicators.positions()) {
                rules.add(all[p]);
            }
        }
        return IndicatorMatches.ingest(rules, documents, state(), includeEvent, clock);
    }

    /**
     * The indicators the plan's state store keeps: how many, per rule, per provider and per type, their estimated
     * memory and how many were dropped past the bound.
     */
    public IndicatorSummary indicatorSummary() {
        return IndicatorSummary.of(state());
    }

    /** Forgets every indicator and every event waiting for one, for all indicator match rules of the store. */
    public void clearIndicators() {
        state().clearIndicators();
    }

    /** An event's evaluation by the stateless rules, and the stateful rules it is to be fed to (positions, ascending). */
    public record Decided(Evaluation evaluation, int[] stateful) {}

    private static final int[] NO_RULES = new int[0];

    /** The indicator match rules that take the document as an indicator, written {@code p + all.length}. */
    private int[] intake(Event document) {
        int[] accepting = indicators.accepting(document);
        for (int i = 0; i < accepting.length; i++) {
            accepting[i] += all.length;
        }
        return accepting;
    }

    /** Which rules an evaluation runs: all, the stateless ones only, or those with the stateful ones only matched. */
    private enum Mode {
        ALL,
        STATELESS,
        DECIDE
    }

    /**
     * In {@link Mode#DECIDE}, with the positions of the stateful rules the event passes; else with none. The
     * original event of a Kibana alert document goes to the rules that do not search the alerts index, the alert
     * document to those that do (a stateful rule's position is then written {@code -(p + 1)}, so that
     * {@link #feed} hands it the alert document).
     */
    private Decided evaluate(Event event, boolean includeEvent, Mode mode) {
        Event alertDocument = event.alertDocument();
        if (alertDocument == null) {
            Routes.Routing routing = routes.of(event);
            int[] intake = indicators == null || mode == Mode.STATELESS ? NO_RULES : intake(event);
            Evaluation taken = null;
            if (intake.length > 0 && mode == Mode.ALL) {
                taken = takeIndicator(event, intake, includeEvent);
            }
            Decided decided = evaluate(
                    event, routing.routed(), routing.evaluated(), routing.notRouted(), includeEvent, mode, null);
            if (taken != null && !(taken.alerts().isEmpty() && taken.failures().isEmpty())) {
                Evaluation own = decided.evaluation();
                List<Alert> alerts = new ArrayList<>(taken.alerts());
                alerts.addAll(own.alerts());
                List<Evaluation.RuleFailure> failures = new ArrayList<>(taken.failures());
                failures.addAll(own.failures());
                decided = new Decided(
                        new Evaluation(alerts, own.evaluated(), own.notRouted(), failures), decided.stateful());
            } else if (intake.length > 0 && mode == Mode.DECIDE) {
                // the intake rides with the stateful rules, after them, as positions past the rules
                int[] both = java.util.Arrays.copyOf(decided.stateful(), decided.stateful().length + intake.length);
                System.arraycopy(intake, 0, both, decided.stateful().length, intake.length);
                decided = new Decided(decided.evaluation(), both);
            }
            return decided;
        }
        Routes.Routing eventRouting = routes.of(event);
        boolean[] onAlert = routes.of(alertDocument).routed();
        boolean[] onEvent = eventRouting.routed().clone();
        int evaluated = 0;
        for (int p = 0; p < onEvent.length; p++) {
            onEvent[p] &= !onAlert[p];
            evaluated += onEvent[p] || onAlert[p] ? 1 : 0;
        }
        Set<String> loops = KibanaLineage.rulesAmongAncestors(alertDocument);
        Decided original = evaluate(event, onEvent, 0, 0, includeEvent, mode, null);
        Decided alert = evaluate(alertDocument, onAlert, 0, 0, includeEvent, mode, loops);
        List<Alert> alerts = new ArrayList<>(original.evaluation().alerts());
        alerts.addAll(alert.evaluation().alerts());
        List<Evaluation.RuleFailure> failures =
                new ArrayList<>(original.evaluation().failures());
        failures.addAll(alert.evaluation().failures());
        int[] stateful =
                java.util.Arrays.copyOf(original.stateful(), original.stateful().length + alert.stateful().length);
        for (int i = 0; i < alert.stateful().length; i++) {
            stateful[original.stateful().length + i] = -(alert.stateful()[i] + 1);
        }
        int routable = eventRouting.evaluated() + eventRouting.notRouted();
        return new Decided(new Evaluation(alerts, evaluated, routable - evaluated, failures), stateful);
    }

    /**
     * The chosen rules of an alert document that would alert on it in a loop: an alert the rule made is among
     * its ancestors, so Kibana would drop the alert, and the rule does not decide the document.
     */
    public List<String> loopingRules(Event event) {
        Event alertDocument = event.alertDocument();
        if (alertDocument == null) {
            return List.of();
        }
        Set<String> loops = KibanaLineage.rulesAmongAncestors(alertDocument);
        boolean[] onAlert = routes.of(alertDocument).routed();
        List<String> looping = new ArrayList<>(0);
        for (int p = 0; p < all.length && !loops.isEmpty(); p++) {
            if (onAlert[p] && loops.contains(rules.kibanaId(p))) {
                looping.add(all[p].ruleId());
            }
        }
        return looping;
    }

    /**
     * Whether some chosen rule searches the alerts index ({@link io.verdict.event.Envelopes#ALERTS_INDEX}) with a
     * pattern that names it: only then is an alert worth rendering as Kibana's document to be decided again.
     */
    public boolean searchesAlerts() {
        return routes.alertsIndex().evaluated() > 0;
    }

    /** Whether the rule {@code ruleId} is chosen and searches the alerts index: its alerts are made from alerts. */
    public boolean searchesAlerts(String ruleId) {
        Integer p = rules.position(ruleId);
        return p != null && routes.alertsIndex().routed()[p];
    }

    /** The rule {@code ruleId} of the plan's detector, chosen or not; null when there is none. */
    public io.verdict.rule.Rule rule(String ruleId) {
        Integer p = rules.position(ruleId);
        return p == null ? null : all[p].rule();
    }

    /**
     * Decides a Kibana alert document of the alerts index on the chosen rules that search that index, and on no
     * other, whatever the document's own {@code _index} says; a rule that made the document or one of its ancestors
     * passes over it, as Kibana drops an alert that would loop back. Stateful rules take it at once (the caller
     * keeps the order); no tick of event time runs. Its evaluation carries alerts and failures, no counts.
     */
    public Evaluation evaluateAlert(Event document, boolean includeEvent) {
        Routes.Routing routing = routes.alertsIndex();
        if (routing.evaluated() == 0) {
            return new Evaluation(List.of(), 0, 0, List.of());
        }
        if (rules.needsState) {
            state();
        }
        Set<String> loops = KibanaLineage.rulesAmongAncestors(document);
        return evaluate(document, routing.routed(), 0, 0, includeEvent, Mode.ALL, loops)
                .evaluation();
    }

    /**
     * The service's event time (epoch millis) as the bound state store keeps it; {@link Long#MIN_VALUE}: none yet,
     * or no store.
     */
    public long latestEventTime() {
        return store == null ? Long.MIN_VALUE : store.latestEventTime();
    }

    /**
     * Over the rules {@code routed} names; those whose Kibana id is in {@code loops} pass over the event. The
     * counts are the evaluation's.
     */
    private Decided evaluate(
            Event event,
            boolean[] routed,
            int evaluated,
            int notRouted,
            boolean includeEvent,
            Mode mode,
            Set<String> loops) {
        RuleIndex.Candidates candidates = index.candidates(event);
        int[] positions = candidates.positions;
        List<Alert> alerts = List.of();
        List<Evaluation.RuleFailure> failures = List.of();
        int[] passed = NO_RULES;
        int passing = 0;
        Budget meter = open();
        try {
            for (int i = 0, n = candidates.count; i < n; i++) {
                int p = positions[i];
                if (!routed[p]) {
                    continue;
                }
                if (loops != null && !loops.isEmpty() && loops.contains(rules.kibanaId(p))) {
                    continue;
                }
                boolean stateful = this.stateful[p];
                if (stateful && mode == Mode.STATELESS) {
                    continue;
                }
                CompiledRule rule = all[p];
                try {
                    if (meter != null) {
                        meter.begin();
                    }
                    if (stateful && mode == Mode.DECIDE) {
                        if (rule.matcher().matches(event)) {
                            passed = passing == passed.length ? java.util.Arrays.copyOf(passed, passing + 4) : passed;
                            passed[passing++] = p;
                        }
                    } else if (stateful) {
                        List<Alert> completed = StatefulRules.accept(rule, event, state(), includeEvent, clock);
                        if (!completed.isEmpty()) {
                            if (alerts.isEmpty()) {
                                alerts = new ArrayList<>(completed.size());
                            }
                            alerts.addAll(completed);
                        }
                    } else if (rule.matcher().matches(event)) {
                        if (rule.esql() != null) {
                            List<Alert> rows = EsqlAlerts.ofEvent(
                                    rule, event, includeEvent, EventTime.of(rule.rule(), event, clock));
                            if (!rows.isEmpty()) {
                                alerts = alerts.isEmpty() ? new ArrayList<>(rows.size()) : alerts;
                                alerts.addAll(rows);
                            }
                        } else {
                            if (alerts.isEmpty()) {
                                alerts = new ArrayList<>(2);
                            }
                            alerts.add(AlertAssembler.assemble(rule, event, includeEvent));
                        }
                    }
                } catch (tools.jackson.core.exc.StreamReadException e) {
                    throw unreadable(e);
                } catch (RuntimeException e) {
                    // one rule failing on one event must not hide the answers of the others
                    if (failures.isEmpty()) {
                        failures = new ArrayList<>(1);
                    }
                    failures.add(Evaluation.RuleFailure.of(rule, e));
                }
            }
        } finally {
            close(meter);
        }
        return new Decided(
                new Evaluation(alerts, evaluated, notRouted, failures),
                passing == passed.length ? passed : java.util.Arrays.copyOf(passed, passing));
    }

    private static Evaluation.UnreadableEvent unreadable(tools.jackson.core.exc.StreamReadException e) {
        return new Evaluation.UnreadableEvent("the event cannot be read: " + e.getOriginalMessage());
    }

    /** This thread's budget meter, open with the plan's budget; null when the plan has none. */
    private Budget open() {
        return budget > 0 ? Budget.open(budget) : null;
    }

    private static void close(Budget meter) {
        if (meter != null) {
            meter.close();
        }
    }

    /**
     * Feeds the event to the stateful rules as history, without alerting (new_terms rules remember it); a rule
     * over its budget on the event does not learn it.
     */
    public void learn(Event event) {
        if (!rules.needsState) {
            return;
        }
        StateStore store = state();
        boolean[] routed = routes.of(event).routed();
        Budget meter = open();
        try {
            for (int p = 0; p < all.length; p++) {
                if (routed[p] && all[p].coverage().stateful()) {
                    if (meter != null) {
                        meter.begin();
                    }
                    try {
                        StatefulRules.learn(all[p], event, store, clock);
                    } catch (Budget.Exceeded over) {
                        // history is best effort: a rule over its budget does not learn this event
                    }
                }
            }
        } finally {
            close(meter);
        }
    }
}
