package io.verdict.esql.text;

import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.WildcardQuery;
import org.apache.lucene.util.automaton.Automata;
import org.apache.lucene.util.automaton.Automaton;
import org.apache.lucene.util.automaton.CharacterRunAutomaton;
import org.apache.lucene.util.automaton.Operations;
import org.apache.lucene.util.automaton.TooComplexToDeterminizeException;

/**
 * An ES|QL {@code LIKE} pattern: {@code *} any sequence of characters, {@code ?} exactly one (a code point),
 * {@code \} makes the next character literal, everything else literal and case-sensitive; the pattern covers the
 * whole value. It compiles to a deterministic automaton, as Elasticsearch's own {@code WildcardPattern} does, so a
 * match takes one step per character of the value whatever the pattern ({@code *a*a*a*b} included). The shapes
 * rules write most ({@code "cmd.exe"}, {@code "cmd*"}, {@code "*.exe"}, {@code "*cmd*"}, {@code "*"}) are matched
 * with the string's own search instead, which is quicker and says the same. Immutable and thread-safe.
 */
public final class LikePattern {

    private enum Shape {
        EXACT,
        PREFIX,
        SUFFIX,
        CONTAINS,
        ANY,
        AUTOMATON
    }

    private final String pattern;
    private final Shape shape;
    /** The literal text of the simple shapes. */
    private final String literal;

    private final CharacterRunAutomaton automaton;

    private LikePattern(String pattern, Shape shape, String literal, CharacterRunAutomaton automaton) {
        this.pattern = pattern;
        this.shape = shape;
        this.literal = literal;
        this.automaton = automaton;
    }

    /** @throws IllegalArgumentException when the pattern is too complex to make deterministic */
    public static LikePattern compile(String pattern) {
        LikePattern simple = simple(pattern);
        if (simple != null) {
            return simple;
        }
        try {
            Automaton dfa = Operations.determinize(
                    WildcardQuery.toAutomaton(new Term("", pattern)), Operations.DEFAULT_DETERMINIZE_WORK_LIMIT);
            return new LikePattern(
                    pattern,
                    Shape.AUTOMATON,
                    null,
                    new CharacterRunAutomaton(dfa.getNumStates() == 0 ? Automata.makeEmpty() : dfa));
        } catch (TooComplexToDeterminizeException e) {
            throw new IllegalArgumentException("the LIKE pattern [" + pattern + "] is too complex", e);
        }
    }

    /**
     * The pattern as one of the simple shapes: at most one literal run (escapes resolved, a trailing lone
     * {@code \} literal as in Lucene) with {@code *} only at its ends and no {@code ?}; null for any other. The
     * empty pattern is the empty value (Lucene's automaton of it would accept nothing).
     */
    private static LikePattern simple(String pattern) {
        List<String> runs = new ArrayList<>();
        StringBuilder run = new StringBuilder();
        boolean leading = false;
        boolean trailing = false;
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '?') {
                return null;
            }
            if (c == '*') {
                if (run.isEmpty() && runs.isEmpty()) {
                    leading = true;
                } else if (!run.isEmpty()) {
                    runs.add(run.toString());
                    run.setLength(0);
                }
                trailing = true;
                continue;
            }
            trailing = false;
            if (c == '\\' && i + 1 < pattern.length()) {
                c = pattern.charAt(++i);
            }
            run.append(c);
        }
        if (!run.isEmpty()) {
            runs.add(run.toString());
        }
        if (runs.size() > 1) {
            return null;
        }
        if (runs.isEmpty()) {
            return new LikePattern(pattern, leading ? Shape.ANY : Shape.EXACT, "", null);
        }
        Shape shape =
                leading && trailing ? Shape.CONTAINS : leading ? Shape.SUFFIX : trailing ? Shape.PREFIX : Shape.EXACT;
        return new LikePattern(pattern, shape, runs.get(0), null);
    }

    public String pattern() {
        return pattern;
    }

    /** Whether the whole value matches. */
    public boolean matches(String value) {
        return switch (shape) {
            case EXACT -> value.equals(literal);
            case PREFIX -> value.startsWith(literal);
            case SUFFIX -> value.endsWith(literal);
            case CONTAINS -> value.contains(literal);
            case ANY -> true;
            case AUTOMATON -> automaton.run(value);
        };
    }

    @Override
    public String toString() {
        return pattern;
    }
}
