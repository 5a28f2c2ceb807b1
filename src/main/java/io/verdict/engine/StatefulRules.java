package io.verdict.engine;

import io.verdict.engine.state.ThresholdResult;
import io.verdict.eql.sample.SampleMatch;
import io.verdict.eql.sample.SampleMatcher;
import io.verdict.eql.sequence.MatchedEvent;
import io.verdict.eql.sequence.SequenceMatch;
import io.verdict.eql.sequence.SequenceMatcher;
import io.verdict.event.Event;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Decides the rules that need past events (threshold, new_terms, EQL sequences and samples, indicator match): an event that passes a rule's query and filters
 * is handed to the rule's tracker in the {@link StateStore}, which answers with what the event completed.
 */
final class StatefulRules {

    private StatefulRules() {}

    /** The alerts the event completes for one stateful rule; none when it does not pass the rule's filter. */
    static List<Alert> accept(CompiledRule rule, Event event, StateStore store, boolean includeEvent, Clock clock) {
        return rule.matcher().matches(event) ? feed(rule, event, store, includeEvent, clock) : List.of();
    }

    /** The alerts an event that passes the rule's query and filters completes (events in event-time order). */
    static List<Alert> feed(CompiledRule rule, Event event, StateStore store, boolean includeEvent, Clock clock) {
        return feed(rule, event, store, includeEvent, clock, StateKeys.Only.ALL);
    }

    /** As {@link #feed(CompiledRule, Event, StateStore, boolean, Clock)}, changing only the state of the keys {@code only} accepts. */
    static List<Alert> feed(
            CompiledRule rule, Event event, StateStore store, boolean includeEvent, Clock clock, StateKeys.Only only) {
        var time = EventTime.of(rule.rule(), event, clock);
        List<Alert> alerts = new ArrayList<>(0);
        switch (rule.coverage()) {
            case THRESHOLD -> {
                for (ThresholdResult result : store.threshold(rule.rule()).accept(event, time, only.terms())) {
                    alerts.add(
                            AlertAssembler.assemble(rule, event, includeEvent).with(result, null));
                }
            }
            case NEW_TERMS -> {
                for (List<String> terms : store.newTerms(rule.rule()).accept(event, time, only.terms())) {
                    alerts.add(
                            AlertAssembler.assemble(rule, event, includeEvent).with(null, terms));
                }
            }
            case EQL_SEQUENCE -> {
                SequenceMatcher matcher = store.sequence(rule);
                List<SequenceMatch> matches;
                synchronized (matcher) {
                    matches = matcher.offer(
                            event,
                            lacksOverride(rule, event) ? time : matcher.plan().timestamp(event),
                            only.joins());
                }
                for (SequenceMatch match : matches) {
                    alerts.addAll(group(
                            rule,
                            match.key().values(),
                            match.matched().stream().map(MatchedEvent::event).toList(),
                            includeEvent));
                }
            }
            case EQL_SAMPLE -> {
                SampleMatcher matcher = store.sample(rule);
                List<SampleMatch> matches;
                synchronized (matcher) {
                    matches = matcher.offer(event, only.joins());
                }
                for (SampleMatch match : matches) {
                    alerts.addAll(group(rule, match.key().values(), match.events(), includeEvent));
                }
            }
            case ESQL_WINDOW -> EsqlWindows.accept(rule, event, store, time);
            case THREAT_MATCH -> alerts.addAll(IndicatorMatches.accept(rule, event, store, includeEvent, time));
            default -> throw new IllegalStateException(rule.coverage() + " is not decided by a tracker");
        }
        // outside the tracker's lock: giving back over the total budget may take other rules' locks
        store.afterFeed();
        return alerts;
    }

    /**
     * Kibana's shape of a sequence result: a building-block alert per matched event, at its index, then the
     * sequence alert holding the ordered events, all under one group id derived from the events themselves.
     */
    private static List<Alert> group(CompiledRule rule, List<Object> keys, List<Event> events, boolean includeEvent) {
        StringBuilder identity = new StringBuilder(rule.ruleId());
        events.forEach(e -> identity.append('\n').append(e.root()));
        String groupId = KibanaAlerts.sha256(identity.toString());
        List<Event> matched = List.copyOf(events);
        List<Alert> alerts = new ArrayList<>(events.size() + 1);
        for (int i = 0; i < events.size(); i++) {
            alerts.add(AlertAssembler.assemble(rule, events.get(i), includeEvent)
                    .in(new SequenceInfo(groupId, i, keys, null, matched), true));
        }
        Event last = events.get(events.size() - 1);
        List<JsonNode> ordered = events.stream().map(Event::root).toList();
        alerts.add(AlertAssembler.assemble(rule, last, false)
                .in(new SequenceInfo(groupId, null, keys, ordered, matched), false));
        return alerts;
    }

    /**
     * Kibana searches a rule with {@code timestamp_override} on that field and falls back to {@code @timestamp} for
     * events without it; the sequence matcher orders by one field, so such an event is offered at the fallback time.
     */
    private static boolean lacksOverride(CompiledRule rule, Event event) {
        io.verdict.event.FieldPath field = EventTime.overridePath(rule.rule());
        return field != null && !event.has(field);
    }

    /** Feeds history without alerting: new_terms rules remember the event's combinations. */
    static void learn(CompiledRule rule, Event event, StateStore store, Clock clock) {
        if (rule.coverage() == Coverage.NEW_TERMS && rule.matcher().matches(event)) {
            store.newTerms(rule.rule()).learn(event, EventTime.of(rule.rule(), event, clock));
            store.afterFeed();
        }
    }
}
