package io.verdict.engine;

import io.verdict.event.FieldSet;
import io.verdict.rule.RuleSet;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The compiled form of one {@link RuleSet}: every rule with its {@link Coverage}. Immutable, and so are the plans it
 * makes: the state of the stateful rules belongs to whoever evaluates (the service, a CLI run, a stream task), which
 * binds its own store to a plan ({@link Plan#withState}). The service swaps whole detectors when the rules change,
 * and a request plans against the one it read.
 */
public final class Detector {

    /** No rules: nothing reads its clock, so a fixed one will do. */
    public static final Detector EMPTY =
            new Detector(RuleSet.EMPTY, List.of(), Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));

    private final RuleSet ruleSet;
    private final List<CompiledRule> rules;
    private final Map<String, CompiledRule> byId;
    private final CompiledRule[] byPosition;
    private final RuleIndex indexed;
    /** Built on first use: only comparisons (tests, benchmarks) dispatch by scanning, and start-up pays for it. */
    private volatile RuleIndex scanned;

    private final FieldSet fields;
    /** The plans of requests that select every rule, made once: most requests use them. They hold no state. */
    private final Plan[] everyRule = new Plan[Plan.Unrouted.values().length];

    private final Clock clock;

    /**
     * @param clock the time its plans give an event that has none of its rules' time fields (the arrival time)
     */
    public Detector(RuleSet ruleSet, List<CompiledRule> rules, Clock clock) {
        this.ruleSet = ruleSet;
        this.clock = clock;
        this.rules = List.copyOf(rules);
        Map<String, CompiledRule> index = new LinkedHashMap<>();
        rules.forEach(r -> index.put(r.ruleId(), r));
        this.byId = Collections.unmodifiableMap(index);
        this.byPosition = this.rules.toArray(CompiledRule[]::new);
        this.indexed = new RuleIndex(this.rules, true);
        this.fields = RuleFields.of(this.rules);
        for (Plan.Unrouted unrouted : Plan.Unrouted.values()) {
            everyRule[unrouted.ordinal()] = plan(Selection.ALL, unrouted, Plan.Dispatch.INDEXED, false);
        }
    }

    public RuleSet ruleSet() {
        return ruleSet;
    }

    /** The clock its plans read the arrival time of an event without time fields from. */
    public Clock clock() {
        return clock;
    }

    public List<CompiledRule> rules() {
        return rules;
    }

    /**
     * The fields these rules read on the hot path: parse events with it ({@link io.verdict.event.Event#parse(byte[],
     * FieldSet)}) to keep only those. An event parsed with another detector's set is still read correctly.
     */
    public FieldSet fields() {
        return fields;
    }

    public Optional<CompiledRule> find(String ruleId) {
        return Optional.ofNullable(byId.get(ruleId));
    }

    /** How many rules have each coverage, by reason ({@code evaluated}, {@code needs_state:threshold} ...). */
    public Map<String, Integer> coverage() {
        Map<String, Integer> counts = new TreeMap<>();
        rules.forEach(r -> counts.merge(r.coverage().reason(), 1, Integer::sum));
        return counts;
    }

    /** The rules a request applies, dispatched through the rule index. */
    public Plan plan(Selection selection, Plan.Unrouted unrouted) {
        return plan(selection, unrouted, Plan.Dispatch.INDEXED);
    }

    /** The rules a request applies; {@link Plan.Dispatch#SCAN} tries every rule on every event (for comparison). */
    public Plan plan(Selection selection, Plan.Unrouted unrouted, Plan.Dispatch dispatch) {
        return plan(selection, unrouted, dispatch, true);
    }

    private Plan plan(Selection selection, Plan.Unrouted unrouted, Plan.Dispatch dispatch, boolean cached) {
        if (cached && selection.all() && dispatch == Plan.Dispatch.INDEXED) {
            return everyRule[unrouted.ordinal()];
        }
        boolean[] chosen = new boolean[byPosition.length];
        Map<String, Integer> skipped = new HashMap<>();
        int selected = 0;
        for (int p = 0; p < byPosition.length; p++) {
            CompiledRule rule = byPosition[p];
            if (!selection.test(rule.rule())) {
                continue;
            }
            selected++;
            if (rule.runnable(selection) || rule.coverage().stateful()) {
                chosen[p] = true;
            } else {
                skipped.merge(rule.coverage().reason(), 1, Integer::sum);
            }
        }
        return new Plan(
                byPosition,
                dispatch == Plan.Dispatch.INDEXED ? indexed : scanned(),
                chosen,
                skipped,
                selected,
                unrouted,
                clock);
    }

    private RuleIndex scanned() {
        RuleIndex index = scanned;
        if (index == null) {
            synchronized (this) {
                index = scanned;
                if (index == null) {
                    index = new RuleIndex(rules, false);
                    scanned = index;
                }
            }
        }
        return index;
    }

    /** Rules the index finds by their required literals, those of them found by a broad field only, and rules it
     * tries on every event. */
    public Map<String, Integer> indexStats() {
        return Map.of(
                "indexed",
                indexed.indexedRules(),
                "scanned",
                indexed.scannedRules(),
                "indexed_by_broad_field_only",
                indexed.broadRules(),
                "fields_read",
                indexed.fieldsRead());
    }
}
