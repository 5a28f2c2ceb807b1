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
import io.verdict.eql.sample.SampleTrace;
import io.verdict.eql.sequence.SequenceLimits;
import io.verdict.eql.sequence.PendingSequence;
import io.verdict.eql.sequence.SequenceMatcher;
import io.verdict.eql.sequence.SequencePlan;
import io.verdict.eql.sequence.SequenceTrace;
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
    private final long maxKeysTotal;
    private final long allowedLatenessMillis;
    private volatile long statefulRules = 1;

    private long shareOfTotal() {
        return maxKeysTotal / statefulRules;
    }

    /** What one rule may remember now: its own bound, or its share of the total across the stateful rules. */
    private volatile int perRule;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    /** Told the decisions of the sequence and sample matchers this store makes; null but in an explanation. */
    private SequenceTrace sequenceTrace;
    private SampleTrace sampleTrace;

    public StateStore(int maxGroupsPerRule, int maxTermsPerRule) {
        this(maxGroupsPerRule, maxTermsPerRule, Long.MAX_VALUE, 0);
    }

    /**
     * @param maxKeysTotal          what all rules together may remember: each stateful rule gets at most an equal
     *                              share (so the total holds whatever the rules do)
     * @param allowedLatenessMillis how late (in event time) an event may arrive and still take part in a sequence
     */
    public StateStore(int maxGroupsPerRule, int maxTermsPerRule, long maxKeysTotal, long allowedLatenessMillis) {
        this.maxGroupsPerRule = maxGroupsPerRule;
        this.maxTermsPerRule = maxTermsPerRule;
        this.maxKeysTotal = maxKeysTotal;
        this.allowedLatenessMillis = allowedLatenessMillis;
        this.perRule = maxGroupsPerRule;
    }

    /**
     * An empty store with the same bounds whose sequence and sample matchers tell {@code sequences} and
     * {@code samples} every decision: how explain follows a rule through the engine's own evaluation.
     */
    public StateStore tracing(SequenceTrace sequences, SampleTrace samples) {
        StateStore traced = new StateStore(maxGroupsPerRule, maxTermsPerRule, maxKeysTotal, allowedLatenessMillis);
        traced.sequenceTrace = sequences;
        traced.sampleTrace = samples;
        return traced;
    }

    ThresholdTracker threshold(Rule rule) {
        return (ThresholdTracker) entry(rule, () -> new ThresholdTracker(rule.typeBlock(Threshold.class).orElseThrow(),
                DateMath.lookBack(rule.schedule().fromOrDefault()).orElse(Duration.ofMinutes(6)), perRule));
    }

    NewTermsTracker newTerms(Rule rule) {
        NewTerms block = rule.typeBlock(NewTerms.class).orElseThrow();
        return (NewTermsTracker) entry(rule, () -> new NewTermsTracker(block.fields(),
                DateMath.lookBack(block.historyWindowStart()).orElse(Duration.ofDays(7)),
                (int) Math.min(maxTermsPerRule, shareOfTotal())));
    }

    /** A rule's sequence matcher; callers serialise their calls on it (it is not thread-safe). */
    SequenceMatcher sequence(Rule rule) {
        return (SequenceMatcher) entry(rule, () -> sequenceTrace == null
                ? new SequenceMatcher(SequencePlan.of(compile(rule)), new SequenceLimits(perRule, allowedLatenessMillis))
                : new SequenceMatcher(SequencePlan.of(compile(rule)), new SequenceLimits(perRule, allowedLatenessMillis),
                        sequenceTrace));
    }

    /** A rule's sample matcher; callers serialise their calls on it. */
    SampleMatcher sample(Rule rule) {
        return (SampleMatcher) entry(rule, () -> new SampleMatcher(SamplePlan.of(compile(rule)),
                new SampleLimits(perRule, 1), sampleTrace));
    }

    private static CompiledEql compile(Rule rule) {
        return new EqlCompiler().compile(rule.query().text(), RuleCompiler.eqlOptions(rule, Schema.ecs()));
    }

    private Object entry(Rule rule, java.util.function.Supplier<Object> create) {
        // asked per event and stateful rule: the snapshot's own rule instance is found without locking or a deep equals
        Entry known = entries.get(rule.ruleId());
        if (known != null && known.rule() == rule) {
            return known.tracker();
        }
        // an equal rule of a newer snapshot keeps the state, and is remembered so the next event takes the fast path
        Entry entry = entries.compute(rule.ruleId(), (id, old) -> old != null && old.rule().equals(rule)
                ? new Entry(rule, old.tracker()) : new Entry(rule, create.get()));
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

    /**
     * Everything remembered, as plain data a JSON writer can hold: per rule its id, a fingerprint of the definition
     * the state belongs to, the kind of tracker and its data.
     */
    public List<Map<String, Object>> snapshot() {
        List<Map<String, Object>> out = new java.util.ArrayList<>();
        entries.forEach((id, entry) -> {
            Object data;
            String kind;
            if (entry.tracker() instanceof ThresholdTracker t) {
                kind = "threshold";
                data = t.snapshot();
            } else if (entry.tracker() instanceof NewTermsTracker n) {
                kind = "new_terms";
                data = n.snapshot();
            } else if (entry.tracker() instanceof SequenceMatcher m) {
                kind = "eql_sequence";
                synchronized (m) {
                    data = m.state().snapshot();
                }
            } else {
                kind = "eql_sample";
                synchronized (entry.tracker()) {
                    data = ((SampleMatcher) entry.tracker()).snapshot();
                }
            }
            out.add(Map.of("rule_id", id, "fingerprint", fingerprint(entry.rule()), "kind", kind, "data", data));
        });
        return out;
    }

    /**
     * Takes back a {@link #snapshot()} for the rules {@code detector} still has in the same definition; the others
     * are dropped. {@code convert} turns plain data into a library snapshot record. Returns the rule_ids restored;
     * an entry that cannot be read is skipped and named in {@code problems}.
     */
    @SuppressWarnings("unchecked")
    public List<String> restore(List<Map<String, Object>> snapshot, Detector detector,
                                java.util.function.BiFunction<Object, Class<?>, Object> convert, List<String> problems) {
        List<String> restored = new java.util.ArrayList<>();
        for (Map<String, Object> saved : snapshot) {
            String id = String.valueOf(saved.get("rule_id"));
            var compiled = detector.find(id).orElse(null);
            if (compiled == null || !fingerprint(compiled.rule()).equals(saved.get("fingerprint"))) {
                continue;
            }
            Rule rule = compiled.rule();
            try {
                switch (String.valueOf(saved.get("kind"))) {
                    case "threshold" -> threshold(rule).restore((List<Map<String, Object>>) saved.get("data"));
                    case "new_terms" -> newTerms(rule).restore((List<Map<String, Object>>) saved.get("data"));
                    case "eql_sequence" -> {
                        SequencePlan plan = SequencePlan.of(compile(rule));
                        var state = ((io.verdict.eql.sequence.SequenceSnapshot) convert.apply(saved.get("data"),
                                io.verdict.eql.sequence.SequenceSnapshot.class)).restore(plan, new SequenceLimits(perRule, allowedLatenessMillis));
                        entries.put(id, new Entry(rule, new SequenceMatcher(state)));
                    }
                    case "eql_sample" -> {
                        SamplePlan plan = SamplePlan.of(compile(rule));
                        var snap = (io.verdict.eql.sample.SampleSnapshot) convert.apply(saved.get("data"),
                                io.verdict.eql.sample.SampleSnapshot.class);
                        entries.put(id, new Entry(rule, SampleMatcher.restore(plan, new SampleLimits(perRule, 1), snap)));
                    }
                    default -> throw new IllegalArgumentException("unknown kind " + saved.get("kind"));
                }
                restored.add(id);
            } catch (RuntimeException e) {
                entries.remove(id);
                problems.add(id + ": " + e.getMessage());
            }
        }
        return restored;
    }

    /** What the state of a rule depends on; a rule changed in any of these starts afresh. */
    static String fingerprint(Rule rule) {
        return KibanaAlerts.sha256(String.join("\n", rule.ruleId(), rule.type().id(),
                rule.query() == null || rule.query().text() == null ? "" : rule.query().text().text(),
                String.valueOf(rule.typeBlock()), rule.schedule().fromOrDefault(),
                String.valueOf(rule.alert().timestampOverride())));
    }

    /** Forgets the state of rules the detector no longer has, or has in another definition. */
    public void retain(Detector detector) {
        statefulRules = Math.max(1, detector.rules().stream().filter(r -> r.coverage().stateful()).count());
        perRule = (int) Math.min(maxGroupsPerRule, shareOfTotal());
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
