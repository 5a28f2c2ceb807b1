package io.verdict.rule;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The one mutable thing about rules: a reference to the current {@link RuleSet}, swapped whole. Requests read it
 * once and work on that snapshot; a reload never shows a half-applied change.
 */
public final class RuleRegistry {

    private final AtomicReference<RuleSet> current = new AtomicReference<>(RuleSet.EMPTY);

    public RuleSet current() {
        return current.get();
    }

    /** Makes {@code next} the current set; returns the set it replaced. */
    public RuleSet replace(RuleSet next) {
        return current.getAndSet(next);
    }

    /** True once a load has completed (even one that found errors). */
    public boolean loaded() {
        return current.get().loadedAt() != null;
    }
}
