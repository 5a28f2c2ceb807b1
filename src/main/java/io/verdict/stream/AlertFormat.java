package io.verdict.stream;

/** The form alerts are written to the alerts topic in. */
public enum AlertFormat {
    /** Verdict's alert, as the HTTP API answers it. */
    VERDICT,
    /** Kibana's alert document, as the alerts index holds it. */
    KIBANA
}
