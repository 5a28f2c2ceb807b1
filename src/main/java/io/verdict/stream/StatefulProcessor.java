package io.verdict.stream;

import io.verdict.engine.Alert;
import io.verdict.engine.CompiledRule;
import io.verdict.engine.Coverage;
import io.verdict.engine.Detector;
import io.verdict.engine.Evaluation;
import io.verdict.engine.Plan;
import io.verdict.engine.Selection;
import io.verdict.engine.StateKeys;
import io.verdict.engine.StateStore;
import io.verdict.event.Envelopes;
import io.verdict.event.Event;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import tools.jackson.databind.json.JsonMapper;

/**
 * The state side, on the partitions of the state topic: each record is an event for the stateful rules that keep
 * the record's key here. With a grace, records wait in a changelogged buffer ordered by (event time, arrival) until
 * the task's stream time has passed them by the grace, so events of one key that arrive out of order from several
 * input partitions are still fed in event-time order, as an HTTP batch sorts its events; an idle stream releases
 * what waits after a grace of wall-clock time without records. Then each rule is fed the event for that key only.
 */
final class StatefulProcessor implements Processor<byte[], byte[], byte[], byte[]> {

    private static final System.Logger LOG = System.getLogger(StatefulProcessor.class.getName());
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final StreamSettings settings;
    private final RuleKeys rules;
    private final StateStore.Limits limits;
    private final AlertRecords alerts;
    private ProcessorContext<byte[], byte[]> context;
    private KeyValueStore<Bytes, byte[]> buffer;
    private TaskState task;
    private Detector detector;
    private StateKeys keys;
    /** The plan over every rule with this task's state, for the ticks of the ES|QL rules; null without such rules. */
    private Plan windows;
    /** Arrival number of the next buffered record: orders records of the same event time. */
    private long arrival;

    private boolean arrivedSinceIdleCheck;

    StatefulProcessor(StreamSettings settings, RuleKeys rules, StateStore.Limits limits) {
        this.settings = settings;
        this.rules = rules;
        this.limits = limits;
        this.alerts = new AlertRecords(settings.alertFormat(), settings.clock());
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
        this.buffer = context.getStateStore(DetectionTopology.BUFFER_STORE);
        SnapshotStore snapshots = context.getStateStore(DetectionTopology.STATE_STORE);
        this.task = new TaskState(limits, snapshots.entries());
        RuleKeys.Current now = rules.get();
        this.detector = now.detector();
        this.keys = now.keys();
        this.windows = windowsOf(detector);
        for (String problem : task.load(detector)) {
            LOG.log(System.Logger.Level.WARNING, "state of task {0} not restored: {1}", context.taskId(), problem);
        }
        snapshots.beforeFlush(task::save);
        try (KeyValueIterator<Bytes, byte[]> all = buffer.all()) {
            while (all.hasNext()) {
                arrival =
                        Math.max(arrival, ByteBuffer.wrap(all.next().key.get()).getLong(8) + 1);
            }
        }
        context.schedule(
                Duration.ofMillis(Math.max(settings.graceMillis(), 1000)),
                PunctuationType.WALL_CLOCK_TIME,
                wallClock -> tick());
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        refresh();
        if (settings.graceMillis() == 0) {
            decide(record.key(), record.value(), record.timestamp());
            return;
        }
        buffer.put(bufferKey(record.timestamp(), arrival++), pack(record.key(), record.value()));
        arrivedSinceIdleCheck = true;
        release(context.currentStreamTimeMs() - settings.graceMillis());
    }

    /**
     * Every grace (at least a second) of wall-clock time: a rule set that changed drops the state of rules gone or
     * changed even on a partition without records, and a stream without records since the last tick releases what
     * waits.
     */
    private void tick() {
        refresh();
        if (settings.graceMillis() > 0 && !arrivedSinceIdleCheck) {
            release(Long.MAX_VALUE);
        }
        arrivedSinceIdleCheck = false;
    }

    /** Feeds, in (event time, arrival) order, every buffered record of an event time up to {@code watermark}. */
    private void release(long watermark) {
        List<KeyValue<Bytes, byte[]>> due = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> range = buffer.range(null, bufferKey(watermark, Long.MAX_VALUE))) {
            range.forEachRemaining(due::add);
        }
        for (KeyValue<Bytes, byte[]> entry : due) {
            buffer.delete(entry.key);
            ByteBuffer value = ByteBuffer.wrap(entry.value);
            byte[] key = new byte[value.getInt()];
            value.get(key);
            byte[] event = new byte[value.remaining()];
            value.get(event);
            decide(key, event, ordered(ByteBuffer.wrap(entry.key.get()).getLong()));
        }
    }

    private void refresh() {
        RuleKeys.Current now = rules.get();
        if (now.detector() != detector) {
            detector = now.detector();
            keys = now.keys();
            windows = windowsOf(detector);
            task.retain(detector);
        }
    }

    private static Plan windowsOf(Detector detector) {
        return detector.rules().stream().anyMatch(r -> r.coverage() == Coverage.ESQL_WINDOW)
                ? detector.plan(Selection.ALL, Plan.Unrouted.ALL_RULES)
                : null;
    }

    /** Feeds one keyed event to the rules it names, for its key only; their alerts go out. */
    private void decide(byte[] keyBytes, byte[] value, long time) {
        String key = new String(keyBytes, StandardCharsets.UTF_8);
        KeyedEvent keyed;
        Event event;
        try {
            keyed = KeyedEvent.decode(value);
            event = Envelopes.unwrap(Event.parse(JSON, keyed.event(), detector.fields()));
        } catch (RuntimeException e) {
            // the decide step read it already: only a record not written by it gets here
            LOG.log(System.Logger.Level.WARNING, "state record of key {0} is not a keyed event: {1}", key, e);
            return;
        }
        StateStore state = task.state();
        state.advanceEventTime(time);
        for (KeyedEvent.Entry entry : keyed.entries()) {
            CompiledRule rule = detector.find(entry.ruleId()).orElse(null);
            if (rule == null || !rule.coverage().stateful()) {
                continue;
            }
            try {
                List<Alert> completed = switch (entry.mode()) {
                    case INDICATOR -> {
                        task.indicatorsChanged();
                        yield keys.takeIndicator(rule, event, state, settings.includeEvent(), settings.clock());
                    }
                    case ALERT_DOCUMENT ->
                        event.alertDocument() == null
                                ? List.of()
                                : keys.feed(
                                        rule,
                                        event.alertDocument(),
                                        key,
                                        state,
                                        settings.includeEvent(),
                                        settings.clock());
                    case EVENT -> keys.feed(rule, event, key, state, settings.includeEvent(), settings.clock());
                };
                task.changed(rule.ruleId());
                forward(completed, time);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "rule {0} failed on an event: {1}", rule.ruleId(), e);
            }
        }
        if (windows != null) {
            Evaluation ticks = windows.withState(state).advance(time, settings.includeEvent());
            forward(ticks.alerts(), time);
            detector.rules().stream()
                    .filter(r -> r.coverage() == Coverage.ESQL_WINDOW)
                    .forEach(r -> task.changed(r.ruleId()));
        }
    }

    private void forward(List<Alert> completed, long time) {
        for (Alert alert : completed) {
            CompiledRule rule = detector.find(alert.rule().ruleId()).orElse(null);
            context.forward(new Record<>(
                    AlertRecords.bytes(AlertRecords.key(alert)),
                    alerts.value(alert, rule == null ? null : rule.rule()),
                    Math.max(0, time)));
        }
    }

    /** (event time, arrival) as a key whose bytes sort as the pair does. */
    static Bytes bufferKey(long time, long arrival) {
        return Bytes.wrap(ByteBuffer.allocate(16)
                .putLong(time ^ Long.MIN_VALUE)
                .putLong(arrival)
                .array());
    }

    private static long ordered(long flipped) {
        return flipped ^ Long.MIN_VALUE;
    }

    private static byte[] pack(byte[] key, byte[] value) {
        return ByteBuffer.allocate(4 + key.length + value.length)
                .putInt(key.length)
                .put(key)
                .put(value)
                .array();
    }
}
