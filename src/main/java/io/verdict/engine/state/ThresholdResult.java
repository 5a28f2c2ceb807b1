package io.verdict.engine.state;

import java.time.Instant;
import java.util.List;

/**
 * Kibana's {@code threshold_result}: the group's terms, the distinct counts of the cardinality fields, how many
 * events the window held, and where the window started.
 */
public record ThresholdResult(List<Term> terms, List<Term> cardinality, long count, Instant from) {

    public ThresholdResult {
        terms = List.copyOf(terms);
        cardinality = List.copyOf(cardinality);
    }

    /** A field and its value (a term) or its distinct count (a cardinality). */
    public record Term(String field, Object value) {}
}
