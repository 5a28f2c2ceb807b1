package io.verdict.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.verdict.event.Event;
import io.verdict.event.FieldPath;
import io.verdict.event.FieldValues;
import io.verdict.event.ValueTest;
import io.verdict.query.LowerAsciiKeys;
import tools.jackson.databind.JsonNode;

/**
 * Which rules of a detector an event can possibly match, found by hash lookups instead of running every rule.
 * Built once per {@link Detector}.
 *
 * <p>Rules are first partitioned by the event category they require ({@code process where}, KQL
 * {@code event.category:process}), or else by the dataset ({@code data_stream.dataset}, {@code event.dataset}):
 * an event visits the bucket of each of its values of those fields, and the bucket of the rules that require
 * none of them. Within a bucket a rule keeps up to
 * {@link #MAX_REQUIREMENTS} more of its {@link Requirement}s, the cheapest on fields that at least
 * {@link #MIN_SHARED} rules of the bucket require something of: reading a field costs every event a few map
 * lookups, which a field only one rule cares about rarely repays (unless the rule would otherwise run on every
 * event: then it keeps its cheapest requirement whatever the field). Each such field is read once per event; each
 * value is looked up by its text in the field's maps (one per fold) and meets the requirements found there. A
 * rule is a candidate when all its kept requirements in a visited bucket are met; a rule that keeps none is a
 * candidate for every event that visits its bucket. The index only ever passes over a rule with a requirement no
 * value of the event meets, so the rule could not match. Thread-safe: per-event scratch space is per thread.
 */
final class RuleIndex {

    static final int MAX_REQUIREMENTS = 3;
    static final int MIN_SHARED = 4;
    /**
     * The fields rules are partitioned by, in order: a rule goes to the buckets of the first of them it requires
     * literals of (EQL categories, then the datasets most KQL rules name).
     */
    private static final List<String> PARTITIONS = List.of("event.category", "data_stream.dataset", "event.dataset");
    private static final FieldPath[] PARTITION_PATHS = PARTITIONS.stream().map(FieldPath::of).toArray(FieldPath[]::new);

    private final Bucket rest;
    /** Per partition field: its literal to the bucket of the rules requiring it. */
    private final List<Map<String, Bucket>> partitions;
    /** Per entry (a rule in a bucket): its rule position, and how many requirements must be met. */
    private final int[] entryRule;
    private final int[] need;
    /** Requirement id to its entry. */
    private final int[] requirementEntry;
    private final Set<Integer> indexedRules = new HashSet<>();
    private final Set<Integer> scannedRules = new HashSet<>();
    private final Set<Integer> broadRules = new HashSet<>();
    private int fieldCount;
    private final ThreadLocal<Scratch> scratch;

    /** One alternative of a rule (see {@link CompiledRule#requirements()}): the rule's position and what it requires. */
    private record Member(int rule, List<Requirement> requirements) {
    }

    /** {@code indexed} false: every rule that runs event by event is a candidate for every event. */
    RuleIndex(List<CompiledRule> compiled, boolean indexed) {
        List<Map<String, List<Member>>> partitioned = new ArrayList<>();
        PARTITIONS.forEach(f -> partitioned.add(new LinkedHashMap<>()));
        List<Member> uncategorized = new ArrayList<>();
        for (int p = 0; p < compiled.size(); p++) {
            CompiledRule rule = compiled.get(p);
            if (rule.matcher() == null) {
                continue;
            }
            List<List<Requirement>> alternatives = indexed && !rule.requirements().isEmpty()
                    ? rule.requirements() : List.of(List.of());
            for (List<Requirement> requirements : alternatives) {
                Member member = new Member(p, requirements);
                Requirement partition = partitionOf(requirements);
                if (partition == null) {
                    uncategorized.add(member);
                } else {
                    Map<String, List<Member>> byKey = partitioned.get(PARTITIONS.indexOf(partition.anyOf().get(0).field()));
                    for (String key : partition.anyOf().get(0).keys()) {
                        byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(member);
                    }
                }
            }
        }
        List<Integer> entries = new ArrayList<>();
        List<Integer> needs = new ArrayList<>();
        List<Integer> owners = new ArrayList<>();
        int[] bucketIds = {0};
        java.util.function.Function<List<Member>, Bucket> build = members -> bucket(bucketIds[0]++, members, entries,
                needs, owners);
        this.rest = build.apply(uncategorized);
        List<Map<String, Bucket>> built = new ArrayList<>();
        for (Map<String, List<Member>> byKey : partitioned) {
            Map<String, Bucket> buckets = new HashMap<>();
            byKey.forEach((key, members) -> buckets.put(key, build.apply(members)));
            built.add(buckets);
        }
        this.partitions = built;
        this.entryRule = entries.stream().mapToInt(Integer::intValue).toArray();
        this.need = needs.stream().mapToInt(Integer::intValue).toArray();
        this.requirementEntry = owners.stream().mapToInt(Integer::intValue).toArray();
        indexedRules.removeAll(scannedRules); // a rule with one alternative scanned is tried on every event
        int rules = compiled.size();
        int bucketCount = bucketIds[0];
        this.scratch = ThreadLocal.withInitial(() -> new Scratch(rules, entryRule.length, requirementEntry.length, bucketCount));
    }

    /** The requirement of literals of the first partition field there is one for, or null. */
    private static Requirement partitionOf(List<Requirement> requirements) {
        for (String field : PARTITIONS) {
            for (Requirement r : requirements) {
                if (r.anyOf().size() == 1 && r.anyOf().get(0).field().equals(field)
                        && r.anyOf().get(0).fold() == KeyFold.EXACT) {
                    return r;
                }
            }
        }
        return null;
    }

    /** The requirements but the one their bucket stands for. */
    private static List<Requirement> beyondPartition(List<Requirement> requirements) {
        Requirement partition = partitionOf(requirements);
        return requirements.stream().filter(r -> r != partition).toList();
    }

    private Bucket bucket(int id, List<Member> members, List<Integer> entries, List<Integer> needs, List<Integer> owners) {
        Map<String, Integer> sharedBy = new HashMap<>();
        for (Member m : members) {
            beyondPartition(m.requirements()).stream().flatMap(r -> r.anyOf().stream()).map(Requirement.Value::field)
                    .distinct().forEach(f -> sharedBy.merge(f, 1, Integer::sum));
        }
        Map<String, Map<KeyFold, Map<String, List<Integer>>>> keys = new LinkedHashMap<>();
        Map<String, Map<KeyFold, List<Integer>>> byFold = new HashMap<>();
        List<Integer> scan = new ArrayList<>();
        for (Member m : members) {
            int p = m.rule();
            List<Requirement> own = beyondPartition(m.requirements());
            List<Requirement> kept = own.stream()
                    .filter(r -> r.anyOf().stream().allMatch(v -> sharedBy.getOrDefault(v.field(), 0) >= MIN_SHARED))
                    .limit(MAX_REQUIREMENTS).toList();
            if (kept.isEmpty() && !own.isEmpty()) {
                // better to read a field of its own than to run the rule on every event of the bucket
                kept = own.subList(0, 1);
            }
            int entry = entries.size();
            entries.add(p);
            needs.add(kept.size());
            boolean categorized = partitionOf(m.requirements()) != null;
            if (kept.isEmpty()) {
                scan.add(p);
                (categorized ? indexedRules : scannedRules).add(p);
                if (categorized) {
                    broadRules.add(p);
                }
                continue;
            }
            indexedRules.add(p);
            for (Requirement requirement : kept) {
                int requirementId = owners.size();
                owners.add(entry);
                for (Requirement.Value value : requirement.anyOf()) {
                    byFold.computeIfAbsent(value.field(), f -> new EnumMap<>(KeyFold.class))
                            .computeIfAbsent(value.fold(), f -> new ArrayList<>()).add(requirementId);
                    Map<String, List<Integer>> byKey = keys.computeIfAbsent(value.field(), f -> new EnumMap<>(KeyFold.class))
                            .computeIfAbsent(value.fold(), f -> new HashMap<>());
                    for (String key : value.keys()) {
                        byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(requirementId);
                    }
                }
            }
        }
        Field[] read = keys.entrySet().stream()
                .map(e -> new Field(FieldPath.of(e.getKey()), e.getValue(), byFold.get(e.getKey())))
                .toArray(Field[]::new);
        fieldCount += read.length;
        return new Bucket(id, read, scan.stream().mapToInt(Integer::intValue).toArray());
    }

    /** Rules found through the index (by category or literals). */
    int indexedRules() {
        return indexedRules.size();
    }

    /** Rules tried on every event. */
    int scannedRules() {
        return scannedRules.size();
    }

    /** Rules found by a partition (event category or dataset) alone. */
    int broadRules() {
        return broadRules.size();
    }

    /** Fields the buckets read, all buckets together (an event reads those of the buckets it visits). */
    int fieldsRead() {
        return fieldCount;
    }

    /**
     * The positions of the rules the event may match, ascending, in {@code positions[0..count)}; valid until the
     * same thread asks again.
     */
    Candidates candidates(Event event) {
        Scratch s = scratch.get();
        s.begin(event);
        for (int i = 0; i < PARTITION_PATHS.length; i++) {
            if (!partitions.get(i).isEmpty()) {
                s.partition = partitions.get(i);
                event.anyValue(PARTITION_PATHS[i], s);
            }
        }
        s.partition = null;
        for (int i = 0; i < s.pendingCount; i++) {
            s.visit(s.pending[i]);
        }
        s.visit(rest);
        return s.finish();
    }

    /** A reusable answer: positions {@code [0, count)}. */
    static final class Candidates {
        int[] positions = new int[16];
        int count;
    }

    /** One field a bucket reads: literal key to requirement ids, per fold. */
    private static final class Field {
        final FieldPath path;
        final Map<String, int[]> exact;
        final Map<String, int[]> chars;
        final Map<String, int[]> lower;
        /** Requirements met by any value ({@link KeyFold#ANY}). */
        final int[] any;
        /** Every case-insensitive requirement, for a value that has no key (see {@link KeyFold#CHARS}). */
        final int[] allChars;
        /**
         * The keys of {@link #chars} and {@link #lower} together, found by an ASCII value without folding it into
         * a new string; per key, its requirements of either fold (null: none). A non-ASCII value uses the maps.
         */
        final LowerAsciiKeys folded;
        final int[][] charsByKey;
        final int[][] lowerByKey;

        Field(FieldPath path, Map<KeyFold, Map<String, List<Integer>>> keys, Map<KeyFold, List<Integer>> members) {
            this.path = path;
            this.exact = frozen(keys.get(KeyFold.EXACT));
            this.chars = frozen(keys.get(KeyFold.CHARS));
            this.lower = frozen(keys.get(KeyFold.LOWER));
            this.any = ids(members.get(KeyFold.ANY));
            this.allChars = ids(members.get(KeyFold.CHARS));
            List<String> folds = new ArrayList<>(new LinkedHashSet<>(concat(chars, lower)));
            this.folded = chars == null && lower == null ? null : new LowerAsciiKeys(folds);
            this.charsByKey = folds.stream().map(k -> chars == null ? null : chars.get(k)).toArray(int[][]::new);
            this.lowerByKey = folds.stream().map(k -> lower == null ? null : lower.get(k)).toArray(int[][]::new);
        }

        private static List<String> concat(Map<String, int[]> a, Map<String, int[]> b) {
            List<String> keys = new ArrayList<>();
            if (a != null) {
                keys.addAll(a.keySet());
            }
            if (b != null) {
                keys.addAll(b.keySet());
            }
            return keys;
        }

        private static Map<String, int[]> frozen(Map<String, List<Integer>> keys) {
            if (keys == null) {
                return null;
            }
            Map<String, int[]> out = new HashMap<>();
            keys.forEach((key, ids) -> out.put(key, ids(ids)));
            return out;
        }

        private static int[] ids(List<Integer> ids) {
            return ids == null ? new int[0] : ids.stream().distinct().mapToInt(Integer::intValue).toArray();
        }
    }

    /** The rules of one category or dataset (or of none): the fields to read, and the rules tried on every event. */
    private record Bucket(int id, Field[] fields, int[] scan) {
    }

    /** One thread's working space: generation stamps instead of clearing arrays per event. */
    private final class Scratch implements ValueTest {
        final int[] ruleStamp;
        final int[] entryStamp;
        final int[] entryMet;
        final int[] requirementStamp;
        final int[] bucketStamp;
        int[] hits = new int[16];
        int found;
        int generation;
        /** While partition field values are read: that field's buckets. */
        Map<String, Bucket> partition;
        /** Buckets of the event's partition values, visited once those values are all read. */
        Bucket[] pending = new Bucket[4];
        int pendingCount;
        Field field;
        /**
         * The current field's {@link Field#any} requirements are met: they need one value, so a field of many
         * values (process.args) meets them once, not once per value.
         */
        boolean anyMet;
        final Candidates result = new Candidates();

        Scratch(int rules, int entries, int requirements, int buckets) {
            ruleStamp = new int[rules];
            entryStamp = new int[entries];
            entryMet = new int[entries];
            requirementStamp = new int[requirements];
            bucketStamp = new int[buckets];
        }

        void begin(Event event) {
            current = event;
            found = 0;
            pendingCount = 0;
            if (++generation == 0) { // wrapped: stamps from long ago could collide
                Arrays.fill(ruleStamp, 0);
                Arrays.fill(entryStamp, 0);
                Arrays.fill(requirementStamp, 0);
                Arrays.fill(bucketStamp, 0);
                generation = 1;
            }
        }

        void visit(Bucket bucket) {
            if (bucketStamp[bucket.id()] == generation) {
                return;
            }
            bucketStamp[bucket.id()] = generation;
            for (int p : bucket.scan()) {
                add(p);
            }
            for (Field f : bucket.fields()) {
                field = f;
                anyMet = false;
                current.anyValue(f.path, this);
            }
        }

        private Event current;

        /** One value of a partition field (choosing buckets) or of the current field. Returns false: go on. */
        @Override
        public boolean test(JsonNode value) {
            String text = FieldValues.asString(value);
            if (text == null) {
                return false;
            }
            if (partition != null) {
                Bucket bucket = partition.get(text);
                if (bucket != null) {
                    if (pendingCount == pending.length) {
                        pending = Arrays.copyOf(pending, pendingCount * 2);
                    }
                    pending[pendingCount++] = bucket;
                }
                return false;
            }
            Field f = field;
            if (!anyMet) {
                anyMet = true;
                meetAll(f.any);
            }
            if (f.exact != null) {
                meetAll(f.exact.get(text));
            }
            if (f.folded == null) {
                return false;
            }
            int key = f.folded.find(text);
            if (key >= 0) {
                meetAll(f.charsByKey[key]);
                meetAll(f.lowerByKey[key]);
                return false;
            }
            if (key == LowerAsciiKeys.NOT_ASCII) {
                if (f.chars != null) {
                    String folded = KeyFold.CHARS.key(text);
                    meetAll(folded == null ? f.allChars : f.chars.get(folded));
                }
                if (f.lower != null) {
                    meetAll(f.lower.get(KeyFold.LOWER.key(text)));
                }
            }
            return false;
        }

        private void meetAll(int[] ids) {
            if (ids != null) {
                for (int id : ids) {
                    meet(id);
                }
            }
        }

        private void meet(int requirement) {
            if (requirementStamp[requirement] == generation) {
                return;
            }
            requirementStamp[requirement] = generation;
            int entry = requirementEntry[requirement];
            if (entryStamp[entry] != generation) {
                entryStamp[entry] = generation;
                entryMet[entry] = 0;
            }
            if (++entryMet[entry] == need[entry]) {
                add(entryRule[entry]);
            }
        }

        private void add(int rule) {
            if (ruleStamp[rule] == generation) {
                return;
            }
            ruleStamp[rule] = generation;
            if (found == hits.length) {
                hits = Arrays.copyOf(hits, found * 2);
            }
            hits[found++] = rule;
        }

        Candidates finish() {
            Arrays.sort(hits, 0, found);
            if (result.positions.length < found) {
                result.positions = new int[Math.max(found, result.positions.length * 2)];
            }
            System.arraycopy(hits, 0, result.positions, 0, found);
            result.count = found;
            current = null;
            Arrays.fill(pending, 0, pendingCount, null);
            return result;
        }
    }
}
