package io.verdict.stream;

import io.verdict.engine.Alert;
import io.verdict.engine.CompiledRule;
import io.verdict.engine.Detector;
import io.verdict.engine.Evaluation;
import io.verdict.engine.Plan;
import io.verdict.engine.Selection;
import io.verdict.engine.StateKeys;
import io.verdict.event.Event;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The input side, on the input topics' partitions: reads a record's events, decides every event on the stateless
 * rules (alerts go out at once), and sends each event that passes a stateful rule's query to the state topic once
 * per key of that rule's state it changes, keyed by that key and stamped with the rule's event time. What is not an
 * event goes to the dead-letter topic. Nothing here throws for bad input.
 */
final class DecideProcessor implements Processor<byte[], byte[], byte[], Routed> {

    private static final System.Logger LOG = System.getLogger(DecideProcessor.class.getName());

    private final StreamSettings settings;
    private final RuleKeys rules;
    private final RecordEvents reader;
    private final AlertRecords alerts;
    private ProcessorContext<byte[], Routed> context;
    /** The rule set the keys and plan below belong to. */
    private Detector detector;

    private Plan plan;
    private StateKeys keys;

    DecideProcessor(StreamSettings settings, RuleKeys rules) {
        this.settings = settings;
        this.rules = rules;
        this.reader = new RecordEvents(settings.maxRecordBytes(), settings.maxEventsPerRecord());
        this.alerts = new AlertRecords(settings.alertFormat(), settings.clock());
    }

    @Override
    public void init(ProcessorContext<byte[], Routed> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        refresh();
        for (RecordEvents.Item item : reader.read(record.value(), detector.fields())) {
            if (item.problem() != null) {
                deadLetter(record, item.bytes(), item.problem());
                continue;
            }
            Plan.Decided decided;
            try {
                decided = plan.decide(item.event(), settings.includeEvent());
            } catch (Evaluation.UnreadableEvent e) {
                deadLetter(
                        record,
                        item.bytes(),
                        new RecordEvents.Problem("unreadable-event", e.getMessage(), item.line(), null));
                continue;
            }
            for (Alert alert : decided.evaluation().alerts()) {
                forwardAlert(record, alert);
            }
            for (Evaluation.RuleFailure failure : decided.evaluation().failures()) {
                LOG.log(
                        System.Logger.Level.WARNING,
                        "rule {0} failed on an event: {1}",
                        failure.ruleId(),
                        failure.message());
            }
            if (decided.stateful().length > 0) {
                keyed(record, item, decided.stateful());
            }
        }
    }

    /** The rule set of now; the plan and keys are made again only when it changed. */
    private void refresh() {
        RuleKeys.Current now = rules.get();
        if (now.detector() != detector) {
            detector = now.detector();
            plan = detector.plan(Selection.ALL, Plan.Unrouted.ALL_RULES);
            keys = now.keys();
        }
    }

    private void forwardAlert(Record<byte[], byte[]> record, Alert alert) {
        CompiledRule rule = detector.find(alert.rule().ruleId()).orElse(null);
        byte[] value = alerts.value(alert, rule == null ? null : rule.rule());
        context.forward(new Record<>(
                AlertRecords.bytes(AlertRecords.key(alert)), new Routed(Routed.Kind.ALERT, value), record.timestamp()));
    }

    private void deadLetter(Record<byte[], byte[]> record, byte[] bytes, RecordEvents.Problem problem) {
        context.forward(new Record<>(
                record.key(),
                new Routed(Routed.Kind.DEAD_LETTER, bytes),
                record.timestamp(),
                DeadLetters.headers(record.headers(), problem, context.recordMetadata())));
    }

    /**
     * Sends the event once per state key to the state topic: the stateful rules at {@code stateful} (positions as
     * {@link Plan.Decided} writes them) that share a key share the record.
     */
    private void keyed(Record<byte[], byte[]> record, RecordEvents.Item item, int[] stateful) {
        List<CompiledRule> all = detector.rules();
        Map<String, List<KeyedEvent.Entry>> byKey = new LinkedHashMap<>();
        Map<String, Long> times = new LinkedHashMap<>();
        Event event = item.event();
        for (int at : stateful) {
            if (at >= all.size()) {
                CompiledRule rule = all.get(at - all.size());
                String key = keys.ruleKey(rule);
                byKey.computeIfAbsent(key, k -> new ArrayList<>(1))
                        .add(new KeyedEvent.Entry(KeyedEvent.Mode.INDICATOR, rule.ruleId()));
                times.putIfAbsent(key, record.timestamp());
                continue;
            }
            CompiledRule rule = all.get(at < 0 ? -at - 1 : at);
            Event fed = at < 0 ? event.alertDocument() : event;
            KeyedEvent.Mode mode = at < 0 ? KeyedEvent.Mode.ALERT_DOCUMENT : KeyedEvent.Mode.EVENT;
            List<String> ruleKeys;
            try {
                ruleKeys = keys.keys(rule, fed);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "rule {0} could not key an event: {1}", rule.ruleId(), e);
                continue;
            }
            for (String key : ruleKeys) {
                byKey.computeIfAbsent(key, k -> new ArrayList<>(1)).add(new KeyedEvent.Entry(mode, rule.ruleId()));
                times.putIfAbsent(key, StateKeys.time(rule, fed, settings.clock()));
            }
        }
        byKey.forEach((key, entries) -> context.forward(new Record<>(
                AlertRecords.bytes(key),
                new Routed(Routed.Kind.STATE, new KeyedEvent(entries, item.bytes()).encode()),
                Math.max(0, times.get(key)))));
    }
}
