package io.verdict.engine;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import io.verdict.engine.state.NewTermsTracker;
import io.verdict.eql.CompiledEql;
import io.verdict.eql.EqlCompiler;
import io.verdict.eql.sample.SampleLimits;
import io.verdict.eql.sample.SampleMatcher;
import io.verdict.eql.sample.SamplePlan;
import io.verdict.eql.sequence.SequenceLimits;
import io.verdict.eql.sequence.PendingSequence;
import io.verdict.eql.sequence.SequenceMatcher;
import io.verdict.eql.sequence.SequencePlan;
import io.verdict.event.Schema;
import io.verdict.engine.state.ThresholdTracker;
import io.verdict.rule.DateMath;
import io.verdict.rule.NewTerms;
import io.verdict.rule.Rule;
import io.verdict.rule.Threshold;

/**
 * The state that outlives a request: per stateful rule, the tracker that remembers its past events. It survives a
 * swap of the rule set for every rule whose definition did not change; a changed or removed rule loses its state.
 * Bounded per rule (configurable), thread-safe.
 */
public final class StateStore {

    /** One rule's tracker, with the definition it was made for. */
    private record Entry(Rule rule, Object tracker) {
    }

    private final int maxGroupsPerRule;
    private final int maxTermsPerRule;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    public StateStore(int maxGroupsPerRule, int maxTermsPerRule) {
        this.maxGroupsPerRule = maxGroupsPerRule;
        this.maxTermsPerRule = maxTermsPerRule;
    }

    ThresholdTracker threshold(Rule rule) {
        return (ThresholdTracker) entry(rule, () -> new ThresholdTracker(rule.typeBlock(Threshold.class).orElseThrow(),
                DateMath.lookBack(rule.schedule().fromOrDefault()).orElse(Duration.ofMinutes(6)), maxGroupsPerRule));
    }

    NewTermsTracker newTerms(Rule rule) {
        NewTerms block = rule.typeBlock(NewTerms.class).orElseThrow();
        return (NewTermsTracker) entry(rule, () -> new NewTermsTracker(block.fields(),
                DateMath.lookBack(block.historyWindowStart()).orElse(Duration.ofDays(7)), maxTermsPerRule));
    }

    /** A rule's sequence matcher; callers serialise their calls on it (it is not thread-safe). */
    SequenceMatcher sequence(Rule rule) {
        return (SequenceMatcher) entry(rule, () -> new SequenceMatcher(SequencePlan.of(compile(rule)),
                new SequenceLimits(maxGroupsPerRule, 0)));
    }

    /** A rule's sample matcher; callers serialise their calls on it. */
    SampleMatcher sample(Rule rule) {
        return (SampleMatcher) entry(rule, () -> new SampleMatcher(SamplePlan.of(compile(rule)),
                new SampleLimits(maxGroupsPerRule, 1)));
    }

    private static CompiledEql compile(Rule rule) {
        return new EqlCompiler().compile(rule.query().text(), RuleCompiler.eqlOptions(rule, Schema.ecs()));
    }

    private Object entry(Rule rule, java.util.function.Supplier<Object> create) {
        Entry entry = entries.compute(rule.ruleId(), (id, old) -> old != null && old.rule().equals(rule) ? old
                : new Entry(rule, create.get()));
        return entry.tracker();
    }

    /** The partial sequences of every sequence rule, by rule_id. */
    public Map<String, List<PendingSequence>> pendingSequences() {
        Map<String, List<PendingSequence>> out = new TreeMap<>();
        entries.forEach((id, entry) -> {
            if (entry.tracker() instanceof SequenceMatcher m) {
                synchronized (m) {
                    out.put(id, m.state().pending());
                }
            }
        });
        return out;
    }

    /** Forgets the state of rules the detector no longer has, or has in another definition. */
    public void retain(Detector detector) {
        entries.entrySet().removeIf(e -> detector.find(e.getKey()).map(r -> !r.rule().equals(e.getValue().rule()))
                .orElse(true));
    }

    /** Forgets everything (tests, replays). */
    public void clear() {
        entries.clear();
    }

    /** Per rule: how many groups or terms it remembers and how many it evicted. */
    public Map<String, Map<String, Long>> stats() {
        Map<String, Map<String, Long>> out = new TreeMap<>();
        entries.forEach((id, entry) -> {
            if (entry.tracker() instanceof ThresholdTracker t) {
                out.put(id, Map.of("groups", (long) t.groups(), "evictions", t.evictions()));
            } else if (entry.tracker() instanceof NewTermsTracker n) {
                out.put(id, Map.of("terms", (long) n.terms(), "evictions", n.evictions()));
            } else if (entry.tracker() instanceof SequenceMatcher m) {
                synchronized (m) {
                    var stats = m.state().stats();
                    out.put(id, Map.of("keys", (long) stats.keys(), "pending", stats.pending(),
                            "evictions", stats.evicted(), "memory_bytes", stats.memoryEstimate()));
                }
            } else if (entry.tracker() instanceof SampleMatcher m) {
                synchronized (m) {
                    var stats = m.stats();
                    out.put(id, Map.of("keys", (long) stats.keys(), "evictions", stats.evicted(),
                            "memory_bytes", stats.memoryEstimate()));
                }
            }
        });
        return out;
    }

    /** Entries over all rules. */
    public long size() {
        return stats().values().stream()
                .mapToLong(m -> m.getOrDefault("groups", m.getOrDefault("terms", m.getOrDefault("keys", 0L)))).sum();
    }
}
