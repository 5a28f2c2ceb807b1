package io.verdict.stream;

import io.verdict.engine.Detector;
import io.verdict.engine.StateKeys;
import java.util.function.Supplier;

/**
 * The current rule set with its {@link StateKeys}, made once per rule set for all the tasks of an instance: the
 * keys compile every sequence and sample rule's query, which is not worth doing once per partition.
 */
final class RuleKeys {

    /** A rule set and its keys. */
    record Current(Detector detector, StateKeys keys) {}

    private final Supplier<Detector> rules;
    private volatile Current current = new Current(null, null);

    RuleKeys(Supplier<Detector> rules) {
        this.rules = rules;
    }

    /** The rule set of now and its keys; the keys are made again only when the rule set changed. */
    Current get() {
        Detector now = rules.get();
        Current known = current;
        if (known.detector() == now) {
            return known;
        }
        synchronized (this) {
            if (current.detector() != now) {
                current = new Current(now, StateKeys.of(now));
            }
            return current;
        }
    }
}
