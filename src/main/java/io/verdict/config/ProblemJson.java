package io.verdict.config;

import java.nio.charset.StandardCharsets;

/**
 * An RFC 9457 problem body written where Spring MVC does not answer (Tomcat's own errors, requests cut while their
 * body is read). The texts are the service's own, never the client's input, so escaping quotes and backslashes is
 * all they need.
 */
final class ProblemJson {

    static final String MEDIA_TYPE = "application/problem+json";

    private ProblemJson() {}

    static byte[] of(int status, String kind, String title, String detail) {
        return ("{\"type\":\"urn:verdict:problem:" + kind + "\",\"title\":\"" + escape(title) + "\",\"status\":"
                        + status + ",\"detail\":\"" + escape(detail) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
