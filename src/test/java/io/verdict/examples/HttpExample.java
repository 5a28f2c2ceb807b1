package io.verdict.examples;

import java.util.List;

/**
 * One request of a {@code .http} file, as written: variables ({@code {{name}}}) are still in its URL, headers and
 * inline body, and a body line {@code < path} names a file to send in its place.
 *
 * @param title      the text after {@code ###}, else the {@code # @name}, else the method and URL
 * @param line       the 1-based line of the request line, for messages
 * @param url        the URL as written (it may hold spaces, encoded when sent)
 * @param headers    name and value pairs, in order
 * @param body       the body's lines (trailing blank lines removed); empty: no body
 * @param handler    the response-handler script between {@code > {%} and {@code %}}, or empty
 * @param handlerLine the 1-based line of {@code > {%} (0: no handler)
 * @param noRedirect {@code # @no-redirect}: a redirect is answered to the script, not followed
 */
record HttpExample(
        String title,
        int line,
        String method,
        String url,
        List<Header> headers,
        List<String> body,
        String handler,
        int handlerLine,
        boolean noRedirect) {

    record Header(String name, String value) {}

    /** The header's value as written, or null. */
    String header(String name) {
        return headers.stream()
                .filter(h -> h.name().equalsIgnoreCase(name))
                .map(Header::value)
                .findFirst()
                .orElse(null);
    }
}
