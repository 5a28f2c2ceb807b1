package io.verdict.engine;

import io.verdict.event.Event;
import io.verdict.rule.Rule;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * Verdict's own alerts decided again as documents of Kibana's alerts index, so that the rules over
 * {@code .alerts-security.*} (several alerts for one user, alerts of several modules on one host, an alert after a
 * VPN login) run on them as Kibana runs them on its alerts. Each released alert is rendered as Kibana's document
 * ({@link KibanaAlerts}, from the event the alert was built from), read from the index Kibana writes it to
 * ({@link #INDEX}, behind the alias {@code .alerts-security.alerts-default}) and decided by the plan's rules that
 * search that index, and by no other ({@link Plan#evaluateAlert}).
 *
 * <p>One level, as Kibana's building-block design assumes: the alerts of a rule that searches the alerts index are
 * not chained, neither those made here nor those it releases later (an ES|QL window at a tick, a sequence closed
 * by a later request); so a higher-order rule never decides its own alerts, nor loops.
 *
 * <p>Order: the alerts of one call in the order given; across calls, the order they are released in, which is the
 * order stateful higher-order rules (threshold, new_terms, EQL sequences, ES|QL windows) see them in.
 *
 * <p>Time: the documents of one call are made at the service's event time: the latest of the plan's state store
 * and of the alerts' own events (ingest time, else {@code @timestamp}), else the clock. That is their
 * {@code @timestamp}; they keep their source event's {@code event.ingested}, which the Elastic higher-order rules
 * use as their time ({@code timestamp_override}). So a replay of old events chains as a live stream would, rather
 * than putting every document at the wall clock, outside the rules' look-back.
 *
 * <p>Cost: nothing when no chosen rule searches the alerts index (the plan works that out once); else one document
 * per alert. Immutable and thread-safe; the state lives in the plan's store.
 */
public final class AlertChain {

    /** The index Kibana writes the alerts of the default space to, as a search hit names it. */
    public static final String INDEX = ".internal.alerts-security.alerts-default-000001";

    private static final Evaluation NOTHING = new Evaluation(List.of(), 0, 0, List.of());

    private final KibanaAlerts.Settings settings;
    private final Clock clock;

    /**
     * @param settings what the documents say about the Kibana they stand in for
     * @param clock    the time of the documents while no event has given one
     */
    public AlertChain(KibanaAlerts.Settings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * The alerts the plan's rules over the alerts index make from {@code released}, in order; its evaluation
     * carries alerts and failures, no counts. Not to be chained again. Alerts of rules the plan does not know, or
     * that search the alerts index themselves, are passed over.
     */
    public Evaluation chain(Plan plan, List<Alert> released, boolean includeEvent) {
        if (released.isEmpty() || !plan.searchesAlerts()) {
            return NOTHING;
        }
        Instant now = null;
        List<Alert> alerts = List.of();
        List<Evaluation.RuleFailure> failures = List.of();
        for (Alert alert : released) {
            String ruleId = alert.rule().ruleId();
            Rule rule = plan.rule(ruleId);
            if (rule == null || plan.searchesAlerts(ruleId)) {
                continue;
            }
            if (now == null) {
                now = now(plan, released);
            }
            Evaluation decided;
            try {
                decided = plan.evaluateAlert(document(alert, rule, now), includeEvent);
            } catch (RuntimeException e) {
                failures = failures.isEmpty() ? new ArrayList<>(1) : failures;
                failures.add(new Evaluation.RuleFailure(
                        ruleId,
                        "its alert could not be decided as a document of the" + " alerts index: "
                                + e.getClass().getSimpleName() + ": " + e.getMessage()));
                continue;
            }
            if (!decided.alerts().isEmpty()) {
                alerts = alerts.isEmpty() ? new ArrayList<>(decided.alerts().size()) : alerts;
                alerts.addAll(decided.alerts());
            }
            if (!decided.failures().isEmpty()) {
                failures =
                        failures.isEmpty() ? new ArrayList<>(decided.failures().size()) : failures;
                failures.addAll(decided.failures());
            }
        }
        return alerts.isEmpty() && failures.isEmpty() ? NOTHING : new Evaluation(alerts, 0, 0, failures);
    }

    /** The alert as the document a search of the alerts index returns: Kibana's, with its index, id and aliases. */
    Event document(Alert alert, Rule rule, Instant now) {
        ObjectNode document = KibanaAlerts.document(alert, rule, now, settings);
        document.put("_index", INDEX);
        document.set("_id", document.get("kibana.alert.uuid"));
        SignalAliases.add(document);
        return Event.of(document);
    }

    /** The service's event time: of the state store, or of the alerts' events when later; else the clock. */
    private Instant now(Plan plan, List<Alert> released) {
        long latest = plan.latestEventTime();
        for (Alert alert : released) {
            Event source = alert.source();
            if (source != null) {
                latest = Math.max(latest, EventTime.latest(source));
            }
        }
        return latest == Long.MIN_VALUE ? clock.instant() : Instant.ofEpochMilli(latest);
    }
}
