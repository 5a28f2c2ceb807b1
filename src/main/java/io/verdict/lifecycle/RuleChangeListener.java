package io.verdict.lifecycle;

/**
 * Told of every rule change {@link RuleChanges} applied on behalf of a caller of this instance (not of changes it
 * applied from another instance, nor of reloads of the rule files, which every instance reads for itself): what is
 * needed to apply the same change elsewhere.
 */
@FunctionalInterface
public interface RuleChangeListener {

    /** Nobody listens. */
    RuleChangeListener NONE = change -> {};

    /**
     * One applied change to one rule.
     *
     * @param ruleId   the rule
     * @param action   create, replace, update, enable, disable, exceptions or delete
     * @param revision the rule's revision after the change (before it, for a delete)
     * @param toml     the rule as now stored, byte for byte; null when it was deleted
     * @param actor    who made it (the API key id), as audited
     */
    record Change(String ruleId, String action, int revision, String toml, String actor) {}

    /** Called while the change still holds the write lock, so changes are told in the order they were applied. */
    void changed(Change change);
}
