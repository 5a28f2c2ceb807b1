package io.verdict.esql.compile;

import java.util.function.Predicate;

import org.apache.lucene.util.automaton.CharacterRunAutomaton;
import org.apache.lucene.util.automaton.Operations;
import org.apache.lucene.util.automaton.RegExp;
import org.apache.lucene.util.automaton.TooComplexToDeterminizeException;

import io.verdict.query.Budget;

/**
 * {@code RLIKE}'s pattern: Lucene's {@code RegExp} with every operator ES|QL enables ({@code @ & ~ # <n-m>}),
 * anchored at both ends, case-sensitive, as a deterministic automaton run once over the value.
 */
final class Rlike implements Predicate<String> {

    private static final int WORK_LIMIT = Operations.DEFAULT_DETERMINIZE_WORK_LIMIT;

    private final CharacterRunAutomaton automaton;

    private Rlike(CharacterRunAutomaton automaton) {
        this.automaton = automaton;
    }

    /** @throws IllegalArgumentException for a pattern Lucene refuses or one too complex to determinize */
    static Rlike compile(String pattern) {
        try {
            RegExp regex = new RegExp(pattern, RegExp.ALL);
            return new Rlike(new CharacterRunAutomaton(Operations.determinize(regex.toAutomaton(), WORK_LIMIT)));
        } catch (TooComplexToDeterminizeException e) {
            throw new IllegalArgumentException("the pattern is too complex to run");
        }
    }

    @Override
    public boolean test(String value) {
        if (value.length() >= Budget.SMALL) {
            Budget.charge(value.length());
        }
        return automaton.run(value);
    }
}
