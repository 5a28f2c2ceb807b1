package io.verdict.battery;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * One answer as the client saw it: status (0 when there was none), headers as sent, the body (kept up to a limit),
 * how the exchange ended and how long it took.
 */
record Answer(
        int status, List<String> headers, byte[] body, Outcome outcome, String error, long nanos, boolean clipped) {

    enum Outcome {
        /** the whole answer was read */
        COMPLETE,
        /** an answer began but its body ended early (a chunked stream without its last chunk, a reset) */
        CUT,
        /** no answer, or not all of it, within the client's timeout */
        TIMEOUT,
        /** the port did not accept the connection */
        NOT_CONNECTED,
        /** the connection failed otherwise (reset, closed before an answer) */
        CONNECTION_ERROR
    }

    static Answer failed(Outcome outcome, String error, long started) {
        return new Answer(0, List.of(), new byte[0], outcome, error, System.nanoTime() - started, false);
    }

    /** The value of the first header of that name, or "". */
    String header(String name) {
        for (String header : headers) {
            int colon = header.indexOf(':');
            if (colon > 0 && header.substring(0, colon).trim().equalsIgnoreCase(name)) {
                return header.substring(colon + 1).trim();
            }
        }
        return "";
    }

    String contentType() {
        return header("Content-Type").toLowerCase(Locale.ROOT);
    }

    String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    double millis() {
        return nanos / 1e6;
    }

    boolean answered() {
        return status > 0;
    }

    /** An RFC 9457 problem of this service: problem+json whose type is one of its urns. */
    boolean isProblem() {
        return contentType().startsWith("application/problem+json") && text().contains("\"urn:verdict:problem:");
    }

    /** A short excerpt for a report: status and the start of the body, on one line. */
    String excerpt(int max) {
        String text = answered() ? text() : outcome + ": " + error;
        text = text.replaceAll("\\s+", " ");
        return (answered() ? status + " " : "") + (text.length() > max ? text.substring(0, max) + "…" : text);
    }
}
