package io.verdict.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * Checks a configured webhook when the properties are bound, so a bad one stops the start with a message naming
 * what is wrong rather than failing every delivery later. Messages never repeat a URL's user info or query, which
 * may hold credentials.
 */
final class WebhookChecks {

    private WebhookChecks() {}

    /** The values of a webhook's properties, as its constructor has them (its fields are not set yet). */
    static void check(
            String url,
            Map<String, String> headers,
            Duration timeout,
            int maxAttempts,
            int batchSize,
            Duration linger,
            int queueSize,
            Duration backoff) {
        URI uri = uri(url);
        if (maxAttempts < 1 || maxAttempts > 100) {
            throw new IllegalArgumentException("max-attempts must be between 1 and 100, not " + maxAttempts);
        }
        if (batchSize < 1 || batchSize > 10_000) {
            throw new IllegalArgumentException("batch-size must be between 1 and 10000, not " + batchSize);
        }
        if (queueSize < 1 || queueSize > 10_000_000) {
            throw new IllegalArgumentException("queue-size must be between 1 and 10000000, not " + queueSize);
        }
        positive("timeout", timeout);
        positive("backoff", backoff);
        if (linger.isNegative()) {
            throw new IllegalArgumentException("linger must not be negative, not " + linger);
        }
        for (Map.Entry<String, String> header : headers.entrySet()) {
            try {
                // the client refuses the headers it sets itself (Host, Content-Length, Connection ...) and bad names
                HttpRequest.newBuilder(uri).header(header.getKey(), header.getValue() == null ? "" : header.getValue());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "header '" + header.getKey() + "' cannot be sent: " + e.getMessage());
            }
        }
    }

    private static URI uri(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("url is required (an http or https URL)");
        }
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("url is not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("url must be an http or https URL, not one of scheme '"
                    + (scheme.isEmpty() ? "(none)" : scheme) + "'");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException("url must name a host: " + scheme + "://"
                    + (uri.getRawAuthority() == null
                            ? ""
                            : uri.getRawAuthority().replaceFirst("^[^@]*@", "…@")) + " has none");
        }
        return uri;
    }

    private static void positive(String name, Duration value) {
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive, not " + value);
        }
    }
}
