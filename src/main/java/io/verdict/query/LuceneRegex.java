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
 * Rejected with an error, because an NFA cannot run them without a subset construction: {@code &}
 * (intersection), {@code ~} (complement), {@code <n-m>} (numeric interval), {@code <name>} (named automaton).
 * Case-insensitive matching folds ASCII letters written as characters, as Lucene's
 * {@code ASCII_CASE_INSENSITIVE} does; character ranges are not folded (Lucene does not fold them either).
 * Immutable and thread-safe.
 */
public final class LuceneRegex {

    private static final int MAX_INSTRUCTIONS = 20_000;
    private static final int MAX_CODE_POINT = Character.MAX_CODE_POINT;

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
        Node tree = new Reader(pattern, caseInsensitive).readAll();
        Program program = new Program();
        program.emit(tree);
        program.add(MATCH, 0, 0, null);
        return new LuceneRegex(pattern, program);
    }

    public String pattern() {
        return pattern;
    }

    /** True when the whole value matches. */
    public boolean matches(String value) {
        int n = ops.length;
        int[] current = new int[n];
        int[] next = new int[n];
        int[] seen = new int[n];
        int[] stack = new int[2 * n + 2];
        int generation = 1;
        int currentSize = addClosure(0, current, 0, seen, generation, stack);
        for (int i = 0; i < value.length() && currentSize > 0; ) {
            int cp = value.codePointAt(i);
            i += Character.charCount(cp);
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

    // ---- syntax tree ---------------------------------------------------------------------------------------

    private sealed interface Node {
    }

    private record CharSet(int[] ranges) implements Node {
    }

    private record Concat(List<Node> parts) implements Node {
    }

    private record Union(Node left, Node right) implements Node {
    }

    /** {@code max < 0}: unbounded. */
    private record Repeat(Node body, int min, int max) implements Node {
    }

    // ---- reader: Lucene's RegExp grammar -------------------------------------------------------------------

    private static final class Reader {
        private final String s;
        private final boolean caseInsensitive;
        private int pos;

        Reader(String s, boolean caseInsensitive) {
            this.s = s;
            this.caseInsensitive = caseInsensitive;
        }

        Node readAll() {
            Node node = union();
            if (pos < s.length()) {
                throw new PatternException("unexpected '" + s.charAt(pos) + "' in regular expression", pos);
            }
            return node;
        }

        // unionexp ::= interexp ( '|' unionexp )?
        private Node union() {
            Node left = concat();
            if (peek('|')) {
                pos++;
                return new Union(left, union());
            }
            return left;
        }

        // concatexp ::= repeatexp concatexp | repeatexp      (interexp '&' is not supported)
        private Node concat() {
            List<Node> parts = new ArrayList<>();
            parts.add(repeat());
            while (pos < s.length() && !peek(')') && !peek('|')) {
                if (peek('&')) {
                    throw new PatternException("the intersection operator '&' is not supported; escape it as \\&", pos);
                }
                parts.add(repeat());
            }
            return parts.size() == 1 ? parts.get(0) : new Concat(parts);
        }

        // repeatexp ::= complexp ( '?' | '*' | '+' | '{' n (',' m?)? '}' )*
        private Node repeat() {
            Node node = charClassOrSimple();
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c == '?') {
                    node = new Repeat(node, 0, 1);
                } else if (c == '*') {
                    node = new Repeat(node, 0, -1);
                } else if (c == '+') {
                    node = new Repeat(node, 1, -1);
                } else if (c == '{') {
                    int open = pos;
                    pos++;
                    int min = digits(open);
                    int max = min;
                    if (peek(',')) {
                        pos++;
                        max = peek('}') ? -1 : digits(open);
                    }
                    if (!peek('}')) {
                        throw new PatternException("expected '}' to close the repetition", pos);
                    }
                    if (max >= 0 && max < min) {
                        throw new PatternException("repetition {" + min + "," + max + "} has max < min", open);
                    }
                    node = new Repeat(node, min, max);
                } else {
                    break;
                }
                pos++;
            }
            return node;
        }

        private int digits(int at) {
            int start = pos;
            while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
                pos++;
            }
            if (pos == start || pos - start > 6) {
                throw new PatternException("expected a repetition count", at);
            }
            return Integer.parseInt(s.substring(start, pos));
        }

        // complexp ::= '~' complexp (not supported) | charclassexp
        // charclassexp ::= '[' '^'? charclasses ']' | simpleexp
        private Node charClassOrSimple() {
            if (peek('~')) {
                throw new PatternException("the complement operator '~' is not supported; escape it as \\~", pos);
            }
            if (!peek('[')) {
                return simple();
            }
            int open = pos++;
            boolean negate = false;
            if (peek('^')) {
                negate = true;
                pos++;
            }
            List<int[]> members = new ArrayList<>();
            do {
                members.add(charClass(open));
            } while (pos < s.length() && !peek(']'));
            if (!peek(']')) {
                throw new PatternException("expected ']' to close the character class", open);
            }
            pos++;
            int[] set = unionOf(members);
            return new CharSet(negate ? complement(set) : set);
        }

        // charclass ::= charexp '-' charexp | charexp
        private int[] charClass(int open) {
            if (pos >= s.length()) {
                throw new PatternException("expected ']' to close the character class", open);
            }
            int[] predefined = predefinedClass();
            if (predefined != null) {
                return predefined;
            }
            int from = charExp();
            if (peek('-') && pos + 1 < s.length() && s.charAt(pos + 1) != ']') {
                int at = pos;
                pos++;
                int to = charExp();
                if (to < from) {
                    throw new PatternException("invalid character range", at);
                }
                return new int[] {from, to}; // ranges are not case-folded, as in Lucene
            }
            return literal(from);
        }

        // simpleexp ::= charexp | '.' | '#' | '@' | '"' string '"' | '(' ')' | '(' unionexp ')'
        private Node simple() {
            if (pos >= s.length()) {
                throw new PatternException("unexpected end of regular expression", pos);
            }
            char c = s.charAt(pos);
            switch (c) {
                case '.' -> {
                    pos++;
                    return new CharSet(new int[] {0, MAX_CODE_POINT});
                }
                case '#' -> {
                    pos++;
                    return new CharSet(new int[0]);
                }
                case '@' -> {
                    pos++;
                    return new Repeat(new CharSet(new int[] {0, MAX_CODE_POINT}), 0, -1);
                }
                case '"' -> {
                    int open = pos++;
                    int close = s.indexOf('"', pos);
                    if (close < 0) {
                        throw new PatternException("expected '\"' to close the quoted string", open);
                    }
                    List<Node> chars = new ArrayList<>();
                    for (int i = pos; i < close; ) {
                        int cp = s.codePointAt(i);
                        chars.add(new CharSet(literal(cp)));
                        i += Character.charCount(cp);
                    }
                    pos = close + 1;
                    return new Concat(chars);
                }
                case '(' -> {
                    int open = pos++;
                    if (peek(')')) {
                        pos++;
                        return new Concat(List.of());
                    }
                    Node inner = union();
                    if (!peek(')')) {
                        throw new PatternException("expected ')' to close the group", open);
                    }
                    pos++;
                    return inner;
                }
                case '<' -> throw new PatternException(
                        "numeric intervals and named automata <...> are not supported; escape '<' as \\<", pos);
                case ')', '|', '*', '+', '?', '{' -> throw new PatternException("unexpected '" + c + "'", pos);
                default -> {
                    int[] predefined = predefinedClass();
                    return new CharSet(predefined != null ? predefined : literal(charExp()));
                }
            }
        }

        // charexp ::= <char> | '\' <char>
        private int charExp() {
            if (pos >= s.length()) {
                throw new PatternException("unexpected end of regular expression", pos);
            }
            if (s.charAt(pos) == '\\') {
                pos++;
                if (pos >= s.length()) {
                    throw new PatternException("a backslash must escape a character", pos - 1);
                }
            }
            int cp = s.codePointAt(pos);
            pos += Character.charCount(cp);
            return cp;
        }

        /** {@code \d \D \s \S \w \W}, or null (position unchanged) when the next thing is not one. */
        private int[] predefinedClass() {
            if (pos + 1 >= s.length() || s.charAt(pos) != '\\') {
                return null;
            }
            int[] set = switch (s.charAt(pos + 1)) {
                case 'd' -> new int[] {'0', '9'};
                case 'D' -> complement(new int[] {'0', '9'});
                case 's' -> new int[] {'\t', '\r', ' ', ' '};
                case 'S' -> complement(new int[] {'\t', '\r', ' ', ' '});
                case 'w' -> new int[] {'0', '9', 'A', 'Z', '_', '_', 'a', 'z'};
                case 'W' -> complement(new int[] {'0', '9', 'A', 'Z', '_', '_', 'a', 'z'});
                default -> null;
            };
            if (set != null) {
                pos += 2;
            }
            return set;
        }

        private int[] literal(int cp) {
            if (caseInsensitive && cp < 128 && Character.isLetter(cp)) {
                int lower = Character.toLowerCase(cp);
                int upper = Character.toUpperCase(cp);
                return new int[] {upper, upper, lower, lower};
            }
            return new int[] {cp, cp};
        }

        private boolean peek(char c) {
            return pos < s.length() && s.charAt(pos) == c;
        }
    }

    /** The union of range sets, sorted and merged. */
    private static int[] unionOf(List<int[]> sets) {
        List<int[]> ranges = new ArrayList<>();
        for (int[] set : sets) {
            for (int i = 0; i < set.length; i += 2) {
                ranges.add(new int[] {set[i], set[i + 1]});
            }
        }
        ranges.sort((a, b) -> Integer.compare(a[0], b[0]));
        List<Integer> out = new ArrayList<>();
        for (int[] r : ranges) {
            int last = out.size() - 1;
            if (last > 0 && r[0] <= out.get(last) + 1) {
                out.set(last, Math.max(out.get(last), r[1]));
            } else {
                out.add(r[0]);
                out.add(r[1]);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int[] complement(int[] sorted) {
        List<Integer> out = new ArrayList<>();
        int from = 0;
        for (int i = 0; i < sorted.length; i += 2) {
            if (sorted[i] > from) {
                out.add(from);
                out.add(sorted[i] - 1);
            }
            from = sorted[i + 1] + 1;
        }
        if (from <= MAX_CODE_POINT) {
            out.add(from);
            out.add(MAX_CODE_POINT);
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
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

        void emit(Node node) {
            if (node instanceof CharSet c) {
                add(SET, 0, 0, c.ranges());
            } else if (node instanceof Concat c) {
                c.parts().forEach(this::emit);
            } else if (node instanceof Union u) {
                int split = add(SPLIT, 0, 0, null);
                x.set(split, ops.size());
                emit(u.left());
                int jump = add(JUMP, 0, 0, null);
                y.set(split, ops.size());
                emit(u.right());
                x.set(jump, ops.size());
            } else if (node instanceof Repeat r) {
                emitRepeat(r);
            }
        }

        private void emitRepeat(Repeat r) {
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
        return o instanceof LuceneRegex other && pattern.equals(other.pattern) && Arrays.equals(ops, other.ops)
                && Arrays.deepEquals(sets, other.sets);
    }

    @Override
    public int hashCode() {
        return pattern.hashCode();
    }
}
