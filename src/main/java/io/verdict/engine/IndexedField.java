package io.verdict.engine;

import io.verdict.event.FieldPath;
import io.verdict.query.LowerAsciiKeys;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * One field a {@link RuleIndex} bucket reads: per fold, a literal key to the targets its requirements meet. A
 * target is {@code ~rule} for a rule whose one requirement in the bucket this is (met: the rule is a candidate),
 * else {@code entry << 2 | k}, the {@code k}-th requirement of an entry of several (see {@link CandidateScratch}).
 * Immutable.
 */
final class IndexedField {

    final FieldPath path;
    final Map<String, int[]> exact;
    final Map<String, int[]> chars;
    final Map<String, int[]> lower;
    /** Targets met by any value ({@link KeyFold#ANY}). */
    final int[] any;
    /** Every case-insensitive target, for a value that has no key (see {@link KeyFold#CHARS}). */
    final int[] allChars;
    /**
     * The keys of {@link #chars} and {@link #lower} together, found by an ASCII value without folding it into a
     * new string; per key, its targets of either fold (null: none). A non-ASCII value uses the maps.
     */
    final LowerAsciiKeys folded;

    final int[][] charsByKey;
    final int[][] lowerByKey;
    /**
     * Only {@link #any} targets: whether the field has a value is all that counts, asked without reading (and,
     * in a flat event, decoding) any value.
     */
    final boolean presenceOnly;

    IndexedField(FieldPath path, Map<KeyFold, Map<String, List<Integer>>> keys, Map<KeyFold, List<Integer>> members) {
        this.path = path;
        this.exact = frozen(keys.get(KeyFold.EXACT));
        this.chars = frozen(keys.get(KeyFold.CHARS));
        this.lower = frozen(keys.get(KeyFold.LOWER));
        this.any = ids(members.get(KeyFold.ANY));
        this.allChars = ids(members.get(KeyFold.CHARS));
        List<String> folds = new ArrayList<>(new LinkedHashSet<>(concat(chars, lower)));
        this.folded = chars == null && lower == null ? null : new LowerAsciiKeys(folds);
        this.charsByKey =
                folds.stream().map(k -> chars == null ? null : chars.get(k)).toArray(int[][]::new);
        this.lowerByKey =
                folds.stream().map(k -> lower == null ? null : lower.get(k)).toArray(int[][]::new);
        this.presenceOnly = exact == null && chars == null && lower == null;
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
        return ids == null
                ? new int[0]
                : ids.stream().distinct().mapToInt(Integer::intValue).toArray();
    }
}
