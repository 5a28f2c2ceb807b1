package io.verdict.engine;

import io.verdict.rule.RuleSet;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The one mutable thing about rules: the current {@link Detector} — the {@link RuleSet} it was compiled from and
 * what it compiled to, one snapshot — swapped whole when the rules change. A request reads it once and works on that
 * snapshot; a reload never shows a half-applied change, nor a rule set beside a detector of another.
 */
public final class Detections {

    private final RuleCompiler compiler;
    private final StateStore state;
    private final AtomicReference<Detector> current = new AtomicReference<>(Detector.EMPTY);

    public Detections(RuleCompiler compiler) {
        this(compiler, new StateStore(100_000, 1_000_000));
    }

    public Detections(RuleCompiler compiler, StateStore state) {
        this.compiler = compiler;
        this.state = state;
    }

    /** The rules a request applies against the current detector, with the service's state across requests. */
    public Plan plan(Selection selection, Plan.Unrouted unrouted) {
        return current.get().plan(selection, unrouted).withState(state);
    }

    public StateStore state() {
        return state;
    }

    /** The compiler the detectors are made with, e.g. to check one rule's queries before it is stored. */
    public RuleCompiler compiler() {
        return compiler;
    }

    public Detector current() {
        return current.get();
    }

    /** The rules of the current snapshot (read {@link #current()} once instead when the detector is needed too). */
    public RuleSet rules() {
        return current.get().ruleSet();
    }

    /** Compiles {@code rules} (outside any lock) and then makes the result current. */
    public Detector install(RuleSet rules) {
        Detector next = compiler.compile(rules);
        current.set(next);
        state.retain(next);
        return next;
    }

    /** Makes an already compiled detector current (e.g. one whose rules passed their own tests). */
    public Detector install(Detector next) {
        current.set(next);
        state.retain(next);
        return next;
    }

    /** True once a loaded rule set has been compiled. */
    public boolean ready() {
        return current.get().ruleSet().loadedAt() != null;
    }
}
