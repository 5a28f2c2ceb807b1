package io.verdict.engine;

/**
 * Whether a rule is decided event by event here (alone, or with state across events), and if not, why. Every rule of a set has exactly one, so a
 * response can account for every rule: evaluated, or skipped for a stated reason.
 */
public enum Coverage {
    EVALUATED("evaluated"),
    DISABLED("disabled"),
    QUERY_ERROR("query_error"),
    EQL_SEQUENCE("evaluated:eql_sequence"),
    EQL_SAMPLE("evaluated:eql_sample"),
    THRESHOLD("evaluated:threshold"),
    NEW_TERMS("evaluated:new_terms"),
    /** An ES|QL query that works on one row at a time: decided per event, one alert per row it yields. */
    ESQL_EVENT("evaluated:esql"),
    /** An ES|QL query that aggregates or otherwise needs many rows: run over a window of events at each tick. */
    ESQL_WINDOW("evaluated:esql_window"),
    /** An ES|QL query that asks a language model ({@code COMPLETION}); Verdict calls none. */
    ESQL_INFERENCE("needs_inference:completion"),
    /** An ES|QL query with a command Verdict does not run ({@code LOOKUP JOIN}, {@code ENRICH} ...), named in its problem. */
    ESQL_COMMAND("engine_not_built:esql_command"),
    /** An indicator match rule: its events are matched against the indicators kept in the state store. */
    THREAT_MATCH("evaluated:threat_match"),
    MACHINE_LEARNING("needs_ml_jobs:machine_learning"),
    SAVED_QUERY("needs_saved_query:saved_query"),
    LUCENE("unsupported_language:lucene");

    private final String reason;

    Coverage(String reason) {
        this.reason = reason;
    }

    /** The reason as the API reports it, e.g. {@code needs_state:eql_sequence}. */
    public String reason() {
        return reason;
    }

    /** Decided event by event on its own. */
    public boolean evaluated() {
        return this == EVALUATED || this == ESQL_EVENT;
    }

    /** Decided event by event with state kept across events and requests (see {@link StateStore}). */
    public boolean stateful() {
        return this == THRESHOLD
                || this == NEW_TERMS
                || this == EQL_SEQUENCE
                || this == EQL_SAMPLE
                || this == ESQL_WINDOW
                || this == THREAT_MATCH;
    }
}
