package io.verdict.esql;

import java.time.Instant;

/**
 * What one run of a query is given besides its documents.
 *
 * @param now   what {@code NOW()} answers, the same for every row
 * @param limit the most rows the run answers: ES's implicit {@code LIMIT 1000}, or what Kibana appends
 *              ({@code max_signals + 1})
 * @param trace whether to record, per command, the rows in and out ({@link EsqlResult#steps()})
 */
public record EsqlContext(Instant now, int limit, boolean trace) {

    /** ES's default when a query has no {@code LIMIT} of its own. */
    public static final int DEFAULT_LIMIT = 1000;
}
