package io.verdict.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.verdict.event.Event;
import io.verdict.event.FieldPath;
import io.verdict.event.FieldValues;
import io.verdict.event.ValueTest;
import tools.jackson.databind.JsonNode;

/**
 * Which rules of a detector an event can possibly match, found by hash lookups instead of running every rule.
 * Built once per {@link Detector}. Each rule keeps up to {@link #MAX_REQUIREMENTS} of its {@link Requirement}s
 * (the cheapest); they are grouped by field and fold into hash maps from literal to requirement. For an event,
 * each group's field is read once, each value looked up, and a rule becomes a candidate when all its kept
 * requirements are met. Rules without requirements are candidates for every event (the scan list). The index
 * only ever passes over a rule whose requirement no value of the event meets, so the rule could not match.
 * Thread-safe: per-event scratch space is per thread.
 */
final class RuleIndex {

    static final int MAX_REQUIREMENTS = 3;

    /** The rules of one field read with one fold: literal key to requirement ids. */
    private static final class Group {
        final FieldPath field;
        final KeyFold fold;
        final Map<String, int[]> byKey;
        /** Every requirement of the group, for a value that has no key (see {@link KeyFold#CHARS}). */
        final int[] all;

        Group(FieldPath field, KeyFold fold, Map<String, int[]> byKey, int[] all) {
            this.field = field;
            this.fold = fold;
            this.byKey = byKey;
            this.all = all;
        }
    }

    private final Group[] groups;
    /** Per rule position: how many requirements must be met; -1 for a rule that never runs event by event. */
    private final int[] need;
    /** Requirement id to its rule position. */
    private final int[] ruleOf;
    /** Positions of rules with no requirement, ascending. */
    private final int[] scan;
    private final ThreadLocal<Scratch> scratch;
    private final int broad;

    RuleIndex(List<CompiledRule> rules, boolean indexed) {
        int n = rules.size();
        need = new int[n];
        List<Integer> owners = new ArrayList<>();
        List<Integer> scanList = new ArrayList<>();
        int broadCount = 0;
        Map<String, Map<String, List<Integer>>> keys = new LinkedHashMap<>();
        Map<String, List<Integer>> members = new HashMap<>();
        for (int p = 0; p < n; p++) {
            CompiledRule rule = rules.get(p);
            if (rule.matcher() == null) {
                need[p] = -1;
                continue;
            }
            List<Requirement> kept = indexed ? rule.requirements().subList(0,
                    Math.min(MAX_REQUIREMENTS, rule.requirements().size())) : List.of();
            need[p] = kept.size();
            if (kept.isEmpty()) {
                scanList.add(p);
            } else if (kept.get(0).cost() >= Requirement.BROAD_COST) {
                broadCount++;
            }
            for (Requirement requirement : kept) {
                int id = owners.size();
                owners.add(p);
                for (Requirement.Value value : requirement.anyOf()) {
                    String group = value.fold() + " " + value.field();
                    members.computeIfAbsent(group, g -> new ArrayList<>()).add(id);
                    Map<String, List<Integer>> byKey = keys.computeIfAbsent(group, g -> new HashMap<>());
                    for (String key : value.keys()) {
                        byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(id);
                    }
                }
            }
        }
        groups = keys.entrySet().stream().map(e -> {
            String[] foldAndField = e.getKey().split(" ", 2);
            Map<String, int[]> byKey = new HashMap<>();
            e.getValue().forEach((key, ids) -> byKey.put(key, ids.stream().distinct().mapToInt(Integer::intValue).toArray()));
            int[] all = members.get(e.getKey()).stream().distinct().mapToInt(Integer::intValue).toArray();
            return new Group(FieldPath.of(foldAndField[1]), KeyFold.valueOf(foldAndField[0]), byKey, all);
        }).toArray(Group[]::new);
        ruleOf = owners.stream().mapToInt(Integer::intValue).toArray();
        scan = scanList.stream().mapToInt(Integer::intValue).toArray();
        broad = broadCount;
        scratch = ThreadLocal.withInitial(() -> new Scratch(need.length, ruleOf.length));
    }

    /** Rules with requirements (the rest are scanned). */
    int indexedRules() {
        int count = 0;
        for (int k : need) {
            count += k > 0 ? 1 : 0;
        }
        return count;
    }

    int scannedRules() {
        return scan.length;
    }

    /** Rules whose narrowest kept requirement is on a broad field only ({@code event.category} ...). */
    int broadRules() {
        return broad;
    }

    /**
     * The positions of the rules the event may match, ascending, in {@code candidates.positions[0..count)}; valid
     * until the same thread asks again.
     */
    Candidates candidates(Event event) {
        Scratch s = scratch.get();
        s.begin();
        if (groups.length > 0) {
            for (Group group : groups) {
                s.group = group;
                event.anyValue(group.field, s);
            }
            if (s.found > 1) {
                Arrays.sort(s.hits, 0, s.found);
            }
        }
        s.merge(scan);
        return s.result;
    }

    /** A reusable answer: positions {@code [0, count)}. */
    static final class Candidates {
        int[] positions;
        int count;
    }

    /** One thread's working space: generation stamps instead of clearing arrays per event. */
    private final class Scratch implements ValueTest {
        final int[] ruleStamp;
        final int[] ruleMet;
        final int[] requirementStamp;
        int[] hits;
        int found;
        int generation;
        Group group;
        final Candidates result = new Candidates();

        Scratch(int rules, int requirements) {
            ruleStamp = new int[rules];
            ruleMet = new int[rules];
            requirementStamp = new int[requirements];
            hits = new int[16];
            result.positions = new int[16];
        }

        void begin() {
            found = 0;
            if (++generation == 0) { // wrapped: stamps from long ago could collide
                Arrays.fill(ruleStamp, 0);
                Arrays.fill(requirementStamp, 0);
                generation = 1;
            }
        }

        /** One value of the current group's field. Returns false to go on with the next value. */
        @Override
        public boolean test(JsonNode value) {
            String text = FieldValues.asString(value);
            if (text == null) {
                return false;
            }
            String key = group.fold.key(text);
            int[] ids = key == null ? group.all : group.byKey.get(key);
            if (ids != null) {
                for (int id : ids) {
                    meet(id);
                }
            }
            return false;
        }

        private void meet(int requirement) {
            if (requirementStamp[requirement] == generation) {
                return;
            }
            requirementStamp[requirement] = generation;
            int rule = ruleOf[requirement];
            if (ruleStamp[rule] != generation) {
                ruleStamp[rule] = generation;
                ruleMet[rule] = 0;
            }
            if (++ruleMet[rule] == need[rule]) {
                if (found == hits.length) {
                    hits = Arrays.copyOf(hits, found * 2);
                }
                hits[found++] = rule;
            }
        }

        /** Merges the sorted hits with the sorted scan list into the result. */
        void merge(int[] scanned) {
            int total = found + scanned.length;
            if (result.positions.length < total) {
                result.positions = new int[Math.max(total, result.positions.length * 2)];
            }
            int[] out = result.positions;
            int i = 0;
            int j = 0;
            int k = 0;
            while (i < found && j < scanned.length) {
                out[k++] = hits[i] < scanned[j] ? hits[i++] : scanned[j++];
            }
            while (i < found) {
                out[k++] = hits[i++];
            }
            while (j < scanned.length) {
                out[k++] = scanned[j++];
            }
            result.count = k;
        }
    }
}
