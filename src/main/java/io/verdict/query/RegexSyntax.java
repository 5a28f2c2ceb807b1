package io.verdict.query;

import java.util.ArrayList;
import java.util.List;

/**
 * The syntax of Lucene's {@code RegExp} (see {@link LuceneRegex} for what is supported), read into a small tree
 * of character sets, concatenations, unions and repeats. Character sets are sorted inclusive code-point ranges.
 */
final class RegexSyntax {

    static final int MAX_CODE_POINT = Character.MAX_CODE_POINT;

    private RegexSyntax() {}

    /** The tree of {@code pattern}; a {@link LuceneRegex.PatternException} says what is wrong and where. */
    static Node parse(String pattern, boolean caseInsensitive) {
        return new Reader(pattern, caseInsensitive).readAll();
    }

    sealed interface Node {}

    record CharSet(int[] ranges) implements Node {}

    record Concat(List<Node> parts) implements Node {}

    record Union(Node left, Node right) implements Node {}

    /** {@code max < 0}: unbounded. */
    record Repeat(Node body, int min, int max) implements Node {}

    // Lucene's RegExp grammar, one method a rule
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
                throw new LuceneRegex.PatternException("unexpected '" + s.charAt(pos) + "' in regular expression", pos);
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
                    throw new LuceneRegex.PatternException(
                            "the intersection operator '&' is not supported; escape it as \\&", pos);
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
                        throw new LuceneRegex.PatternException("expected '}' to close the repetition", pos);
                    }
                    if (max >= 0 && max < min) {
                        throw new LuceneRegex.PatternException(
                                "repetition {" + min + "," + max + "} has max < min", open);
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
                throw new LuceneRegex.PatternException("expected a repetition count", at);
            }
            return Integer.parseInt(s.substring(start, pos));
        }

        // complexp ::= '~' complexp (not supported) | charclassexp
        // charclassexp ::= '[' '^'? charclasses ']' | simpleexp
        private Node charClassOrSimple() {
            if (peek('~')) {
                throw new LuceneRegex.PatternException(
                        "the complement operator '~' is not supported; escape it as \\~", pos);
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
                throw new LuceneRegex.PatternException("expected ']' to close the character class", open);
            }
            pos++;
            int[] set = unionOf(members);
            return new CharSet(negate ? complement(set) : set);
        }

        // charclass ::= charexp '-' charexp | charexp
        private int[] charClass(int open) {
            if (pos >= s.length()) {
                throw new LuceneRegex.PatternException("expected ']' to close the character class", open);
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
                    throw new LuceneRegex.PatternException("invalid character range", at);
                }
                return new int[] {from, to}; // ranges are not case-folded, as in Lucene
            }
            return literal(from);
        }

        // simpleexp ::= charexp | '.' | '#' | '@' | '"' string '"' | '(' ')' | '(' unionexp ')'
        private Node simple() {
            if (pos >= s.length()) {
                throw new LuceneRegex.PatternException("unexpected end of regular expression", pos);
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
                        throw new LuceneRegex.PatternException("expected '\"' to close the quoted string", open);
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
                        throw new LuceneRegex.PatternException("expected ')' to close the group", open);
                    }
                    pos++;
                    return inner;
                }
                case '<' ->
                    throw new LuceneRegex.PatternException(
                            "numeric intervals and named automata <...> are not supported; escape '<' as \\<", pos);
                case ')', '|', '*', '+', '?', '{' ->
                    throw new LuceneRegex.PatternException("unexpected '" + c + "'", pos);
                default -> {
                    int[] predefined = predefinedClass();
                    return new CharSet(predefined != null ? predefined : literal(charExp()));
                }
            }
        }

        // charexp ::= <char> | '\' <char>
        private int charExp() {
            if (pos >= s.length()) {
                throw new LuceneRegex.PatternException("unexpected end of regular expression", pos);
            }
            if (s.charAt(pos) == '\\') {
                pos++;
                if (pos >= s.length()) {
                    throw new LuceneRegex.PatternException("a backslash must escape a character", pos - 1);
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
    static int[] unionOf(List<int[]> sets) {
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

    static int[] complement(int[] sorted) {
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
}
