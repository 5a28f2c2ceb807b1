package io.verdict.event;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The known field names nearest to a name no field set has, for "did you mean" in a load warning: at most
 * {@link #MAX_SUGGESTIONS}, nearest first, by Damerau–Levenshtein distance (optimal string alignment: an adjacent
 * transposition is one edit) over the names compared without case. A name is near when it is at most
 * {@link #allowedDistance} edits away; nothing is suggested when none is.
 *
 * <p>Cheap enough for every load: names are bucketed by length, so a name is compared only with the names whose
 * length is within the allowed distance, and each comparison stops as soon as a row of the distance table exceeds
 * it. Answers are remembered per name (a misspelt field recurs across rules). Thread-safe.
 */
public final class FieldSuggestions {

    public static final int MAX_SUGGESTIONS = 3;
    private static final int MAX_REMEMBERED = 4096;

    /** Names by length (lower-cased beside the name as written). */
    private final Map<Integer, List<String[]>> byLength = new java.util.HashMap<>();

    private final int longest;
    private final Map<String, List<String>> answers = new ConcurrentHashMap<>();

    public FieldSuggestions(Collection<String> names) {
        int max = 0;
        for (String name : names) {
            byLength.computeIfAbsent(name.length(), n -> new ArrayList<>())
                    .add(new String[] {name, name.toLowerCase(Locale.ROOT)});
            max = Math.max(max, name.length());
        }
        longest = max;
    }

    /**
     * The edits a name of this length may be away from a suggestion: one for short names, two up to twelve
     * characters, three beyond. More would suggest unrelated fields of the same length.
     */
    static int allowedDistance(int length) {
        return length <= 4 ? 1 : length <= 12 ? 2 : 3;
    }

    /** Up to three known names near {@code name}, nearest first (then sharing its parent, then by name). */
    public List<String> nearest(String name) {
        List<String> known = answers.get(name);
        if (known != null) {
            return known;
        }
        List<String> answer = search(name);
        if (answers.size() < MAX_REMEMBERED) {
            // bounded: uploads may name any number of fields
            answers.put(name, answer);
        }
        return answer;
    }

    private List<String> search(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        int allowed = allowedDistance(name.length());
        String parent = name.lastIndexOf('.') < 0 ? "" : name.substring(0, name.lastIndexOf('.') + 1);
        List<Candidate> found = new ArrayList<>();
        for (int length = Math.max(1, name.length() - allowed);
                length <= Math.min(longest, name.length() + allowed);
                length++) {
            for (String[] known : byLength.getOrDefault(length, List.of())) {
                int distance = distance(lower, known[1], allowed);
                if (distance <= allowed && !known[0].equals(name) && segmentsAlike(lower, known[1])) {
                    found.add(new Candidate(known[0], distance, !parent.isEmpty() && known[0].startsWith(parent)));
                }
            }
        }
        found.sort(Comparator.comparingInt(Candidate::distance)
                .thenComparing(c -> !c.sameParent())
                .thenComparing(Candidate::name));
        return found.stream().limit(MAX_SUGGESTIONS).map(Candidate::name).toList();
    }

    /**
     * Whether no part of the name between dots was rewritten rather than mistyped: with as many parts on both sides,
     * each part may differ by at most a third of its length (one edit at least), so {@code okta.target.id} is not
     * {@code host.target.id}. Names with a dot more or less ({@code incident.id}, {@code incidentId}) are judged
     * by their whole distance alone.
     */
    static boolean segmentsAlike(String name, String known) {
        String[] a = name.split("\\.", -1);
        String[] b = known.split("\\.", -1);
        if (a.length != b.length) {
            return true;
        }
        for (int i = 0; i < a.length; i++) {
            int allowed = Math.max(1, a[i].length() / 3);
            if (distance(a[i], b[i], allowed) > allowed) {
                return false;
            }
        }
        return true;
    }

    private record Candidate(String name, int distance, boolean sameParent) {}

    /**
     * The optimal-string-alignment distance of {@code a} and {@code b}, or {@code limit + 1} as soon as it is
     * certain to exceed {@code limit} (every cell of a row is over it).
     */
    static int distance(String a, String b, int limit) {
        int n = a.length();
        int m = b.length();
        if (Math.abs(n - m) > limit) {
            return limit + 1;
        }
        int[] before = new int[m + 1];
        int[] previous = new int[m + 1];
        int[] current = new int[m + 1];
        for (int j = 0; j <= m; j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= n; i++) {
            current[0] = i;
            int rowMin = current[0];
            char ca = a.charAt(i - 1);
            for (int j = 1; j <= m; j++) {
                char cb = b.charAt(j - 1);
                int cost = ca == cb ? 0 : 1;
                int value = Math.min(Math.min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && ca == b.charAt(j - 2) && a.charAt(i - 2) == cb) {
                    value = Math.min(value, before[j - 2] + 1);
                }
                current[j] = value;
                rowMin = Math.min(rowMin, value);
            }
            if (rowMin > limit) {
                return limit + 1;
            }
            int[] recycled = before;
            before = previous;
            previous = current;
            current = recycled;
        }
        return previous[m];
    }
}
