package io.verdict.esql.text;

import org.apache.lucene.util.automaton.Automata;
import org.apache.lucene.util.automaton.Automaton;
import org.apache.lucene.util.automaton.CharacterRunAutomaton;
import org.apache.lucene.util.automaton.Operations;
import org.apache.lucene.util.automaton.RegExp;
import org.apache.lucene.util.automaton.TooComplexToDeterminizeException;

/**
 * An ES|QL {@code RLIKE} pattern: a Lucene regular expression with every optional operator on, as Elasticsearch
 * builds it ({@code RegExp.ALL}): besides {@code . ? + * {n,m} | ( ) [..] \d \w \s} and {@code "quoted"} text,
 * {@code @} is any string, {@code &} intersection, {@code ~} complement, {@code #} the empty language and
 * {@code <n-m>} a numeric interval; {@code ^} and {@code $} are plain characters, a leading {@code *} is a
 * literal star. The pattern covers the whole value, case-sensitively. It compiles once to a deterministic
 * automaton (within Lucene's default determinization work limit, after {@link RegexSize} has bounded what it may
 * build), so a match takes one step per character of the value. Immutable and thread-safe.
 */
public final class RlikePattern {

    private final String pattern;
    private final CharacterRunAutomaton automaton;

    private RlikePattern(String pattern, CharacterRunAutomaton automaton) {
        this.pattern = pattern;
        this.automaton = automaton;
    }

    /**
     * @throws IllegalArgumentException when the pattern is not a Lucene regular expression, names an automaton
     *                                  ({@code <name>}), or is too complex to make deterministic
     */
    public static RlikePattern compile(String pattern) {
        String size = RegexSize.problem(pattern);
        if (size != null) {
            throw new IllegalArgumentException("the RLIKE pattern [" + pattern + "] is too large to run: " + size);
        }
        try {
            Automaton nfa = new RegExp(pattern, RegExp.ALL).toAutomaton(Operations.DEFAULT_DETERMINIZE_WORK_LIMIT);
            Automaton dfa = Operations.determinize(nfa, Operations.DEFAULT_DETERMINIZE_WORK_LIMIT);
            // the empty language ('#', 'a&b') may come out with no state at all, which no run automaton accepts
            return new RlikePattern(
                    pattern, new CharacterRunAutomaton(dfa.getNumStates() == 0 ? Automata.makeEmpty() : dfa));
        } catch (TooComplexToDeterminizeException e) {
            throw new IllegalArgumentException("the RLIKE pattern [" + pattern + "] is too complex to run", e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid RLIKE pattern [" + pattern + "]: " + e.getMessage(), e);
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
