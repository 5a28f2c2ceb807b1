package io.verdict.esql;

/**
 * A run of a compiled query that cannot go on: a command Verdict does not run, or a bound on groups or rows
 * reached (where Elasticsearch would trip a circuit breaker). The message says which, in a sentence.
 */
public class EsqlRunException extends RuntimeException {

    public EsqlRunException(String message) {
        super(message);
    }
}
