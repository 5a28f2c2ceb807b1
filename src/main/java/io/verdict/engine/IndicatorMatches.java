package io.verdict.engine;

import io.verdict.engine.threat.Enrichments;
import io.verdict.engine.threat.Indicator;
import io.verdict.engine.threat.IndicatorCheck;
import io.verdict.engine.threat.ThreatRule;
import io.verdict.engine.threat.ThreatTracker;
import io.verdict.event.Event;
import io.verdict.event.FieldPath;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * Indicator match in both directions, as Kibana's rule finds it run after run. Event first: an event that passes an
 * indicator match rule's query alerts when a live indicator matches it, else waits in the rule's buffer for its
 * look-back. Indicator first: a document a rule takes as an indicator is kept (in place of the one of its id) and
 * matched against the rule's waiting events, each of which alerts once. Either way the alert carries the
 * enrichments of every live indicator matching its event. Called in event-time order.
 */
final class IndicatorMatches {

    private static final FieldPath ID = FieldPath.of("_id");

    private IndicatorMatches() {}

    /** The alert of an event that passed the rule's query, filters and exceptions, when an indicator matches it. */
    static List<Alert> accept(CompiledRule rule, Event event, StateStore store, boolean includeEvent, Instant time) {
        ThreatTracker tracker = store.threat(rule.rule(), rule.threat());
        long now = store.advanceEventTime(EventTime.latest(event));
        tracker.sweep(now);
        long at = time.toEpochMilli();
        List<ThreatTracker.Match> matches = tracker.match(event, at);
        if (matches.isEmpty()) {
            tracker.keep(event, at, now);
            return List.of();
        }
        return List.of(alert(rule, event, matches, includeEvent));
    }

    private static Alert alert(
            CompiledRule rule, Event event, List<ThreatTracker.Match> matches, boolean includeEvent) {
        return AlertAssembler.assemble(rule, event, includeEvent)
                .withThreatEnrichments(Enrichments.of(rule.threat(), matches));
    }

    /** What one document did as an indicator. */
    record Taken(List<String> rules, IndicatorCheck furthest, boolean lacksMappedFields, List<Alert> alerts) {}

    /**
     * Takes a document as an indicator of those of {@code candidates} (indicator match rules, whose stateless checks
     * it passed or is to be checked on) that accept it at the store's event time: kept once, in place of the one of
     * its id, and matched against their waiting events.
     */
    static Taken take(
            List<CompiledRule> candidates,
            Event document,
            StateStore store,
            boolean includeEvent,
            boolean checkShape,
            java.time.Clock clock) {
        long now = store.latestEventTime();
        String index = EventIndex.of(document);
        List<CompiledRule> accepting = new ArrayList<>(candidates.size());
        IndicatorCheck furthest = null;
        boolean lacks = true;
        for (CompiledRule rule : candidates) {
            ThreatRule threat = rule.threat();
            IndicatorCheck check = checkShape
                    ? IndicatorCheck.of(threat, document, index, now)
                    : IndicatorCheck.state(threat, document, now);
            if (check == IndicatorCheck.ACCEPTED) {
                accepting.add(rule);
            } else if (furthest == null || check.ordinal() > furthest.ordinal()) {
                furthest = check;
            }
            lacks &= threat.keyIndicatorFields().stream().noneMatch(document::has);
        }
        String id = id(document);
        Function<String, ThreatTracker> trackerOf = store::existingThreat;
        if (accepting.isEmpty()) {
            // a newer version of a kept indicator that no rule takes: the old one goes
            store.indicators().drop(id, trackerOf);
            return new Taken(List.of(), furthest, lacks, List.of());
        }
        Indicator indicator = Indicator.of(
                document,
                id,
                index,
                accepting.stream().map(CompiledRule::threat).toList(),
                store.indicators());
        List<ThreatTracker> trackers =
                accepting.stream().map(r -> store.threat(r.rule(), r.threat())).toList();
        store.indicators().take(indicator, trackers, trackerOf);
        List<Alert> alerts = List.of();
        for (int i = 0; i < accepting.size(); i++) {
            CompiledRule rule = accepting.get(i);
            ThreatTracker tracker = trackers.get(i);
            for (Event waiting : tracker.waitingFor(indicator, now)) {
                List<ThreatTracker.Match> matches = tracker.match(
                        waiting, EventTime.of(rule.rule(), waiting, clock).toEpochMilli());
                if (!matches.isEmpty()) {
                    alerts = alerts.isEmpty() ? new ArrayList<>(2) : alerts;
                    alerts.add(alert(rule, waiting, matches, includeEvent));
                }
            }
        }
        store.afterFeed();
        return new Taken(accepting.stream().map(CompiledRule::ruleId).toList(), IndicatorCheck.ACCEPTED, false, alerts);
    }

    /** The document's {@code _id}, else a digest of its source: what a newer version of it is known by. */
    static String id(Event document) {
        JsonNode id = document.firstValue(ID);
        if (id != null && !id.isContainer() && !id.asString().isEmpty()) {
            return id.asString();
        }
        return KibanaAlerts.sha256(document.json());
    }

    /** The rules' intake of a batch of documents, in order. */
    static IndicatorIntake ingest(
            List<CompiledRule> rules,
            List<Event> documents,
            StateStore store,
            boolean includeEvent,
            java.time.Clock clock) {
        Map<String, Integer> accepted = new LinkedHashMap<>();
        rules.forEach(r -> accepted.put(r.ruleId(), 0));
        List<IndicatorIntake.Rejected> rejected = new ArrayList<>(0);
        List<Alert> alerts = new ArrayList<>(0);
        int kept = 0;
        for (int i = 0; i < documents.size(); i++) {
            Event document = documents.get(i);
            if (rules.isEmpty()) {
                rejected.add(new IndicatorIntake.Rejected(
                        i, idOrNull(document), "no_rule: no indicator match rule is loaded", false));
                continue;
            }
            Taken taken = take(rules, document, store, includeEvent, true, clock);
            if (taken.rules().isEmpty()) {
                rejected.add(new IndicatorIntake.Rejected(
                        i, idOrNull(document), taken.furthest().reason(), taken.lacksMappedFields()));
            } else {
                kept++;
                taken.rules().forEach(r -> accepted.merge(r, 1, Integer::sum));
                alerts.addAll(taken.alerts());
            }
        }
        return new IndicatorIntake(documents.size(), accepted, kept, rejected, alerts);
    }

    private static String idOrNull(Event document) {
        JsonNode id = document.firstValue(ID);
        return id == null || id.isContainer() ? null : id.asString();
    }

    /**
     * Takes the document as an indicator of the rules at the positions of {@code stateful} written {@code p +
     * all.length} (see {@link Plan#decide}): the alerts of the waiting events it completes, or the failure of the
     * first of those rules. An unreadable document is thrown, as it fails the event, not a rule.
     */
    static Evaluation takeAt(
            CompiledRule[] all,
            int[] stateful,
            Event document,
            StateStore store,
            boolean includeEvent,
            java.time.Clock clock) {
        List<CompiledRule> rules = new ArrayList<>(1);
        for (int at : stateful) {
            if (at >= all.length) {
                rules.add(all[at - all.length]);
            }
        }
        try {
            return new Evaluation(
                    take(rules, document, store, includeEvent, false, clock).alerts(), 0, 0, List.of());
        } catch (tools.jackson.core.exc.StreamReadException e) {
            throw e;
        } catch (RuntimeException e) {
            return new Evaluation(List.of(), 0, 0, List.of(Evaluation.RuleFailure.of(rules.get(0), e)));
        }
    }
}
