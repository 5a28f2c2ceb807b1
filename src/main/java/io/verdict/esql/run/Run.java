package io.verdict.esql.run;

import io.verdict.esql.function.InvalidArgumentException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The state of one run of a compiled query: {@code NOW()}, the document whose rows are being computed (for
 * {@code KQL()}), and the warnings so far. One thread, one run.
 */
public final class Run {

    /** Failures of one expression recorded in warnings at most, as ES does. */
    static final int RECORDED_FAILURES = 20;

    private final Instant now;
    private final boolean quiet;
    private final int[] failures;
    private Set<String> warnings;
    private long groups = -1;

    /**
     * @param sites how many expressions of the query may fail (their {@link Site#id}s are below it)
     * @param quiet whether warnings are dropped (a leading filter deciding one event)
     */
    public Run(Instant now, int sites, boolean quiet) {
        this.now = now;
        this.quiet = quiet;
        this.failures = new int[quiet ? 0 : sites];
    }

    public Instant now() {
        return now;
    }

    /** The groups the last {@code STATS} made, for traces; -1 when the last command made none. */
    public long takeGroups() {
        long g = groups;
        groups = -1;
        return g;
    }

    void groups(long groups) {
        this.groups = groups;
    }

    /** Records that the expression at {@code site} failed with {@code failure}; its value is null (or false). */
    public void fail(Site site, RuntimeException failure, boolean asFalse) {
        if (quiet || failures[site.id()]++ >= RECORDED_FAILURES) {
            return;
        }
        if (warnings == null) {
            warnings = new LinkedHashSet<>();
        }
        if (failures[site.id()] == 1) {
            warnings.add(site.prefix() + "evaluation of [" + site.text() + "] failed, treating result as "
                    + (asFalse ? "false" : "null") + ". Only first " + RECORDED_FAILURES + " failures recorded.");
        }
        String name = failure instanceof InvalidArgumentException
                ? InvalidArgumentException.esName()
                : failure.getClass().getName();
        warnings.add(site.prefix() + name + ": " + failure.getMessage());
    }

    /** Records a warning that is not the failure of an expression. */
    public void warn(String warning) {
        if (!quiet) {
            if (warnings == null) {
                warnings = new LinkedHashSet<>();
            }
            warnings.add(warning);
        }
    }

    public List<String> warnings() {
        return warnings == null ? List.of() : new ArrayList<>(warnings);
    }
}
