package io.verdict.eql;

/** The shape of a query, which decides how it can be evaluated. */
public enum QueryKind {
    /** {@code category where ...}: decided one event at a time. */
    EVENT,
    /** {@code sequence ...}: needs stateful evaluation over ordered events. */
    SEQUENCE,
    /** {@code sample ...}: needs stateful evaluation over a set of events. */
    SAMPLE;

    public boolean needsStatefulEvaluation() {
        return this != EVENT;
    }
}
