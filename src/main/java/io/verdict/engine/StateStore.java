package io.verdict.engine;

import io.verdict.engine.state.EsqlWindow;
import io.verdict.engine.state.NewTermsTracker;
import io.verdict.engine.state.ThresholdTracker;
import io.verdict.engine.threat.IndicatorStore;
import io.verdict.engine.threat.ThreatRule;
import io.verdict.engine.threat.ThreatTracker;
import io.verdict.eql.CompiledEql;
import io.verdict.eql.sample.SampleLimits;
import io.verdict.eql.sample.SampleMatcher;
import io.verdict.eql.sample.SamplePlan;
import io.verdict.eql.sample.SampleTrace;
import io.verdict.eql.sequence.PendingSequence;
import io.verdict.eql.sequence.SequenceLimits;
import io.verdict.eql.sequence.SequenceMatcher;
import io.verdict.eql.sequence.SequencePlan;
import io.verdict.eql.sequence.SequenceTrace;
import io.verdict.event.DateMath;
import io.verdict.rule.NewTerms;
import io.verdict.rule.Rule;
import io.verdict.rule.Threshold;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The state that outlives a request: per stateful rule, the tracker that remembers its past events. It survives a
 * swap of the rule set for every rule whose definition did not change; a changed or removed rule loses its state.
 * Bounded per rule and in total, in entries and in estimated bytes ({@link StateBudget}), thread-safe.
 */
public final class StateStore {

    /**
     * @param maxKeysPerRule        groups (threshold), keys (sequences, samples) one rule may remember
     * @param maxTermsPerRule       combinations one new_terms rule may remember
     * @param maxKeysTotal          what all rules together may remember: each stateful rule gets at most an equal
     *                              share (so the total holds whatever the rules do)
     * @param allowedLatenessMillis how late (in event time) an event may arrive and still take part in a sequence
     * @param maxBytes              estimated bytes all rules together may hold (see {@link StateBudget})
     * @param maxBytesPerRule       estimated bytes one rule may hold
     * @param maxIndicators         threat indicators kept for all indicator match rules together (each once)
     */
    public record Limits(
            int maxKeysPerRule,
            int maxTermsPerRule,
            long maxKeysTotal,
            long allowedLatenessMillis,
            long maxBytes,
            long maxBytesPerRule,
            long maxIndicators) {

        /** The default bound of indicators: {@value}. */
        public static final long DEFAULT_MAX_INDICATORS = 2_000_000;

        /** With the default bound of indicators. */
        public Limits(
                int maxKeysPerRule,
                int maxTermsPerRule,
                long maxKeysTotal,
                long allowedLatenessMillis,
                long maxBytes,
                long maxBytesPerRule) {
            this(
                    maxKeysPerRule,
                    maxTermsPerRule,
                    maxKeysTotal,
                    allowedLatenessMillis,
                    maxBytes,
                    maxBytesPerRule,
                    DEFAULT_MAX_INDICATORS);
        }

        /** Bounded in entries per rule only. */
        public static Limits entries(int maxKeysPerRule, int maxTermsPerRule) {
            return new Limits(maxKeysPerRule, maxTermsPerRule, Long.MAX_VALUE, 0, Long.MAX_VALUE, Long.MAX_VALUE);
        }
    }

    /** One rule's tracker, with the definition it was made for. */
    private record Entry(Rule rule, Object tracker) {}

    private final Limits limits;
    private final StateBudget budget;
    /** The threat indicators of the indicator match rules, each kept once; the rules' indexes are their trackers. */
    private final IndicatorStore indicators;

    private final java.util.concurrent.atomic.AtomicLong latestEventTime =
            new java.util.concurrent.atomic.AtomicLong(Long.MIN_VALUE);
    private volatile long statefulRules = 1;

    private long shareOfTotal() {
        return limits.maxKeysTotal() / statefulRules;
    }

    /** What one rule may remember now: its own bound, or its share of the total across the stateful rules. */
    private volatile int perRule;

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    /** The trackers of {@link #entries}, as the budget walks them. */
    private final Iterable<Object> trackers =
            () -> entries.values().stream().map(Entry::tracker).iterator();
    /** Told the decisions of the sequence and sample matchers this store makes; null but in an explanation. */
    private SequenceTrace sequenceTrace;

    private SampleTrace sampleTrace;

    public StateStore(int maxGroupsPerRule, int maxTermsPerRule) {
        this(Limits.entries(maxGroupsPerRule, maxTermsPerRule));
    }

    public StateStore(int maxGroupsPerRule, int maxTermsPerRule, long maxKeysTotal, long allowedLatenessMillis) {
        this(new Limits(
                maxGroupsPerRule,
                maxTermsPerRule,
                maxKeysTotal,
                allowedLatenessMillis,
                Long.MAX_VALUE,
                Long.MAX_VALUE));
    }

    public StateStore(Limits limits) {
        this.limits = limits;
        this.budget = new StateBudget(limits.maxBytes(), limits.maxBytesPerRule());
        this.indicators = new IndicatorStore(limits.maxIndicators());
        this.perRule = limits.maxKeysPerRule();
    }

    /**
     * An empty store with the same bounds whose sequence and sample matchers tell {@code sequences} and
     * {@code samples} every decision: how explain follows a rule through the engine's own evaluation.
     */
    public StateStore tracing(SequenceTrace sequences, SampleTrace samples) {
        StateStore traced = new StateStore(limits);
        traced.sequenceTrace = sequences;
        traced.sampleTrace = samples;
        return traced;
    }

    ThresholdTracker threshold(Rule rule) {
        return (ThresholdTracker) entry(
                rule,
                () -> new ThresholdTracker(
                        rule.typeBlock(Threshold.class).orElseThrow(),
                        DateMath.lookBack(rule.schedule().fromOrDefault()).orElse(Duration.ofMinutes(6)),
                        perRule,
                        budget.perRule()));
    }

    NewTermsTracker newTerms(Rule rule) {
        NewTerms block = rule.typeBlock(NewTerms.class).orElseThrow();
        return (NewTermsTracker) entry(
                rule,
                () -> new NewTermsTracker(
                        block.fields(),
                        DateMath.lookBack(block.historyWindowStart()).orElse(Duration.ofDays(7)),
                        (int) Math.min(limits.maxTermsPerRule(), shareOfTotal()),
                        budget.perRule()));
    }

    /** A rule's ES|QL window: documents kept for the ticks of its schedule. */
    EsqlWindow esqlWindow(Rule rule) {
        return (EsqlWindow) entry(
                rule,
                () -> new EsqlWindow(
                        DateMath.interval(rule.schedule().intervalOrDefault())
                                .orElse(Duration.ofMinutes(5))
                                .toMillis(),
                        DateMath.lookBack(rule.schedule().fromOrDefault())
                                .orElse(Duration.ofMinutes(6))
                                .toMillis(),
                        perRule,
                        budget.perRule()));
    }

    /** An indicator match rule's indicator indexes and waiting events. */
    ThreatTracker threat(Rule rule, ThreatRule threat) {
        return (ThreatTracker) entry(rule, () -> new ThreatTracker(threat, indicators, budget.perRule()));
    }

    /** The rule's indicator tracker when it has one already; null before its first event or indicator. */
    ThreatTracker existingThreat(Rule rule) {
        Entry known = entries.get(rule.ruleId());
        return known != null && known.rule().equals(rule) && known.tracker() instanceof ThreatTracker t ? t : null;
    }

    /** The fingerprint of each indicator match rule with state, by rule_id. */
    Map<String, String> threatFingerprints() {
        Map<String, String> out = new TreeMap<>();
        entries.forEach((id, entry) -> {
            if (entry.tracker() instanceof ThreatTracker) {
                out.put(id, fingerprint(entry.rule()));
            }
        });
        return out;
    }

    /** The indicator tracker of the rule of this id, whatever its definition; null when it has none. */
    ThreatTracker existingThreat(String ruleId) {
        Entry known = entries.get(ruleId);
        return known != null && known.tracker() instanceof ThreatTracker t ? t : null;
    }

    /** Forgets every indicator and every event waiting for one. */
    public void clearIndicators() {
        entries.values().forEach(e -> release(e.tracker()));
        indicators.clear();
    }

    /** The threat indicators kept for the indicator match rules. */
    public IndicatorStore indicators() {
        return indicators;
    }

    /** The rule's ES|QL window when it has one already; null before its first document. */
    EsqlWindow existingEsqlWindow(Rule rule) {
        Entry known = entries.get(rule.ruleId());
        return known != null && known.rule() == rule && known.tracker() instanceof EsqlWindow w ? w : null;
    }

    /**
     * Event time as the service knows it: the latest event time (ingest time, else {@code @timestamp}) seen in any
     * request, or moved by {@link #advanceEventTime}. {@link Long#MIN_VALUE} before the first.
     */
    public long latestEventTime() {
        return latestEventTime.get();
    }

    /** Event time is at least {@code time} from now on; returns the latest event time. */
    public long advanceEventTime(long time) {
        return latestEventTime.accumulateAndGet(time, Math::max);
    }

    /** How far behind the latest event time an event may arrive and still count: ticks wait this long. */
    public long allowedLatenessMillis() {
        return limits.allowedLatenessMillis();
    }

    /** A rule's sequence matcher, started from the rule's compiled query; callers serialise their calls on it. */
    SequenceMatcher sequence(CompiledRule rule) {
        return (SequenceMatcher) entry(
                rule.rule(),
                () -> sequenceTrace == null
                        ? new SequenceMatcher(SequencePlan.of(eql(rule)), sequenceLimits())
                        : new SequenceMatcher(SequencePlan.of(eql(rule)), sequenceLimits(), sequenceTrace));
    }

    /** A rule's sample matcher, started from the rule's compiled query; callers serialise their calls on it. */
    SampleMatcher sample(CompiledRule rule) {
        return (SampleMatcher)
                entry(rule.rule(), () -> new SampleMatcher(SamplePlan.of(eql(rule)), sampleLimits(), sampleTrace));
    }

    private SequenceLimits sequenceLimits() {
        return new SequenceLimits(perRule, limits.allowedLatenessMillis(), budget.perRule());
    }

    private SampleLimits sampleLimits() {
        return new SampleLimits(perRule, 1, budget.perRule());
    }

    /** The query the rule was compiled with: its state is kept by that, never by a second compilation. */
    private static CompiledEql eql(CompiledRule rule) {
        if (rule.eql() == null) {
            throw new IllegalStateException("the rule " + rule.ruleId() + " has no compiled EQL query");
        }
        return rule.eql();
    }

    private Object entry(Rule rule, java.util.function.Supplier<Object> create) {
        // asked per event and stateful rule: the snapshot's own rule instance is found without locking or a deep equals
        Entry known = entries.get(rule.ruleId());
        if (known != null && known.rule() == rule) {
            return known.tracker();
        }
        // an equal rule of a newer snapshot keeps the state, and is remembered so the next event takes the fast path
        Object[] replaced = new Object[1];
        Entry entry = entries.compute(rule.ruleId(), (id, old) -> {
            if (old != null && old.rule().equals(rule)) {
                return new Entry(rule, old.tracker());
            }
            replaced[0] = old == null ? null : old.tracker();
            Object tracker = create.get();
            Trackers.countInto(tracker, budget.counter());
            return new Entry(rule, tracker);
        });
        if (replaced[0] != null) {
            Trackers.countInto(replaced[0], null);
            release(replaced[0]);
        }
        return entry.tracker();
    }

    /** After a tracker took an event: past the total budget, the rules over their share give back. */
    void afterFeed() {
        budget.check(trackers);
    }

    /** A dropped indicator tracker gives its indicators back to the store, which keeps those no rule uses no more. */
    private static void release(Object tracker) {
        if (tracker instanceof ThreatTracker t) {
            t.clear();
        }
    }

    /** Puts a restored tracker in place of whatever the rule had. */
    private void put(String id, Entry entry) {
        Trackers.countInto(entry.tracker(), budget.counter());
        Entry old = entries.put(id, entry);
        if (old != null) {
            Trackers.countInto(old.tracker(), null);
        }
    }

    /** Estimated bytes the state of all rules holds. */
    public long memoryBytes() {
        return budget.used();
    }

    /** What all rules may hold now: the configured budget, or less while the heap is under pressure. */
    public long maxMemoryBytes() {
        return budget.budget();
    }

    /** What all rules may hold when the heap is not under pressure. */
    public long configuredMaxMemoryBytes() {
        return budget.configured();
    }

    /** What one rule may hold. */
    public long maxMemoryBytesPerRule() {
        return budget.perRule();
    }

    /**
     * The heap is fuller than the estimates said: the budget becomes {@code bytes} (at least 1) and the rules over
     * their share of it forget their least recently used entries now. Returns the estimated bytes held after.
     */
    public long lowerMemoryBudget(long bytes) {
        budget.lower(bytes, trackers);
        return budget.used();
    }

    /** The configured budget again, once the heap has room. */
    public void restoreMemoryBudget() {
        budget.restore();
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
        if (indicators.size() > 0) {
            out.add(ThreatSnapshots.indicators(this));
        }
        entries.forEach((id, entry) -> out.add(snapshotOf(id, entry)));
        return out;
    }

    /**
     * The {@link #snapshot()} entry of one rule's state, as {@link #restore} takes it back; null when the rule has
     * none. For a partitioned run, which saves the state of the rules an event changed, not all.
     */
    public Map<String, Object> snapshot(String ruleId) {
        Entry entry = entries.get(ruleId);
        return entry == null ? null : snapshotOf(ruleId, entry);
    }

    /** The {@link #snapshot()} entry of the indicators of the indicator match rules; null when there are none. */
    public Map<String, Object> snapshotIndicators() {
        return indicators.size() > 0 ? ThreatSnapshots.indicators(this) : null;
    }

    private Map<String, Object> snapshotOf(String id, Entry entry) {
        Object data;
        Object tracker = entry.tracker();
        synchronized (tracker) {
            if (tracker instanceof ThresholdTracker t) {
                data = t.snapshot();
            } else if (tracker instanceof NewTermsTracker n) {
                data = n.snapshot();
            } else if (tracker instanceof SequenceMatcher m) {
                data = m.state().snapshot();
            } else if (tracker instanceof EsqlWindow w) {
                data = w.snapshot();
            } else if (tracker instanceof ThreatTracker t) {
                data = t.snapshot();
            } else {
                data = ((SampleMatcher) tracker).snapshot();
            }
        }
        return Map.of(
                "rule_id", id, "fingerprint", fingerprint(entry.rule()), "kind", Trackers.kind(tracker), "data", data);
    }

    /**
     * Takes back a {@link #snapshot()} for the rules {@code detector} still has in the same definition; the others
     * are dropped. {@code convert} turns plain data into a library snapshot record. Returns the rule_ids restored;
     * an entry that cannot be read is skipped and named in {@code problems}.
     */
    @SuppressWarnings("unchecked")
    public List<String> restore(
            List<Map<String, Object>> snapshot,
            Detector detector,
            java.util.function.BiFunction<Object, Class<?>, Object> convert,
            List<String> problems) {
        List<String> restored = new java.util.ArrayList<>();
        for (Map<String, Object> saved : snapshot) {
            if (ThreatSnapshots.KIND.equals(saved.get("kind"))) {
                try {
                    ThreatSnapshots.restore(this, (Map<String, Object>) saved.get("data"), detector);
                } catch (RuntimeException e) {
                    problems.add("indicators: " + e.getMessage());
                }
            }
        }
        for (Map<String, Object> saved : snapshot) {
            if (ThreatSnapshots.KIND.equals(saved.get("kind"))) {
                continue;
            }
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
                        SequencePlan plan = SequencePlan.of(eql(compiled));
                        var state = ((io.verdict.eql.sequence.SequenceSnapshot) convert.apply(
                                        saved.get("data"), io.verdict.eql.sequence.SequenceSnapshot.class))
                                .restore(plan, sequenceLimits());
                        put(id, new Entry(rule, new SequenceMatcher(state)));
                    }
                    case "eql_sample" -> {
                        SamplePlan plan = SamplePlan.of(eql(compiled));
                        var snap = (io.verdict.eql.sample.SampleSnapshot)
                                convert.apply(saved.get("data"), io.verdict.eql.sample.SampleSnapshot.class);
                        put(id, new Entry(rule, SampleMatcher.restore(plan, sampleLimits(), snap)));
                    }
                    case "esql_window" -> esqlWindow(rule).restore((Map<String, Object>) saved.get("data"));
                    case "threat_match" ->
                        threat(rule, compiled.threat())
                                .restore((Map<String, Object>) saved.get("data"), latestEventTime());
                    default -> throw new IllegalArgumentException("unknown kind " + saved.get("kind"));
                }
                restored.add(id);
            } catch (RuntimeException e) {
                Entry gone = entries.remove(id);
                if (gone != null) {
                    Trackers.countInto(gone.tracker(), null);
                }
                problems.add(id + ": " + e.getMessage());
            }
        }
        budget.check(trackers);
        return restored;
    }

    /** What the state of a rule depends on; a rule changed in any of these starts afresh. */
    static String fingerprint(Rule rule) {
        return KibanaAlerts.sha256(String.join(
                "\n",
                rule.ruleId(),
                rule.type().id(),
                rule.query() == null || rule.query().text() == null
                        ? ""
                        : rule.query().text().text(),
                String.valueOf(rule.typeBlock()),
                rule.schedule().fromOrDefault(),
                String.valueOf(rule.alert().timestampOverride())));
    }

    /** Forgets the state of rules the detector no longer has, or has in another definition. */
    public void retain(Detector detector) {
        statefulRules = Math.max(
                1,
                detector.rules().stream().filter(r -> r.coverage().stateful()).count());
        budget.statefulRules(statefulRules);
        perRule = (int) Math.min(limits.maxKeysPerRule(), shareOfTotal());
        entries.entrySet().removeIf(e -> {
            boolean gone = detector.find(e.getKey())
                    .map(r -> !r.rule().equals(e.getValue().rule()))
                    .orElse(true);
            if (gone) {
                Trackers.countInto(e.getValue().tracker(), null);
                release(e.getValue().tracker());
            }
            return gone;
        });
    }

    /** Forgets everything (tests, replays). */
    public void clear() {
        latestEventTime.set(Long.MIN_VALUE);
        entries.entrySet().removeIf(e -> {
            Trackers.countInto(e.getValue().tracker(), null);
            return true;
        });
        indicators.clear();
    }

    /**
     * Per rule: how many groups, terms or keys it remembers, how many it evicted to stay within its bounds, and the
     * estimated bytes it holds ({@code memory_bytes}).
     */
    public Map<String, Map<String, Long>> stats() {
        Map<String, Map<String, Long>> out = new TreeMap<>();
        entries.forEach((id, entry) -> out.put(id, Trackers.stats(entry.tracker())));
        return out;
    }

    /** Entries over all rules. */
    public long size() {
        return stats().values().stream().mapToLong(Trackers::entries).sum();
    }
}
