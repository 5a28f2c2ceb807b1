package io.verdict.query;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A regular expression in Lucene's {@code RegExp} syntax (what Elasticsearch's {@code regexp} query and EQL's
 * {@code regex} run), matched against the whole value in linear time: the pattern compiles once to a Thompson NFA
 * that is simulated over the value's code points with no backtracking, so no input can make it slow.
 *
 * <p>Supported: concatenation, {@code |}, {@code * + ?}, {@code {n} {n,} {n,m}}, {@code .}, character classes
 * {@code [a-z]} and {@code [^...]}, grouping {@code ( )}, {@code "quoted strings"}, {@code \} escapes, the
 * predefined classes {@code \d \D \s \S \w \W}, {@code @} (any string) and {@code #} (the empty language).
 * Rejected with an error: {@code &} (intersection) and {@code ~} (complement), which an NFA cannot run without
 * a subset construction, and {@code <n-m>} (numeric interval) and {@code <name>} (named automaton), which are not
 * implemented (no corpus rule uses any of them).
 * Case-insensitive matching folds ASCII letters written as characters, as Lucene's
 * {@code ASCII_CASE_INSENSITIVE} does; character ranges are not folded (Lucene does not fold them either).
 * Immutable and thread-safe.
 */
public final class LuceneRegex {

    private static final int MAX_INSTRUCTIONS = 20_000;

    /** A problem in a pattern, at a 0-based index of the pattern text. */
    public static final class PatternException extends IllegalArgumentException {
        private final int index;

        PatternException(String message, int index) {
            super(message);
            this.index = index;
        }

        public int index() {
            return index;
        }
    }

    // instructions of the NFA program
    private static final byte SET = 0;
    private static final byte SPLIT = 1;
    private static final byte JUMP = 2;
    private static final byte MATCH = 3;

    private final String pattern;
    private final byte[] ops;
    private final int[] x;
    private final int[] y;
    /** For SET instructions: sorted inclusive code-point ranges [lo, hi, lo, hi, ...]. */
    private final int[][] sets;

    private LuceneRegex(String pattern, Program program) {
        this.pattern = pattern;
        int n = program.ops.size();
        this.ops = new byte[n];
        this.x = new int[n];
        this.y = new int[n];
        this.sets = new int[n][];
        for (int i = 0; i < n; i++) {
            ops[i] = program.ops.get(i);
            x[i] = program.x.get(i);
            y[i] = program.y.get(i);
            sets[i] = program.sets.get(i);
        }
    }

    /** Compiles {@code pattern}; a {@link PatternException} says what is wrong and where. */
    public static LuceneRegex compile(String pattern, boolean caseInsensitive) {
        RegexSyntax.Node tree = RegexSyntax.parse(pattern, caseInsensitive);
        Program program = new Program();
        program.emit(tree);
        program.add(MATCH, 0, 0, null);
        return new LuceneRegex(pattern, program);
    }

    public String pattern() {
        return pattern;
    }

    /** Code points between two charges of a long match to the evaluation {@link Budget}. */
    private static final int CHARGE_EVERY = 1024;

    /** True when the whole value matches. A long match charges the evaluation {@link Budget} as it goes. */
    public boolean matches(String value) {
        int n = ops.length;
        int countdown = CHARGE_EVERY;
        int[] current = new int[n];
        int[] next = new int[n];
        int[] seen = new int[n];
        int[] stack = new int[2 * n + 2];
        int generation = 1;
        int currentSize = addClosure(0, current, 0, seen, generation, stack);
        for (int i = 0; i < value.length() && currentSize > 0; ) {
            int cp = value.codePointAt(i);
            i += Character.charCount(cp);
            if (--countdown == 0) {
                // the work of a step grows with the states alive, so that is what is charged
                countdown = CHARGE_EVERY;
                Budget.charge((long) CHARGE_EVERY * (currentSize + 1));
            }
            generation++;
            int nextSize = 0;
            for (int k = 0; k < currentSize; k++) {
                int pc = current[k];
                if (ops[pc] == SET && contains(sets[pc], cp)) {
                    nextSize = addClosure(pc + 1, next, nextSize, seen, generation, stack);
                }
            }
            int[] swap = current;
            current = next;
            next = swap;
            currentSize = nextSize;
        }
        for (int k = 0; k < currentSize; k++) {
            if (ops[current[k]] == MATCH) {
                return true;
            }
        }
        return false;
    }

    /** Adds {@code start} and every state reachable from it without input; keeps only SET and MATCH states. */
    private int addClosure(int start, int[] list, int size, int[] seen, int generation, int[] stack) {
        int top = 0;
        stack[top++] = start;
        while (top > 0) {
            int pc = stack[--top];
            if (seen[pc] == generation) {
                continue;
            }
            seen[pc] = generation;
            switch (ops[pc]) {
                case SPLIT -> {
                    stack[top++] = y[pc];
                    stack[top++] = x[pc];
                }
                case JUMP -> stack[top++] = x[pc];
                default -> list[size++] = pc;
            }
        }
        return size;
    }

    private static boolean contains(int[] ranges, int cp) {
        for (int i = 0; i < ranges.length; i += 2) {
            if (cp < ranges[i]) {
                return false;
            }
            if (cp <= ranges[i + 1]) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return pattern;
    }

    // ---- program: Thompson construction --------------------------------------------------------------------

    private static final class Program {
        final List<Byte> ops = new ArrayList<>();
        final List<Integer> x = new ArrayList<>();
        final List<Integer> y = new ArrayList<>();
        final List<int[]> sets = new ArrayList<>();

        int add(byte op, int a, int b, int[] set) {
            if (ops.size() >= MAX_INSTRUCTIONS) {
                throw new PatternException("regular expression is too large", 0);
            }
            ops.add(op);
            x.add(a);
            y.add(b);
            sets.add(set);
            return ops.size() - 1;
        }

        void emit(RegexSyntax.Node node) {
            if (node instanceof RegexSyntax.CharSet c) {
                add(SET, 0, 0, c.ranges());
            } else if (node instanceof RegexSyntax.Concat c) {
                c.parts().forEach(this::emit);
            } else if (node instanceof RegexSyntax.Union u) {
                int split = add(SPLIT, 0, 0, null);
                x.set(split, ops.size());
                emit(u.left());
                int jump = add(JUMP, 0, 0, null);
                y.set(split, ops.size());
                emit(u.right());
                x.set(jump, ops.size());
            } else if (node instanceof RegexSyntax.Repeat r) {
                emitRepeat(r);
            }
        }

        private void emitRepeat(RegexSyntax.Repeat r) {
            for (int i = 0; i < r.min(); i++) {
                emit(r.body());
            }
            if (r.max() < 0) {
                int split = add(SPLIT, 0, 0, null);
                x.set(split, ops.size());
                emit(r.body());
                add(JUMP, split, 0, null);
                y.set(split, ops.size());
                return;
            }
            List<Integer> exits = new ArrayList<>();
            for (int i = r.min(); i < r.max(); i++) {
                int split = add(SPLIT, 0, 0, null);
                x.set(split, ops.size());
                exits.add(split);
                emit(r.body());
            }
            for (int split : exits) {
                y.set(split, ops.size());
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LuceneRegex other
                && pattern.equals(other.pattern)
                && Arrays.equals(ops, other.ops)
                && Arrays.deepEquals(sets, other.sets);
    }

    @Override
    public int hashCode() {
        return pattern.hashCode();
    }
}
