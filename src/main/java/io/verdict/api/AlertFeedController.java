package io.verdict.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.verdict.engine.Detections;
import io.verdict.event.DateMath;
import io.verdict.output.AlertFeed;
import io.verdict.output.AlertForms;
import io.verdict.output.AlertOutputs;
import io.verdict.output.ReleasedAlert;
import io.verdict.output.WebhookStatus;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Every alert Verdict released, whatever released it: the feed a playbook polls, and where the webhooks stand. */
@RestController
@Tag(name = "Alerts", description = "Every released alert, in one feed, and the webhooks they are posted to")
class AlertFeedController {

    static final List<String> SEVERITIES = List.of("low", "medium", "high", "critical");

    private final AlertOutputs outputs;
    private final Detections detections;
    private final Clock clock;

    AlertFeedController(AlertOutputs outputs, Detections detections, Clock clock) {
        this.outputs = outputs;
        this.clock = clock;
        this.detections = detections;
    }

    @GetMapping(path = "/api/v1/alerts", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Read the alert feed", description = """
            Every alert released by any request (an evaluated event, a batch, a sequence or threshold completed by \
            a later event, an ES|QL tick), newest last, each with a sequence number. Poll with after=<next of the \
            previous page> to read each alert once; missed says how many went from the bounded feed before they \
            were read. Without after: the newest alerts. An alert answered to its request is here too: dedupe by \
            its id.""")
    AlertFeedResponse alerts(
            @Parameter(
                            description = "a cursor: only alerts released after this sequence number (the next of the"
                                    + " previous page); 0 reads from the oldest kept")
                    @RequestParam(required = false)
                    @Min(0)
                    Long after,
            @Parameter(description = "alerts per page, 1 to 1000")
                    @RequestParam(defaultValue = "100")
                    @Min(1)
                    @Max(1000)
                    int limit,
            @Parameter(description = "only the alerts of these rules (repeat or comma-separate)")
                    @RequestParam(name = "rule_id", required = false)
                    List<String> ruleIds,
            @Parameter(
                            description = "only alerts of these severities (repeat or comma-separate)",
                            schema = @Schema(allowableValues = {"low", "medium", "high", "critical"}))
                    @RequestParam(required = false)
                    List<String> severity,
            @Parameter(
                            description =
                                    "only alerts released at or after this time: an ISO-8601 instant, or now-<n><unit>"
                                            + " (s, m, h, d)",
                            example = "now-15m")
                    @RequestParam(required = false)
                    String since,
            @Parameter(description = "verdict (default) or kibana: alerts as Kibana detection-alert documents")
                    @RequestParam(defaultValue = "verdict")
                    String format) {
        AlertForms.Form form = AlertForms.Form.named(format);
        if (form == null) {
            throw new InvalidParameterException("format", format, List.of("verdict", "kibana"));
        }
        Set<String> rules = split(ruleIds);
        Set<String> severities = split(severity);
        for (String value : severities) {
            if (!SEVERITIES.contains(value)) {
                throw new InvalidParameterException("severity", value, SEVERITIES);
            }
        }
        Instant from = since == null ? null : instant(since);
        Predicate<ReleasedAlert> filter = alert -> (rules.isEmpty()
                        || rules.contains(alert.alert().rule().ruleId()))
                && (severities.isEmpty() || severities.contains(alert.alert().severity()))
                && (from == null || !alert.releasedAt().isBefore(from));
        AlertFeed.Page page = outputs.feed().read(after, limit, filter);
        List<String> notices = new ArrayList<>();
        var detector = detections.current();
        List<String> unknown = rules.stream()
                .filter(id -> detector.find(id).isEmpty())
                .sorted()
                .toList();
        if (!unknown.isEmpty()) {
            notices.add("rule_id " + String.join(", ", unknown) + (unknown.size() == 1 ? " names" : " name")
                    + " no loaded rule; only alerts it released before a rule change can be listed.");
        }
        if (page.restarted()) {
            notices.add("after=" + after + " is past the newest alert (" + page.newest() + "): the feed is kept in"
                    + " memory and began again when the service started; read from the oldest alert kept.");
        }
        if (page.missed() > 0) {
            notices.add(page.missed() + (page.missed() == 1 ? " alert" : " alerts") + " after " + after
                    + " went from the feed (verdict.alerts.feed.max-alerts, max-bytes) before this read.");
        }
        List<AlertFeedResponse.FeedAlert> alerts = new ArrayList<>(page.alerts().size());
        for (ReleasedAlert alert : page.alerts()) {
            alerts.add(new AlertFeedResponse.FeedAlert(
                    alert.seq(), alert.releasedAt(), outputs.forms().render(alert, form)));
        }
        boolean empty = page.oldest() > page.newest();
        return new AlertFeedResponse(alerts, page.next(), empty ? null : page.oldest(), page.missed(), notices);
    }

    /** The feed's bounds and use, and each webhook's state. */
    record OutputsView(FeedView feed, List<WebhookStatus> webhooks) {}

    /**
     * @param size     alerts kept
     * @param bytes    their estimated heap
     * @param evicted  alerts dropped from the feed to stay within its bounds, since start
     */
    record FeedView(int size, long bytes, Long oldest, long newest, long evicted, int maxAlerts, long maxBytes) {}

    @GetMapping(path = "/api/v1/alerts/_outputs", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "Where released alerts go",
            description = "The feed (alerts kept, estimated bytes, oldest"
                    + " and newest sequence numbers, evicted) and every configured webhook: its URL without user info or"
                    + " query, queued, delivered, failed, retries, dropped, the last error and the last success.")
    OutputsView outputs() {
        AlertFeed.Stats stats = outputs.feed().stats();
        return new OutputsView(
                new FeedView(
                        stats.size(),
                        stats.bytes(),
                        stats.size() == 0 ? null : stats.oldest(),
                        stats.newest(),
                        stats.evicted(),
                        stats.maxAlerts(),
                        stats.maxBytes()),
                outputs.webhooks());
    }

    private Instant instant(String since) {
        String text = since.strip();
        if (text.equals("now")) {
            return clock.instant();
        }
        Optional<Duration> back = DateMath.lookBack(text);
        if (back.isPresent()) {
            return clock.instant().minus(back.get());
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new BadInputException(
                    HttpStatus.BAD_REQUEST,
                    "invalid-parameter",
                    "Parameter 'since' must be an"
                            + " ISO-8601 instant such as 2026-01-01T00:00:00Z, or now-<n><unit> such as now-15m, not '"
                            + (text.length() > 64 ? text.substring(0, 64) + "…" : text) + "'.",
                    null,
                    null);
        }
    }

    private static Set<String> split(List<String> values) {
        if (values == null) {
            return Set.of();
        }
        return values.stream()
                .flatMap(v -> Arrays.stream(v.split(",")))
                .map(String::strip)
                .filter(v -> !v.isEmpty())
                .collect(Collectors.toSet());
    }
}
