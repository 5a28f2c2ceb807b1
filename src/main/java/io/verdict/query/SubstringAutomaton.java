package io.verdict.query;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds which of many literals occur in a text in one pass over it, however many literals there are: an
 * Aho–Corasick automaton (a trie of the literals with, per node, the longest proper suffix that is also in the
 * trie). Ten thousand patterns over a long value cost one scan of the value instead of ten thousand. With
 * {@code fold}, the literals are given folded and each char of the text is folded as {@link Wildcards#fold} does,
 * so an occurrence is exactly where a case-insensitive {@link Wildcards} segment compares equal. Immutable and
 * thread-safe.
 */
final class SubstringAutomaton {

    /** Told of each occurrence of a literal (by its index); answers true to end the scan. */
    @FunctionalInterface
    interface Hit {
        boolean found(int literal);
    }

    private static final int ROOT = 0;
    /** Chars scanned between two charges to the evaluation {@link Budget}. */
    private static final int CHARGE_EVERY = 1 << 14;

    private final boolean fold;
    /** Transitions from the root on an ASCII char (most text), or -1. */
    private final int[] rootAscii = new int[128];
    /** Per node: its children, sorted by char, at {@code [childStart[node], childStart[node + 1])} of the next two. */
    private final int[] childStart;

    private final char[] childChar;
    private final int[] childNode;
    /** Per node: where the scan continues when the next char leads nowhere. */
    private final int[] fail;
    /** Per node: the first literal ending there (then {@link #nextLiteral}), or -1. */
    private final int[] firstLiteral;
    /** Per literal: the next literal ending at the same node, or -1. */
    private final int[] nextLiteral;
    /** Per node: the nearest node along the fail links where a literal ends, or -1. */
    private final int[] nextOutput;

    /** An automaton of {@code literals} (none empty), which are folded already when {@code fold}. */
    SubstringAutomaton(List<String> literals, boolean fold) {
        this.fold = fold;
        int chars = 0;
        for (String literal : literals) {
            if (literal.isEmpty()) {
                throw new IllegalArgumentException("an empty literal occurs everywhere");
            }
            chars += literal.length();
        }
        // the trie, built through a map from (node, char); then laid out as sorted child lists, which a scan
        // reads with fewer cache misses than a hash table of every edge
        Map<Long, Integer> edges = new HashMap<>();
        int[] parent = new int[chars + 1];
        char[] via = new char[chars + 1];
        int[] depth = new int[chars + 1];
        int[] first = new int[chars + 1];
        Arrays.fill(first, -1);
        nextLiteral = new int[literals.size()];
        int nodes = 1;
        for (int l = 0; l < literals.size(); l++) {
            String literal = literals.get(l);
            int node = ROOT;
            for (int i = 0; i < literal.length(); i++) {
                char c = literal.charAt(i);
                Integer next = edges.get(key(node, c));
                if (next == null) {
                    next = nodes++;
                    parent[next] = node;
                    via[next] = c;
                    depth[next] = i + 1;
                    edges.put(key(node, c), next);
                }
                node = next;
            }
            nextLiteral[l] = first[node];
            first[node] = l;
        }
        firstLiteral = Arrays.copyOf(first, nodes);
        Integer[] byParent = new Integer[nodes - 1];
        for (int n = 1; n < nodes; n++) {
            byParent[n - 1] = n;
        }
        Arrays.sort(
                byParent,
                (a, b) -> parent[a] != parent[b]
                        ? Integer.compare(parent[a], parent[b])
                        : Character.compare(via[a], via[b]));
        childStart = new int[nodes + 1];
        childChar = new char[nodes - 1];
        childNode = new int[nodes - 1];
        for (int e = 0; e < byParent.length; e++) {
            int n = byParent[e];
            childChar[e] = via[n];
            childNode[e] = n;
            childStart[parent[n] + 1]++;
        }
        for (int n = 0; n < nodes; n++) {
            childStart[n + 1] += childStart[n];
        }
        Arrays.fill(rootAscii, -1);
        for (int e = childStart[ROOT]; e < childStart[ROOT + 1]; e++) {
            if (childChar[e] < 128) {
                rootAscii[childChar[e]] = childNode[e];
            }
        }
        fail = new int[nodes];
        nextOutput = new int[nodes];
        nextOutput[ROOT] = -1;
        // breadth first: a node's suffix link points to a shallower node, whose own link is known by then
        Integer[] byDepth = byParent.clone();
        Arrays.sort(byDepth, (a, b) -> Integer.compare(depth[a], depth[b]));
        for (int n : byDepth) {
            int p = parent[n];
            char c = via[n];
            int f = ROOT;
            if (p != ROOT) {
                f = fail[p];
                while (f != ROOT && step(f, c) < 0) {
                    f = fail[f];
                }
                int next = step(f, c);
                f = next >= 0 ? next : ROOT;
            }
            fail[n] = f;
            nextOutput[n] = firstLiteral[f] >= 0 ? f : nextOutput[f];
        }
    }

    private static long key(int node, char c) {
        return (long) node << 16 | c;
    }

    /**
     * Scans {@code text}, telling {@code hit} of every literal that ends at each position (a literal is told as
     * often as it occurs); true as soon as {@code hit} answers true. A long text is charged to the evaluation
     * {@link Budget} as the scan goes.
     */
    boolean scan(String text, Hit hit) {
        int node = ROOT;
        for (int i = 0, n = text.length(); i < n; i++) {
            if ((i & (CHARGE_EVERY - 1)) == CHARGE_EVERY - 1) {
                Budget.charge(CHARGE_EVERY);
            }
            char c = text.charAt(i);
            if (fold) {
                c = c < 128 ? (c >= 'A' && c <= 'Z' ? (char) (c + 32) : c) : Wildcards.fold(c);
            }
            int next = step(node, c);
            while (next < 0 && node != ROOT) {
                node = fail[node];
                next = step(node, c);
            }
            node = next < 0 ? ROOT : next;
            for (int out = firstLiteral[node] >= 0 ? node : nextOutput[node]; out >= 0; out = nextOutput[out]) {
                for (int l = firstLiteral[out]; l >= 0; l = nextLiteral[l]) {
                    if (hit.found(l)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** The child of {@code node} on {@code c}, or -1. */
    private int step(int node, char c) {
        if (node == ROOT && c < 128) {
            return rootAscii[c];
        }
        int lo = childStart[node];
        int hi = childStart[node + 1] - 1;
        while (hi - lo > 7) {
            int mid = (lo + hi) >>> 1;
            if (childChar[mid] < c) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        for (int e = lo; e <= hi; e++) {
            if (childChar[e] == c) {
                return childNode[e];
            }
        }
        return -1;
    }
}
