package io.verdict.engine;

import io.verdict.event.FieldPath;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What a {@link Plan} and all its copies ({@link Plan#withState}, {@link Plan#withBudget}) share: the rules chosen
 * from a detector, and what is worked out about them once — which are stateful, which run at ticks, how many
 * decide events, their routing — or on first use and then kept: the fields they read most, their Kibana ids,
 * their positions by rule_id. A copy of a plan costs no pass over the rules.
 */
final class ChosenRules {

    final CompiledRule[] all;
    /** Per rule position, whether it keeps state across events: read per candidate, so not through the rule. */
    final boolean[] stateful;

    final RuleIndex index;
    final boolean[] chosen;
    final int evaluating;
    /** The chosen ES|QL rules run at ticks of event time, by position. */
    final int[] windowed;

    final Map<String, Integer> skipped;
    final int selected;
    final Routes routes;
    /** Which indicator match rules take a document as an indicator; null when none is chosen. */
    final IndicatorRouting indicators;
    /** Whether a chosen rule keeps state across events, so that evaluating needs a state store. */
    final boolean needsState;
    /** The order each chosen stateful rule takes a batch's events in. */
    final FeedOrder order;

    private final AtomicReference<FieldPath[]> readFields = new AtomicReference<>();
    private final AtomicReference<String[]> kibanaIds = new AtomicReference<>();
    private final AtomicReference<Map<String, Integer>> positions = new AtomicReference<>();

    ChosenRules(
            CompiledRule[] all,
            RuleIndex index,
            boolean[] chosen,
            Map<String, Integer> skipped,
            int selected,
            Plan.Unrouted unrouted) {
        this.all = all;
        this.index = index;
        this.chosen = chosen;
        this.skipped = Collections.unmodifiableMap(new TreeMap<>(skipped));
        this.selected = selected;
        this.routes = new Routes(all, chosen, unrouted);
        this.indicators = IndicatorRouting.of(all, chosen);
        this.stateful = new boolean[all.length];
        int count = 0;
        int[] windows = new int[0];
        boolean needs = false;
        for (int p = 0; p < all.length; p++) {
            stateful[p] = all[p].coverage().stateful();
            count += chosen[p] ? 1 : 0;
            needs |= chosen[p] && stateful[p];
            if (chosen[p] && all[p].coverage() == Coverage.ESQL_WINDOW) {
                windows = Arrays.copyOf(windows, windows.length + 1);
                windows[windows.length - 1] = p;
            }
        }
        this.evaluating = count;
        this.windowed = windows;
        this.needsState = needs;
        this.order = FeedOrder.of(all, chosen);
    }

    /** The fields the chosen rules read (queries, filters, investigation fields), most read first. */
    FieldPath[] mostReadFirst() {
        FieldPath[] fields = readFields.get();
        if (fields != null) {
            return fields;
        }
        Map<String, Integer> readers = new HashMap<>();
        Map<String, FieldPath> paths = new HashMap<>();
        for (int p = 0; p < all.length; p++) {
            if (chosen[p]) {
                for (FieldPath field : all[p].evidence()) {
                    readers.merge(field.name(), 1, Integer::sum);
                    paths.putIfAbsent(field.name(), field);
                }
            }
        }
        fields = readers.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue()
                        .reversed()
                        .thenComparing(Map.Entry.comparingByKey()))
                .map(e -> paths.get(e.getKey()))
                .toArray(FieldPath[]::new);
        readFields.set(fields);
        return fields;
    }

    /** The Kibana id of the rule at {@code p}, the one its Kibana documents are written with. */
    String kibanaId(int p) {
        String[] ids = kibanaIds.get();
        if (ids == null) {
            ids = new String[all.length];
            for (int i = 0; i < all.length; i++) {
                ids[i] = KibanaAlerts.ruleUuid(all[i].rule());
            }
            kibanaIds.set(ids);
        }
        return ids[p];
    }

    /** The position of the rule {@code ruleId}, chosen or not; null when there is none. */
    Integer position(String ruleId) {
        Map<String, Integer> byId = positions.get();
        if (byId == null) {
            byId = new HashMap<>(all.length * 2);
            for (int p = 0; p < all.length; p++) {
                byId.putIfAbsent(all[p].ruleId(), p);
            }
            positions.set(byId);
        }
        return byId.get(ruleId);
    }
}
