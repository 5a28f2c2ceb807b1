package io.verdict.output;

import java.time.Instant;

/**
 * A webhook as the status view shows it: counts since start, what is queued, and how its last POSTs went.
 *
 * @param url the configured URL without user info, query or fragment
 */
public record WebhookStatus(
        String name,
        String url,
        String format,
        String mode,
        int queued,
        int queueSize,
        long delivered,
        long failed,
        long retries,
        long dropped,
        String lastError,
        Instant lastErrorAt,
        Instant lastSuccessAt) {}
