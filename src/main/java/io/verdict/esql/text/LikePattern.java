package io.verdict.esql.text;

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
 * match takes one step per character of the value whatever the pattern ({@code *a*a*a*b} included). Immutable and
 * thread-safe.
 */
public final class LikePattern {

    private final String pattern;
    private final CharacterRunAutomaton automaton;

    private LikePattern(String pattern, CharacterRunAutomaton automaton) {
        this.pattern = pattern;
        this.automaton = automaton;
    }

    /** @throws IllegalArgumentException when the pattern is too complex to make deterministic */
    public static LikePattern compile(String pattern) {
        try {
            // Lucene's wildcard automaton of an empty pattern accepts nothing; as a pattern it means the empty value
            Automaton automaton = pattern.isEmpty() ? Automata.makeEmptyString()
                    : WildcardQuery.toAutomaton(new Term("", pattern));
            Automaton dfa = Operations.determinize(automaton, Operations.DEFAULT_DETERMINIZE_WORK_LIMIT);
            return new LikePattern(pattern, new CharacterRunAutomaton(dfa.getNumStates() == 0 ? Automata.makeEmpty() : dfa));
        } catch (TooComplexToDeterminizeException e) {
            throw new IllegalArgumentException("the LIKE pattern [" + pattern + "] is too complex", e);
        }
    }

    public String pattern() {
        return pattern;
    }

    /** Whether the whole value matches. */
    public boolean matches(String value) {
        return automaton.run(value);
    }

    @Override
    public String toString() {
        return pattern;
    }
}
