package io.verdict.engine;

import java.util.concurrent.atomic.AtomicReference;

import io.verdict.rule.RuleSet;

/**
 * The current {@link Detector}, swapped whole when the rules change: a request reads it once and evaluates all
 * its events against that one snapshot.
 */
public final class Detections {

    private final RuleCompiler compiler;
    private final AtomicReference<Detector> current = new AtomicReference<>(Detector.EMPTY);

    public Detections(RuleCompiler compiler) {
        this.compiler = compiler;
    }

    /** The compiler the detectors are made with, e.g. to check one rule's queries before it is stored. */
    public RuleCompiler compiler() {
        return compiler;
    }

    public Detector current() {
        return current.get();
    }

    /** Compiles {@code rules} (outside any lock) and then makes the result current. */
    public Detector install(RuleSet rules) {
        Detector next = compiler.compile(rules);
        current.set(next);
        return next;
    }

    /** True once a loaded rule set has been compiled. */
    public boolean ready() {
        return current.get().ruleSet().loadedAt() != null;
    }
}
