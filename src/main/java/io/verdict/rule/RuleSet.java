package io.verdict.rule;

import io.verdict.query.Problem;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One immutable snapshot of the loaded rules and of the problems met while loading them. The registry swaps
 * whole snapshots, so a reader that took one sees a consistent set for as long as it holds it.
 */
public final class RuleSet {

    public static final RuleSet EMPTY = new RuleSet(List.of(), List.of(), List.of(), 0, null, Duration.ZERO);

    private final Map<String, Rule> byId;
    private final List<Problem> errors;
    private final List<Problem> warnings;
    private final int files;
    private final Instant loadedAt;
    private final Duration loadTime;
    private final List<Rule> drafts;

    /** {@code rules} must have distinct ids; their order is kept. */
    public RuleSet(
            List<Rule> rules,
            List<Problem> errors,
            List<Problem> warnings,
            int files,
            Instant loadedAt,
            Duration loadTime) {
        this(rules, errors, warnings, files, loadedAt, loadTime, List.of());
    }

    /** As above, with the {@link RuleLoad#draft() drafts} of the files that did not load. */
    public RuleSet(
            List<Rule> rules,
            List<Problem> errors,
            List<Problem> warnings,
            int files,
            Instant loadedAt,
            Duration loadTime,
            List<Rule> drafts) {
        Map<String, Rule> index = new LinkedHashMap<>();
        for (Rule rule : rules) {
            if (index.putIfAbsent(rule.ruleId(), rule) != null) {
                throw new IllegalArgumentException("duplicate rule_id " + rule.ruleId());
            }
        }
        this.byId = Collections.unmodifiableMap(index);
        this.errors = List.copyOf(errors);
        this.warnings = List.copyOf(warnings);
        this.files = files;
        this.loadedAt = loadedAt;
        this.loadTime = loadTime;
        this.drafts = List.copyOf(drafts);
    }

    /**
     * What could be read of each file that did not load for errors of its own: never installed, compiled only so
     * that its queries' problems are reported beside the file's other errors.
     */
    public List<Rule> drafts() {
        return drafts;
    }

    public List<Rule> rules() {
        return List.copyOf(byId.values());
    }

    public int size() {
        return byId.size();
    }

    public Optional<Rule> find(String ruleId) {
        return Optional.ofNullable(byId.get(ruleId));
    }

    /** Problems that kept a file from loading, in file order. */
    public List<Problem> errors() {
        return errors;
    }

    public List<Problem> warnings() {
        return warnings;
    }

    /** How many rule files were read. */
    public int files() {
        return files;
    }

    /** When this set finished loading; null for the empty set a registry starts with. */
    public Instant loadedAt() {
        return loadedAt;
    }

    public Duration loadTime() {
        return loadTime;
    }

    /** How many distinct files had at least one error. */
    public long failedFiles() {
        return errors.stream().map(Problem::origin).distinct().count();
    }
}
