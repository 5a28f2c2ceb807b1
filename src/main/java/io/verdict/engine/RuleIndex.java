package io.verdict.engine;

import io.verdict.event.Event;
import io.verdict.event.FieldPath;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
 * event: then it keeps its cheapest requirement whatever the field); where some of those are selective (literals
 * of narrow fields that fewer than {@link #COMMON_LITERAL} rules of the bucket require), only those, as the others
 * would be met by most events for every such rule. Each such field is read once per event; each
 * value is looked up by its text in the field's maps (one per fold) and meets the requirements found there. A
 * rule is a candidate when all its kept requirements in a visited bucket are met; a rule that keeps none is a
 * candidate for every event that visits its bucket. The index only ever passes over a rule with a requirement no
 * value of the event meets, so the rule could not match. Thread-safe: per-event scratch space is per thread.
 */
final class RuleIndex {

    /** At most {@link CandidateScratch#MET_BITS}: an entry's requirements met are bits of one int. */
    static final int MAX_REQUIREMENTS = 3;
    /** Rules of a bucket requiring the same literal from which it no longer counts as selective. */
    static final int COMMON_LITERAL = 16;

    static final int MIN_SHARED = 4;
    /**
     * The fields rules are partitioned by, in order: a rule goes to the buckets of the first of them it requires
     * literals of (EQL categories, then the datasets most KQL rules name).
     */
    private static final List<String> PARTITIONS = List.of("event.category", "data_stream.dataset", "event.dataset");

    private static final FieldPath[] PARTITION_PATHS =
            PARTITIONS.stream().map(FieldPath::of).toArray(FieldPath[]::new);

    private final Bucket rest;
    /** Per partition field: its literal to the bucket of the rules requiring it. */
    private final List<Map<String, Bucket>> partitions;
    /**
     * Per entry (a rule in a bucket with several requirements to meet there): its rule position and the bits of
     * its requirements, see {@link CandidateScratch}. A rule with one requirement in a bucket has no entry: its
     * requirement names the rule itself.
     */
    private final int[] entryGoal;

    private final Set<Integer> indexedRules = new HashSet<>();
    private final Set<Integer> scannedRules = new HashSet<>();
    private final Set<Integer> broadRules = new HashSet<>();
    private int fieldCount;
    private final ThreadLocal<CandidateScratch> scratch;

    /** One literal a requirement names: a field's value folded to {@code key}. */
    private record Literal(String field, KeyFold fold, String key) {

        static List<Literal> of(Requirement requirement) {
            return requirement.anyOf().stream()
                    .flatMap(v -> v.keys().stream().map(k -> new Literal(v.field(), v.fold(), k)))
                    .toList();
        }
    }

    /** One alternative of a rule (see {@link CompiledRule#requirements()}): the rule's position and what it requires. */
    private record Member(int rule, List<Requirement> requirements) {}

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
            List<List<Requirement>> alternatives =
                    indexed && !rule.requirements().isEmpty() ? rule.requirements() : List.of(List.of());
            for (List<Requirement> requirements : alternatives) {
                Member member = new Member(p, requirements);
                Requirement partition = partitionOf(requirements);
                if (partition == null) {
                    uncategorized.add(member);
                } else {
                    Map<String, List<Member>> byKey = partitioned.get(
                            PARTITIONS.indexOf(partition.anyOf().get(0).field()));
                    for (String key : partition.anyOf().get(0).keys()) {
                        byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(member);
                    }
                }
            }
        }
        List<Integer> goals = new ArrayList<>();
        int[] bucketIds = {0};
        java.util.function.Function<List<Member>, Bucket> build = members -> bucket(bucketIds[0]++, members, goals);
        this.rest = build.apply(uncategorized);
        List<Map<String, Bucket>> built = new ArrayList<>();
        for (Map<String, List<Member>> byKey : partitioned) {
            Map<String, Bucket> buckets = new HashMap<>();
            byKey.forEach((key, members) -> buckets.put(key, build.apply(members)));
            built.add(buckets);
        }
        this.partitions = built;
        this.entryGoal = goals.stream().mapToInt(Integer::intValue).toArray();
        indexedRules.removeAll(scannedRules); // a rule with one alternative scanned is tried on every event
        int rules = compiled.size();
        int bucketCount = bucketIds[0];
        this.scratch = ThreadLocal.withInitial(() -> new CandidateScratch(rules, entryGoal, bucketCount));
    }

    /** The requirement of literals of the first partition field there is one for, or null. */
    private static Requirement partitionOf(List<Requirement> requirements) {
        for (String field : PARTITIONS) {
            for (Requirement r : requirements) {
                if (r.anyOf().size() == 1
                        && r.anyOf().get(0).field().equals(field)
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

    private Bucket bucket(int id, List<Member> members, List<Integer> goals) {
        Map<String, Integer> sharedBy = new HashMap<>();
        for (Member m : members) {
            beyondPartition(m.requirements()).stream()
                    .flatMap(r -> r.anyOf().stream())
                    .map(Requirement.Value::field)
                    .distinct()
                    .forEach(f -> sharedBy.merge(f, 1, Integer::sum));
        }
        // how many of the bucket's rules require each literal
        Map<Literal, Integer> literalUse = new HashMap<>();
        for (Member m : members) {
            beyondPartition(m.requirements()).stream()
                    .flatMap(r -> Literal.of(r).stream())
                    .distinct()
                    .forEach(literal -> literalUse.merge(literal, 1, Integer::sum));
        }
        Map<String, Map<KeyFold, Map<String, List<Integer>>>> keys = new LinkedHashMap<>();
        Map<String, Map<KeyFold, List<Integer>>> byFold = new HashMap<>();
        List<Integer> scan = new ArrayList<>();
        for (Member m : members) {
            int p = m.rule();
            List<Requirement> own = beyondPartition(m.requirements());
            List<Requirement> eligible = own.stream()
                    .filter(r -> r.anyOf().stream().allMatch(v -> sharedBy.getOrDefault(v.field(), 0) >= MIN_SHARED))
                    .toList();
            // a literal few rules of the bucket share, of a narrow field, lets few events through; a broad field's
            // literal, a literal many rules require (event.action exec: 331 in the process bucket) or a mere value
            // kept beside it would be met by most events, each time for every such rule, and narrow little further
            List<Requirement> selective = eligible.stream()
                    .filter(r -> r.selective()
                            && Literal.of(r).stream().allMatch(literal -> literalUse.get(literal) < COMMON_LITERAL))
                    .toList();
            List<Requirement> kept = (selective.isEmpty() ? eligible : selective)
                    .stream().limit(MAX_REQUIREMENTS).toList();
            if (kept.isEmpty() && !own.isEmpty()) {
                // better to read a field of its own than to run the rule on every event of the bucket
                kept = own.subList(0, 1);
            }
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
            int entry = goals.size();
            if (kept.size() > 1) {
                goals.add(p << CandidateScratch.MET_BITS | (1 << kept.size()) - 1);
            }
            for (int r = 0; r < kept.size(); r++) {
                Requirement requirement = kept.get(r);
                // met, a rule of one requirement is a candidate; else one bit of its entry
                int requirementId = kept.size() == 1 ? ~p : entry << 2 | r;
                for (Requirement.Value value : requirement.anyOf()) {
                    byFold.computeIfAbsent(value.field(), f -> new EnumMap<>(KeyFold.class))
                            .computeIfAbsent(value.fold(), f -> new ArrayList<>())
                            .add(requirementId);
                    Map<String, List<Integer>> byKey = keys.computeIfAbsent(
                                    value.field(), f -> new EnumMap<>(KeyFold.class))
                            .computeIfAbsent(value.fold(), f -> new HashMap<>());
                    for (String key : value.keys()) {
                        byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(requirementId);
                    }
                }
            }
        }
        IndexedField[] read = keys.entrySet().stream()
                .map(e -> new IndexedField(FieldPath.of(e.getKey()), e.getValue(), byFold.get(e.getKey())))
                .toArray(IndexedField[]::new);
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
        CandidateScratch s = scratch.get();
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

    /** The rules of one category or dataset (or of none): the fields to read, and the rules tried on every event. */
    record Bucket(int id, IndexedField[] fields, int[] scan) {}
}
