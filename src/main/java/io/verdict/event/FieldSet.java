package io.verdict.event;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.sym.BinaryNameMatcher;
import tools.jackson.core.sym.PropertyNameMatcher;

/**
 * The dotted field names a loaded rule set can read from an event. An event parsed with a field set
 * ({@link Event#parse(byte[], FieldSet)}) keeps the values of these fields only and skips every subtree that none
 * of them can lie under; a lookup of any other field reads the whole document instead, so the set decides how fast
 * an event is read, never what it holds. Built once per rule set, immutable and thread-safe.
 *
 * <p>Held as a tree of name segments ({@code process} → {@code pe} → {@code original_file_name}), each node
 * also keyed by the dotted runs below it, so the parser decides each JSON key, dotted or not, with one match
 * against the raw bytes of the key and builds no name for it (see {@link Node}).
 */
public final class FieldSet {

    /** No field: every lookup reads the whole document. */
    public static final FieldSet NONE = of(Set.of());

    private final Set<String> names;
    /** names.size(), read per event: not through the unmodifiable wrapper. */
    private final int size;

    private final Map<String, Integer> slots;
    private final Node root = new Node(-1);

    private FieldSet(Set<String> names) {
        this.names = Collections.unmodifiableSet(names);
        this.size = names.size();
        this.slots = new HashMap<>(names.size() * 2);
        for (String name : names) {
            int slot = slots.size();
            slots.put(name, slot);
            Node node = root;
            for (String segment : FieldPath.segments(name)) {
                node = node.children.computeIfAbsent(segment, s -> new Node(-1));
            }
            node.slot = slot;
        }
        root.addDottedKeys();
        root.freeze();
    }

    /** The set of these field names (dotted, as {@link FieldPath#of} takes them; empty names are ignored). */
    public static FieldSet of(Collection<String> names) {
        Set<String> kept = new LinkedHashSet<>();
        for (String name : names) {
            if (name != null && !name.isEmpty()) {
                kept.add(name);
            }
        }
        return new FieldSet(kept);
    }

    public Set<String> names() {
        return names;
    }

    public int size() {
        return size;
    }

    public boolean contains(String name) {
        return slots.containsKey(name);
    }

    /**
     * The slot of a field in the events parsed with this set, or -1 when the set does not hold it. The answer is
     * remembered in the path, so a compiled path costs no hash lookup after its first event.
     */
    int slot(FieldPath path) {
        Slot cached = path.slot;
        if (cached != null && cached.set == this) {
            return cached.slot;
        }
        Integer slot = slots.get(path.name());
        int found = slot == null ? -1 : slot;
        // a benign race: Slot is immutable, so a thread sees either the old or the new one whole
        path.slot = new Slot(this, found);
        return found;
    }

    Node root() {
        return root;
    }

    /** A path's slot in one set; immutable. */
    record Slot(FieldSet set, int slot) {}

    /**
     * One name segment: its slot when the name up to here is a field of the set (else -1), and what follows.
     *
     * <p>The parser decides each JSON key of an object against a node's {@link #matcher()}: Jackson's
     * {@code nextNameMatch} compares the key's raw bytes with the matcher's, so a key the set holds costs no
     * symbol-table lookup and no String, and the match is an index into {@link #child(int)}. Keys it does not
     * hold are read as usual and come back as a negative index.
     */
    static final class Node {
        private int slot;
        /** While the set is built; {@link #freeze} turns it into the arrays below. */
        private Map<String, Node> children = new HashMap<>(4);
        /** Null for a leaf. */
        private PropertyNameMatcher matcher;
        /** By match index: the child, and whether its key is a dotted run. */
        private Node[] matched;

        private boolean[] dotted;
        /**
         * For {@link FlatScanner}: by match index the key's UTF-8 bytes and their {@link FlatScanner#keyHash}, and an
         * open-addressing table of match index + 1 (0 = free) by that hash.
         */
        private byte[][] keyBytes;

        private int[] keyHashes;
        private int[] keyTable;

        private Node(int slot) {
            this.slot = slot;
        }

        int slot() {
            return slot;
        }

        boolean leaf() {
            return matcher == null;
        }

        /** Matches the keys of this node's children; null for a leaf. */
        PropertyNameMatcher matcher() {
            return matcher;
        }

        /** The child of a match index the {@link #matcher()} gave (not negative). */
        Node child(int match) {
            return matched[match];
        }

        /**
         * The match index of the key whose raw bytes (unescaped, between its quotes) are {@code json[from, to)}
         * and whose {@link FlatScanner#keyHash} is {@code hash}, or -1 when this node has no such child (or is a
         * leaf).
         */
        int match(byte[] json, int from, int to, int hash) {
            int[] table = keyTable;
            if (table == null) {
                return -1;
            }
            int mask = table.length - 1;
            int length = to - from;
            for (int i = spread(hash) & mask; ; i = (i + 1) & mask) {
                int entry = table[i];
                if (entry == 0) {
                    return -1;
                }
                if (keyHashes[entry - 1] == hash && sameBytes(keyBytes[entry - 1], json, from, length)) {
                    return entry - 1;
                }
            }
        }

        // keys are short: a plain loop beats Arrays.equals' set-up
        private static boolean sameBytes(byte[] key, byte[] json, int from, int length) {
            if (key.length != length) {
                return false;
            }
            for (int i = 0; i < length; i++) {
                if (key[i] != json[from + i]) {
                    return false;
                }
            }
            return true;
        }

        private static int spread(int h) {
            return h ^ h >>> 15 ^ h >>> 7;
        }

        /** Whether the key of a match index is a dotted run of segments. */
        boolean dotted(int match) {
            return dotted[match];
        }

        /**
         * Makes every dotted run of segments below each node a key of its own ({@code process} also gets
         * {@code pe.original_file_name}), so that a dotted JSON key costs one lookup and no splitting.
         */
        private void addDottedKeys() {
            Map<String, Node> runs = new HashMap<>();
            for (Map.Entry<String, Node> child : children.entrySet()) {
                child.getValue().collectRuns(child.getKey(), runs);
            }
            for (Node child : children.values()) {
                child.addDottedKeys();
            }
            runs.forEach(children::putIfAbsent);
        }

        /** This node's descendants under {@code prefix} + "." + their run of segments. */
        private void collectRuns(String prefix, Map<String, Node> runs) {
            for (Map.Entry<String, Node> child : children.entrySet()) {
                String run = prefix + "." + child.getKey();
                runs.put(run, child.getValue());
                child.getValue().collectRuns(run, runs);
            }
        }

        /** Builds the matchers of this node and those below it; nothing changes after. */
        private void freeze() {
            if (children == null) {
                return; // reached again through a dotted run
            }
            Map<String, Node> built = children;
            children = null;
            if (built.isEmpty()) {
                return;
            }
            List<String> keys = new ArrayList<>(built.keySet());
            matcher = BinaryNameMatcher.construct(keys);
            matched = new Node[keys.size()];
            dotted = new boolean[keys.size()];
            keyBytes = new byte[keys.size()][];
            keyHashes = new int[keys.size()];
            keyTable = new int[Integer.highestOneBit(keys.size() * 2 - 1) * 4];
            for (int i = 0; i < keys.size(); i++) {
                keyBytes[i] = keys.get(i).getBytes(StandardCharsets.UTF_8);
                keyHashes[i] = FlatScanner.keyHash(keyBytes[i], 0, keyBytes[i].length);
                int mask = keyTable.length - 1;
                int at = spread(keyHashes[i]) & mask;
                while (keyTable[at] != 0) {
                    at = (at + 1) & mask;
                }
                keyTable[at] = i + 1;
                matched[i] = built.get(keys.get(i));
                dotted[i] = keys.get(i).indexOf('.') >= 0;
                matched[i].freeze();
            }
        }
    }
}
