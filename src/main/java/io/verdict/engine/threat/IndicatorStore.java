package io.verdict.engine.threat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The indicators of every indicator match rule of a state store, each kept once whatever the number of rules using
 * it, by id: a document with the id of one kept replaces it. At most {@code maxIndicators}: past it the oldest go
 * first (counted as dropped), and the caller takes them out of the rules' indexes ({@link ThreatTracker}), which
 * hold the per-rule hash indexes and expiry. Thread-safe; its lock is never held while a tracker's is taken.
 */
public final class IndicatorStore {

    /** Names kept once (providers, types, indexes, field names): past this many, new ones are not shared. */
    private static final int MAX_NAMES = 10_000;

    private final long maxIndicators;
    private final Map<String, Indicator> byId = new HashMap<>();
    /** Oldest first; entries replaced or released since stay until they reach the head or a compaction. */
    private final ArrayDeque<Indicator> arrivals = new ArrayDeque<>();

    private final Map<String, String> names = new ConcurrentHashMap<>();
    /** Lists of names kept once (an indicator's time fields, paths, mapped fields and rules are those of many). */
    private final Map<List<String>, String[]> lists = new ConcurrentHashMap<>();

    private long sequence;
    private long dropped;

    public IndicatorStore(long maxIndicators) {
        this.maxIndicators = Math.max(1, maxIndicators);
    }

    /** The one instance of a low-cardinality name (provider, type, index, field), or the name itself past the bound. */
    public String name(String name) {
        if (name == null) {
            return null;
        }
        String known = names.get(name);
        if (known != null) {
            return known;
        }
        if (names.size() >= MAX_NAMES) {
            return name;
        }
        known = names.putIfAbsent(name, name);
        return known == null ? name : known;
    }

    /** The one instance of a list of names (never changed by its holders), or the list itself past the bound. */
    String[] names(String[] list) {
        List<String> key = List.of(list);
        String[] known = lists.get(key);
        if (known != null) {
            return known;
        }
        if (lists.size() >= MAX_NAMES) {
            return list;
        }
        known = lists.putIfAbsent(key, list);
        return known == null ? list : known;
    }

    /** The indicator kept under {@code id}, or null. */
    public synchronized Indicator get(String id) {
        return byId.get(id);
    }

    /**
     * Keeps {@code indicator} in place of the one of its id (returned, or null); the oldest indicators past the
     * bound are taken out of the store and added to {@code dropped}, for the caller to take out of its rules.
     */
    synchronized Indicator put(Indicator indicator, List<Indicator> overflow) {
        indicator.arrival = sequence++;
        Indicator old = byId.put(indicator.id, indicator);
        arrivals.addLast(indicator);
        while (byId.size() > maxIndicators && !arrivals.isEmpty()) {
            Indicator oldest = arrivals.pollFirst();
            if (byId.get(oldest.id) == oldest && oldest != indicator) {
                byId.remove(oldest.id);
                overflow.add(oldest);
                dropped++;
            }
        }
        if (arrivals.size() > 2 * byId.size() + 1024) {
            arrivals.removeIf(i -> byId.get(i.id) != i);
        }
        return old;
    }

    /** Takes the indicator out (when it is still the one kept under its id). */
    synchronized void remove(Indicator indicator) {
        byId.remove(indicator.id, indicator);
    }

    /** Notes that rule {@code ruleId} uses the indicator. */
    synchronized void hold(Indicator indicator, String ruleId) {
        for (String rule : indicator.rules) {
            if (rule.equals(ruleId)) {
                return;
            }
        }
        String[] rules = java.util.Arrays.copyOf(indicator.rules, indicator.rules.length + 1);
        rules[rules.length - 1] = ruleId;
        indicator.rules = names(rules);
    }

    /** Notes that rule {@code ruleId} no longer uses the indicator; one no rule uses leaves the store. */
    synchronized void release(Indicator indicator, String ruleId) {
        List<String> left = new ArrayList<>(indicator.rules.length);
        for (String rule : indicator.rules) {
            if (!rule.equals(ruleId)) {
                left.add(rule);
            }
        }
        indicator.rules = names(left.toArray(String[]::new));
        if (left.isEmpty()) {
            byId.remove(indicator.id, indicator);
        }
    }

    /** Whether rule {@code ruleId} uses the indicator. */
    synchronized boolean heldBy(Indicator indicator, String ruleId) {
        for (String rule : indicator.rules) {
            if (rule.equals(ruleId)) {
                return true;
            }
        }
        return false;
    }

    public synchronized int size() {
        return byId.size();
    }

    /** Indicators dropped, oldest first, to stay within the bound. */
    public synchronized long dropped() {
        return dropped;
    }

    public long maxIndicators() {
        return maxIndicators;
    }

    /** Indicators per {@code threat.indicator.provider} (none: {@code unknown}). */
    public synchronized Map<String, Long> byProvider() {
        Map<String, Long> out = new TreeMap<>();
        byId.values().forEach(i -> out.merge(i.provider == null ? "unknown" : i.provider, 1L, Long::sum));
        return out;
    }

    /** Indicators per {@code threat.indicator.type} (none: {@code unknown}). */
    public synchronized Map<String, Long> byType() {
        Map<String, Long> out = new TreeMap<>();
        byId.values().forEach(i -> out.merge(i.type == null ? "unknown" : i.type, 1L, Long::sum));
        return out;
    }

    /** Every indicator kept, oldest first, as plain data. */
    public synchronized List<Map<String, Object>> snapshot() {
        List<Indicator> kept = new ArrayList<>(byId.values());
        kept.sort(java.util.Comparator.comparingLong(i -> i.arrival));
        return kept.stream().map(Indicator::snapshot).toList();
    }

    /**
     * Takes back the indicators of a {@link #snapshot()} for the rules {@code trackerOf} still finds (null: the rule
     * is gone or changed), adding each to their trackers. Returns how many were taken back.
     */
    @SuppressWarnings("unchecked")
    public int restore(
            List<Map<String, Object>> snapshot, java.util.function.Function<String, ThreatTracker> trackerOf) {
        int restored = 0;
        for (Map<String, Object> data : snapshot) {
            List<ThreatTracker> trackers = new ArrayList<>(1);
            for (String rule : (List<String>) data.getOrDefault("rules", List.of())) {
                ThreatTracker tracker = trackerOf.apply(rule);
                if (tracker != null) {
                    trackers.add(tracker);
                }
            }
            if (trackers.isEmpty()) {
                continue;
            }
            Indicator indicator = Indicator.restore(data, this::name);
            take(indicator, trackers, trackerOf);
            restored++;
        }
        return restored;
    }

    /**
     * Keeps {@code indicator} for the rules of {@code trackers}: in place of the one of its id (taken out of every
     * rule that used it), and within the bound (the oldest dropped from their rules). {@code trackerOf} finds the
     * tracker of a rule by id (null: none).
     */
    public void take(
            Indicator indicator,
            List<ThreatTracker> trackers,
            java.util.function.Function<String, ThreatTracker> trackerOf) {
        List<Indicator> overflow = new ArrayList<>(0);
        Indicator old = put(indicator, overflow);
        if (old != null && old != indicator) {
            forget(old, trackerOf);
        }
        for (ThreatTracker tracker : trackers) {
            tracker.add(indicator);
        }
        overflow.forEach(dropped -> forget(dropped, trackerOf));
    }

    /** Forgets the indicator kept under {@code id}, if any, in every rule using it. */
    public void drop(String id, java.util.function.Function<String, ThreatTracker> trackerOf) {
        Indicator old = get(id);
        if (old != null) {
            remove(old);
            forget(old, trackerOf);
        }
    }

    private void forget(Indicator indicator, java.util.function.Function<String, ThreatTracker> trackerOf) {
        String[] rules;
        synchronized (this) {
            rules = indicator.rules;
        }
        for (String rule : rules) {
            ThreatTracker tracker = trackerOf.apply(rule);
            if (tracker == null || !tracker.remove(indicator)) {
                release(indicator, rule);
            }
        }
    }

    /** Forgets every indicator. */
    public synchronized void clear() {
        byId.clear();
        arrivals.clear();
    }
}
