package io.verdict.output;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.verdict.config.VerdictProperties;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Posts the alerts queued for one webhook, from a thread of its own, so that evaluation never waits for the
 * receiver: {@link #offer} only adds to a bounded queue (a full queue drops the alert for this webhook and counts
 * it). NDJSON mode sends up to {@code batch-size} alerts per POST, waiting at most {@code linger} after the first;
 * single mode one alert per POST. A POST that fails with a connection error, a time-out, 408, 429 or 5xx is tried
 * again after an exponential back-off with jitter (from {@code backoff}, doubled per attempt, at most 30 s; a
 * {@code Retry-After} of a 429 or 503 is waited instead, up to 60 s); any other answer but 2xx fails it at once.
 * After {@code max-attempts} its alerts are counted as failed.
 */
final class WebhookSender {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookSender.class);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(60);
    static final String DELIVERY_HEADER = "X-Verdict-Delivery";

    private final String name;
    private final VerdictProperties.Alerts.Webhook config;
    private final URI uri;
    private final String shownUrl;
    private final AlertForms forms;
    private final AlertForms.Form form;
    private final JsonMapper json;
    private final WebhookSignature signature;
    private final HttpClient client;
    private final Duration backoff;
    private final Clock clock;
    private final ArrayBlockingQueue<ReleasedAlert> queue;
    private final Counter delivered;
    private final Counter failed;
    private final Counter retries;
    private final Counter dropped;
    private final Thread thread;
    private volatile boolean stopping;
    private volatile long drainUntil = Long.MAX_VALUE;
    private volatile String lastError;
    private volatile Instant lastErrorAt;
    private volatile Instant lastSuccessAt;

    WebhookSender(
            String name,
            VerdictProperties.Alerts.Webhook config,
            AlertForms forms,
            JsonMapper json,
            MeterRegistry meters,
            Clock clock) {
        this.name = name;
        this.config = config;
        this.uri = URI.create(config.url().strip());
        this.shownUrl = shown(uri);
        this.forms = forms;
        this.form = config.format() == VerdictProperties.Alerts.Format.KIBANA
                ? AlertForms.Form.KIBANA
                : AlertForms.Form.VERDICT;
        this.json = json;
        this.signature = config.secret() == null ? null : new WebhookSignature(config.secret());
        this.client = HttpClient.newBuilder()
                .connectTimeout(config.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.backoff = config.backoff();
        this.clock = clock;
        this.queue = new ArrayBlockingQueue<>(config.queueSize());
        this.delivered = counter(meters, "verdict.alerts.webhook.delivered", "alerts the webhook took (2xx)");
        this.failed = counter(
                meters,
                "verdict.alerts.webhook.failed",
                "alerts whose POST failed every attempt, or was refused with a 4xx");
        this.retries = counter(meters, "verdict.alerts.webhook.retries", "POSTs tried again");
        this.dropped = counter(
                meters,
                "verdict.alerts.webhook.dropped",
                "alerts not sent: the queue was full, or still held when the service stopped");
        Gauge.builder("verdict.alerts.webhook.queue", queue, ArrayBlockingQueue::size)
                .tag("webhook", name)
                .description("alerts waiting to be sent")
                .register(meters);
        this.thread = new Thread(this::run, "verdict-webhook-" + name);
        thread.setDaemon(true);
    }

    private Counter counter(MeterRegistry meters, String metric, String description) {
        return Counter.builder(metric)
                .tag("webhook", name)
                .description(description)
                .register(meters);
    }

    /** The URL without user info, query or fragment, which may hold credentials. */
    static String shown(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
                + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }

    void start() {
        thread.start();
    }

    /** Queues an alert; never waits. False, counted as dropped, when the queue is full or the service stops. */
    boolean offer(ReleasedAlert alert) {
        if (stopping || !queue.offer(alert)) {
            dropped.increment();
            return false;
        }
        return true;
    }

    /** Stops taking alerts, sends what is queued for at most {@code drain}, then counts the rest as dropped. */
    void stop(Duration drain) {
        drainUntil = System.nanoTime() + drain.toNanos();
        stopping = true;
        try {
            thread.join(Math.max(1, drain.toMillis()));
            if (thread.isAlive()) {
                thread.interrupt();
                thread.join(1_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<ReleasedAlert> rest = new ArrayList<>();
        queue.drainTo(rest);
        if (!rest.isEmpty()) {
            dropped.increment(rest.size());
            LOG.warn(
                    "Webhook {} ({}): {} alerts were still queued at shutdown and are not sent",
                    name,
                    shownUrl,
                    rest.size());
        }
    }

    private boolean draining() {
        return stopping && System.nanoTime() - drainUntil < 0;
    }

    private void run() {
        List<ReleasedAlert> batch = new ArrayList<>();
        while (!stopping || (draining() && !queue.isEmpty())) {
            try {
                ReleasedAlert first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                if (config.mode() == VerdictProperties.Alerts.Mode.NDJSON) {
                    long until = System.nanoTime() + config.linger().toNanos();
                    while (batch.size() < config.batchSize()) {
                        long left = stopping ? 0 : until - System.nanoTime();
                        ReleasedAlert more = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : queue.poll();
                        if (more == null) {
                            break;
                        }
                        batch.add(more);
                    }
                }
                deliver(batch);
            } catch (InterruptedException e) {
                dropped.increment(batch.size());
                return;
            } catch (RuntimeException e) {
                // one batch that cannot be sent must not end the sender
                failed.increment(batch.size());
                error("could not send: " + e.getClass().getSimpleName());
                LOG.warn("Webhook {} ({}): a POST of {} alerts failed", name, shownUrl, batch.size(), e);
            }
            batch.clear();
        }
    }

    private void deliver(List<ReleasedAlert> batch) throws InterruptedException {
        byte[] body = body(batch);
        if (body == null) {
            return;
        }
        String delivery = UUID.randomUUID().toString();
        for (int attempt = 1; ; attempt++) {
            Duration wait;
            try {
                HttpResponse<Void> answer =
                        client.send(request(body, delivery), HttpResponse.BodyHandlers.discarding());
                int status = answer.statusCode();
                if (status >= 200 && status < 300) {
                    delivered.increment(batch.size());
                    lastSuccessAt = clock.instant();
                    return;
                }
                error("HTTP " + status);
                if (!retryable(status)) {
                    failed.increment(batch.size());
                    return;
                }
                wait = retryAfter(
                        status, answer.headers().firstValue("Retry-After").orElse(null), clock);
            } catch (IOException e) {
                error(
                        e instanceof java.net.http.HttpTimeoutException
                                ? "timed out after " + config.timeout()
                                : "could not connect or send: " + e.getClass().getSimpleName());
                wait = null;
            }
            if (attempt >= config.maxAttempts() || (stopping && !draining())) {
                failed.increment(batch.size());
                return;
            }
            retries.increment();
            sleep(wait != null ? wait : backoff(attempt));
        }
    }

    /** The batch as the webhook takes it; null (counted as failed) when an alert cannot be written as JSON. */
    private byte[] body(List<ReleasedAlert> batch) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int unwritable = 0;
        for (ReleasedAlert alert : batch) {
            try {
                byte[] one = json.writeValueAsBytes(forms.render(alert, form));
                if (config.mode() == VerdictProperties.Alerts.Mode.SINGLE) {
                    return one;
                }
                out.writeBytes(one);
                out.write('\n');
            } catch (RuntimeException e) {
                unwritable++;
            }
        }
        if (unwritable > 0) {
            failed.increment(unwritable);
            error(unwritable + " alerts could not be written as JSON");
        }
        return out.size() == 0 ? null : out.toByteArray();
    }

    private HttpRequest request(byte[] body, String delivery) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(config.timeout())
                .header(
                        "Content-Type",
                        config.mode() == VerdictProperties.Alerts.Mode.NDJSON
                                ? "application/x-ndjson"
                                : "application/json")
                .header("User-Agent", "Verdict")
                .header(DELIVERY_HEADER, delivery)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        config.headers().forEach(request::header);
        if (signature != null) {
            long timestamp = clock.instant().getEpochSecond();
            request.header(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
                    .header(WebhookSignature.SIGNATURE_HEADER, signature.sign(timestamp, body));
        }
        return request.build();
    }

    static boolean retryable(int status) {
        return status == 408 || status == 429 || status >= 500;
    }

    /** A 429's or 503's Retry-After (seconds or an HTTP date), at most {@link #MAX_RETRY_AFTER}; else null. */
    static Duration retryAfter(int status, String header, Clock clock) {
        if ((status != 429 && status != 503) || header == null || header.isBlank()) {
            return null;
        }
        Duration wait;
        try {
            wait = Duration.ofSeconds(Long.parseLong(header.strip()));
        } catch (NumberFormatException e) {
            try {
                wait = Duration.between(
                        clock.instant(),
                        ZonedDateTime.parse(header.strip(), DateTimeFormatter.RFC_1123_DATE_TIME)
                                .toInstant());
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
        return wait.isNegative() ? Duration.ZERO : wait.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : wait;
    }

    /** The wait before attempt {@code attempt + 1}: half the doubled back-off, plus a random part of the other half. */
    Duration backoff(int attempt) {
        long full = Math.min(MAX_BACKOFF.toMillis(), backoff.toMillis() << Math.min(attempt - 1, 20));
        return Duration.ofMillis(full / 2 + ThreadLocalRandom.current().nextLong(full / 2 + 1));
    }

    private void sleep(Duration wait) throws InterruptedException {
        long nanos = wait.toNanos();
        if (stopping) {
            nanos = Math.min(nanos, Math.max(0, drainUntil - System.nanoTime()));
        }
        TimeUnit.NANOSECONDS.sleep(nanos);
    }

    private void error(String message) {
        lastError = message;
        lastErrorAt = clock.instant();
    }

    WebhookStatus status() {
        return new WebhookStatus(
                name,
                shownUrl,
                form.name().toLowerCase(java.util.Locale.ROOT),
                config.mode().name().toLowerCase(java.util.Locale.ROOT),
                queue.size(),
                config.queueSize(),
                (long) delivered.count(),
                (long) failed.count(),
                (long) retries.count(),
                (long) dropped.count(),
                lastError,
                lastErrorAt,
                lastSuccessAt);
    }
}
