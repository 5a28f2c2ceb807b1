package io.verdict.engine;

import io.verdict.engine.state.Terms;
import io.verdict.eql.EqlCompiler;
import io.verdict.eql.sample.SamplePlan;
import io.verdict.eql.sequence.JoinKey;
import io.verdict.eql.sequence.SequencePlan;
import io.verdict.event.Event;
import io.verdict.event.FieldPath;
import io.verdict.event.Schema;
import io.verdict.rule.NewTerms;
import io.verdict.rule.Threshold;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Where the state of a stateful rule lives, key by key, so that the state can be split over partitions: an event
 * changes the state of some keys of a rule (a threshold group, a new_terms combination, a sequence's or sample's
 * join key), and each key's state needs that key's events only. A key is text: a spec naming how its values are
 * read, then the values. Rules that read the same fields the same way (threshold and new_terms rules over the same
 * fields and time field) share a spec, so one record per event and key serves them all; a rule whose state has no
 * key (ES|QL windows, indicator match, a threshold without fields) has one key of its own, so its state lives in
 * one place. Made once per rule set; immutable, thread-safe.
 */
public final class StateKeys {

    /** Between a key's spec and its values. */
    private static final char SPEC = '\u001f';
    /** Between the values of a key. */
    private static final char VALUE = '\u001e';

    /** Which keys of a rule an event is fed to: by their values (threshold, new_terms) or join key (EQL). */
    record Only(Predicate<List<String>> terms, Predicate<JoinKey> joins) {
        static final Only ALL = new Only(null, null);
    }

    /** How one rule's keys are read off an event. */
    private sealed interface RuleKeys permits ByTerms, ByJoin, Single {
        List<String> keys(Event event);

        Only only(String key);
    }

    private record ByTerms(String spec, List<FieldPath> fields) implements RuleKeys {
        public List<String> keys(Event event) {
            List<List<String>> combos = Terms.combinations(event, fields);
            List<String> keys = new ArrayList<>(combos.size());
            for (List<String> combo : combos) {
                keys.add(encode(spec, combo));
            }
            return keys;
        }

        public Only only(String key) {
            return new Only(combo -> encode(spec, combo).equals(key), null);
        }
    }

    private record ByJoin(String spec, java.util.function.Function<Event, List<JoinKey>> read) implements RuleKeys {
        public List<String> keys(Event event) {
            List<JoinKey> joins = read.apply(event);
            List<String> keys = new ArrayList<>(joins.size());
            for (JoinKey join : joins) {
                keys.add(encode(spec, join.encode()));
            }
            return keys;
        }

        public Only only(String key) {
            return new Only(null, join -> encode(spec, join.encode()).equals(key));
        }
    }

    private record Single(String key) implements RuleKeys {
        public List<String> keys(Event event) {
            return List.of(key);
        }

        public Only only(String key) {
            return Only.ALL;
        }
    }

    private final Map<String, RuleKeys> byRule;

    private StateKeys(Map<String, RuleKeys> byRule) {
        this.byRule = byRule;
    }

    /** The keys of every stateful rule of {@code detector}. */
    public static StateKeys of(Detector detector) {
        Map<String, RuleKeys> byRule = new HashMap<>();
        for (CompiledRule rule : detector.rules()) {
            if (rule.coverage().stateful()) {
                byRule.put(rule.ruleId(), keysOf(rule));
            }
        }
        return new StateKeys(byRule);
    }

    private static RuleKeys keysOf(CompiledRule rule) {
        String own = "rule:" + rule.ruleId();
        String time = rule.rule().alert().timestampOverride();
        List<String> fields = switch (rule.coverage()) {
            case THRESHOLD ->
                rule.rule().typeBlock(Threshold.class).map(Threshold::field).orElse(List.of());
            case NEW_TERMS ->
                rule.rule().typeBlock(NewTerms.class).map(NewTerms::fields).orElse(List.of());
            default -> List.of();
        };
        if (!fields.isEmpty()) {
            return new ByTerms(
                    "terms:" + String.join(",", fields) + "@" + (time == null ? "" : time),
                    fields.stream().map(FieldPath::of).toList());
        }
        return switch (rule.coverage()) {
            case EQL_SEQUENCE -> {
                SequencePlan plan = SequencePlan.of(compile(rule));
                yield new ByJoin(own, plan::keysOf);
            }
            case EQL_SAMPLE -> {
                SamplePlan plan = SamplePlan.of(compile(rule));
                yield new ByJoin(own, plan::keysOf);
            }
            default -> new Single(encode(own, List.of()));
        };
    }

    private static io.verdict.eql.CompiledEql compile(CompiledRule rule) {
        return new EqlCompiler()
                .compile(rule.rule().query().text(), RuleCompiler.eqlOptions(rule.rule(), Schema.catalog()));
    }

    private static String encode(String spec, List<String> values) {
        StringBuilder key = new StringBuilder(spec.length() + 16).append(spec).append(SPEC);
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                key.append(VALUE);
            }
            key.append(values.get(i));
        }
        return key.toString();
    }

    /**
     * The keys whose state the event changes for the stateful rule, each once; the event passed the rule's query
     * and filters. Empty for a rule that is not stateful, or an event that has no value of a key field.
     */
    public List<String> keys(CompiledRule rule, Event event) {
        RuleKeys keys = byRule.get(rule.ruleId());
        return keys == null ? List.of() : keys.keys(event);
    }

    /** The one key of an indicator match rule (its indicators and waiting events live together). */
    public String ruleKey(CompiledRule rule) {
        return encode("rule:" + rule.ruleId(), List.of());
    }

    /** The event's time for the rule (its {@code timestamp_override}, else {@code @timestamp}, else now), in millis. */
    public static long time(CompiledRule rule, Event event, Clock clock) {
        return EventTime.of(rule.rule(), event, clock).toEpochMilli();
    }

    /**
     * Feeds an event that passed the rule's query and filters to the state of {@code key} only (one of
     * {@link #keys}): the alerts it completes there. Events come in event-time order per key.
     */
    public List<Alert> feed(
            CompiledRule rule, Event event, String key, StateStore store, boolean includeEvent, Clock clock) {
        RuleKeys keys = byRule.get(rule.ruleId());
        if (keys == null) {
            return List.of();
        }
        return StatefulRules.feed(rule, event, store, includeEvent, clock, keys.only(key));
    }

    /** Takes a document as an indicator of an indicator match rule: the alerts of the waiting events it completes. */
    public List<Alert> takeIndicator(
            CompiledRule rule, Event document, StateStore store, boolean includeEvent, Clock clock) {
        return IndicatorMatches.take(List.of(rule), document, store, includeEvent, false, clock)
                .alerts();
    }
}
