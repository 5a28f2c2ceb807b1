package io.verdict.output;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.verdict.config.VerdictProperties;
import io.verdict.engine.Alert;
import io.verdict.engine.AlertChain;
import io.verdict.engine.CompiledRule;
import io.verdict.engine.Detections;
import io.verdict.engine.Detector;
import io.verdict.engine.Evaluation;
import io.verdict.engine.Plan;
import io.verdict.engine.Selection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one place every released alert goes through, whatever released it (an evaluated event, a batch's stateless
 * and stateful rules, the ticks of ES|QL rules as event time moves): besides the answer of the request that released
 * it, each alert is appended to the {@link AlertFeed} and offered to every webhook's queue. Dry runs (rule tests,
 * explain, ES|QL queries, learning history) release nothing and do not come here.
 *
 * <p>{@link #publish} never blocks and never fails the request: the feed append is a few steps under a lock, and a
 * webhook that cannot keep up drops alerts from its own bounded queue (counted), never holding evaluation. With no
 * alert it does nothing at all.
 *
 * <p>With {@code verdict.alerts.chain}, released alerts are also decided again, as Kibana's documents of the alerts
 * index, by the rules over that index ({@link #chain}, {@link AlertChain}); what those rules make is released in
 * turn by the caller, into the same answer, and not chained again (one level).
 *
 * <p>Webhook senders start before the web server takes requests and stop after it has finished them: on shutdown
 * each sends what it holds for at most {@link #DRAIN}, and counts the rest as dropped.
 */
@Component
public class AlertOutputs implements SmartLifecycle {

    static final Duration DRAIN = Duration.ofSeconds(5);

    private final AlertFeed feed;
    private final AlertForms forms;
    private final List<WebhookSender> webhooks;
    private final Counter released;
    private final Clock clock;
    private final Detections detections;
    /** Null when chaining is off. */
    private final AlertChain chain;

    private final Plan.Unrouted unrouted;
    private final Duration budget;
    private volatile boolean running;

    public AlertOutputs(
            VerdictProperties properties, JsonMapper json, MeterRegistry meters, Detections detections, Clock clock) {
        VerdictProperties.Alerts alerts = properties.alerts();
        this.clock = clock;
        this.detections = detections;
        this.chain = alerts.chain() ? new AlertChain(properties.kibana().settings(), clock) : null;
        this.unrouted = properties.evaluate().unroutedEvents();
        this.budget = properties.evaluate().ruleBudget();
        this.feed = new AlertFeed(
                alerts.feed().maxAlerts(), alerts.feed().maxBytes().toBytes());
        this.forms = new AlertForms(properties.kibana().settings());
        this.released = Counter.builder("verdict.alerts.released")
                .description("alerts released to the feed and the webhooks")
                .register(meters);
        Gauge.builder("verdict.alerts.feed.size", feed, f -> f.stats().size())
                .description("alerts kept in the feed")
                .register(meters);
        Gauge.builder("verdict.alerts.feed.bytes", feed, f -> f.stats().bytes())
                .description("estimated heap the alerts of the feed hold")
                .baseUnit("bytes")
                .register(meters);
        List<WebhookSender> senders = new ArrayList<>();
        for (int i = 0; i < alerts.webhooks().size(); i++) {
            VerdictProperties.Alerts.Webhook hook = alerts.webhooks().get(i);
            senders.add(new WebhookSender(
                    hook.name().isEmpty() ? String.valueOf(i) : hook.name(), hook, forms, json, meters, clock));
        }
        this.webhooks = List.copyOf(senders);
    }

    /**
     * Releases {@code alerts}, made by {@code detector}'s rules: each goes to the feed and to every webhook, once.
     * Call it once per alert released, from whatever released it; never for a dry run.
     */
    public void publish(Detector detector, List<Alert> alerts) {
        if (alerts.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        for (Alert alert : alerts) {
            // the rule is kept with the alert, so that it renders as its Kibana document after a rule change
            CompiledRule rule = detector.find(alert.rule().ruleId()).orElse(null);
            long bytes = AlertFootprint.of(alert);
            ReleasedAlert entry =
                    feed.append(seq -> new ReleasedAlert(seq, now, alert, rule == null ? null : rule.rule(), bytes));
            for (WebhookSender webhook : webhooks) {
                webhook.offer(entry);
            }
        }
        released.increment(alerts.size());
    }

    /**
     * The alerts the rules over the alerts index make of {@code alerts}, decided as Kibana's documents of that index
     * with the service's state (none when chaining is off or no loaded rule searches the index); not released yet:
     * the caller releases them with its answer. Alerts of rules over the alerts index are not chained again.
     */
    public Evaluation chain(Detector detector, List<Alert> alerts, boolean includeEvent) {
        if (chain == null || alerts.isEmpty()) {
            return Evaluation.NONE;
        }
        Plan plan = detector.plan(Selection.ALL, unrouted)
                .withState(detections.state())
                .withBudget(budget);
        return chain.chain(plan, alerts, includeEvent);
    }

    /**
     * Releases {@code alerts} ({@link #publish}) and what the rules over the alerts index make of them
     * ({@link #chain}), itself released: the latter is returned, for the answer of the request.
     */
    public Evaluation release(Detector detector, List<Alert> alerts, boolean includeEvent) {
        publish(detector, alerts);
        Evaluation chained = chain(detector, alerts, includeEvent);
        publish(detector, chained.alerts());
        return chained;
    }

    public AlertFeed feed() {
        return feed;
    }

    public AlertForms forms() {
        return forms;
    }

    /** Each configured webhook's state, in the order configured. */
    public List<WebhookStatus> webhooks() {
        return webhooks.stream().map(WebhookSender::status).toList();
    }

    @Override
    public void start() {
        webhooks.forEach(WebhookSender::start);
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        // the webhooks drain side by side: the whole stop takes DRAIN at most, however many there are
        List<Thread> stopping = new ArrayList<>();
        for (WebhookSender webhook : webhooks) {
            Thread stop = new Thread(() -> webhook.stop(DRAIN), "verdict-webhook-stop");
            stop.start();
            stopping.add(stop);
        }
        for (Thread stop : stopping) {
            try {
                stop.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Started before, and stopped after, the web server (whose phase is higher), so no request's alert is lost. */
    @Override
    public int getPhase() {
        return 0;
    }
}
