package io.verdict.engine.batch;

import io.verdict.engine.Alert;
import io.verdict.engine.Evaluation;
import io.verdict.engine.FeedOrder;
import io.verdict.engine.Plan;
import io.verdict.event.Event;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One batch of events through a plan, the same for every caller (an HTTP batch, the CLI): the stateless rules
 * decide each event on all cores while the batch is still being read ({@link ChunkedPipeline}), and the results
 * come back in input order; the events that pass a stateful rule's query are held, and once the batch or a window
 * of {@link Settings#windowBytes} is read they are fed to each stateful rule in that rule's own order
 * ({@link FeedOrder}: its time field, its tiebreaker, input order), with the ticks of the ES|QL rules in between;
 * every alert released is decided again by the rules over the alerts index when a chain is given. Its listener
 * is told each result, attributed to the item it belongs to.
 *
 * <p>What it holds is bounded whatever the batch: chunks in flight by count and bytes, the held events by the
 * window. Not thread-safe: one per batch, fed from one thread. The plan must be bound to a state store when it has
 * stateful rules ({@link Plan#withState}).
 *
 * @param <R> an item as read
 * @param <I> an item parsed
 * @param <S> an item's alerts as the listener shapes them
 */
public final class BatchEvaluator<R, I extends BatchItem, S> {

    /**
     * @param chunkItems   items per chunk handed to a worker
     * @param chunkBytes   input bytes per chunk at most (besides the one item that crosses it)
     * @param windowBytes  input bytes of held events past which they are fed and a new window begins
     * @param includeEvent whether alerts carry their event
     * @param flushAtEnd   whether the input is the whole stream, so the ticks it would still pass run at its end
     */
    public record Settings(
            int chunkItems, long chunkBytes, long windowBytes, boolean includeEvent, boolean flushAtEnd) {

        /** Items per chunk: large enough to amortise the hand-over, small enough to stream. */
        public static final int CHUNK_ITEMS = 256;
        /** Input bytes per chunk, so a chunk of large events stays small. */
        public static final long CHUNK_BYTES = 1 << 20;

        /** The usual chunks, with this window. */
        public static Settings of(long windowBytes, boolean includeEvent, boolean flushAtEnd) {
            return new Settings(CHUNK_ITEMS, CHUNK_BYTES, windowBytes, includeEvent, flushAtEnd);
        }
    }

    /** What a held event costs besides its JSON: the records, its parsed fields, the list slot. */
    private static final int HELD_EVENT = 400;

    private static final int[] NONE = new int[0];

    /** An item as read, with the bytes of the input it took. */
    private record Read<R>(R raw, int bytes) {}

    /**
     * One item decided on a worker: its stateless evaluation and shaped alerts (or why it failed), what it is fed to
     * later, its time for the ticks, and what the notices count.
     */
    private record Outcome<I, S>(
            I item,
            Evaluation evaluation,
            S shaped,
            RuntimeException failure,
            Feed[] feeds,
            long time,
            int bytes,
            boolean readsNothing,
            List<String> looping) {}

    /** Rules of one lane fed one event ({@code positions} as {@link Plan.Decided#stateful()} writes them). */
    private record Feed(int lane, int[] positions, long time, Object tiebreaker) {}

    /** A feed of a held event, with the event's item and its place among the held events. */
    private record Held<I>(I item, Event event, Feed feed, int order) {}

    private final Plan plan;
    private final FeedOrder order;
    private final Settings settings;
    private final Function<List<Alert>, Evaluation> chain;
    private final BatchListener<R, I, S> listener;
    private final ChunkedPipeline<Read<R>, Outcome<I, S>> pipeline;
    private final List<Held<I>> held = new ArrayList<>();
    private int heldEvents;
    private long heldBytes;
    /** The event latest in the service's event time, which moves it for the ES|QL rules' ticks at the end. */
    private I latestItem;

    private long latestTime;
    private final BitSet matchedItems = new BitSet();
    private int events;
    private int matched;
    private int alerts;
    private long notRouted;
    private int windows;
    private final Map<String, Integer> unwrapped = new TreeMap<>();
    private int readingNothing;
    private final List<Integer> readingNothingAt = new ArrayList<>(BatchTotals.NAMED);
    private final Map<String, Integer> looping = new TreeMap<>();

    /**
     * @param chain what the rules over the alerts index make of released alerts (an evaluation with alerts and
     *              failures, not chained again); null: alerts are not chained
     */
    public BatchEvaluator(
            Plan plan, Settings settings, Function<List<Alert>, Evaluation> chain, BatchListener<R, I, S> listener) {
        this.plan = plan;
        this.order = plan.feedOrder();
        this.settings = settings;
        this.chain = chain;
        this.listener = listener;
        this.pipeline = new ChunkedPipeline<>(
                this::decide, this::account, listener::afterChunk, settings.chunkItems(), settings.chunkBytes());
    }

    /** Adds an item that took {@code bytes} of the input; it may be decided now or later, results come in order. */
    public void add(R raw, long bytes) {
        pipeline.add(new Read<>(raw, (int) Math.min(Integer.MAX_VALUE, bytes)), bytes);
    }

    /** Decides what is left, feeds the held events, runs the ticks the batch passed: what it came to. */
    public BatchTotals finish() {
        try {
            pipeline.finish();
            feedHeld();
            if (latestItem != null) {
                I latest = latestItem;
                release(latest, () -> plan.advance(latestTime, settings.includeEvent()));
                if (settings.flushAtEnd()) {
                    release(latest, () -> plan.flush(settings.includeEvent()));
                }
            }
        } finally {
            pipeline.abandon();
        }
        return new BatchTotals(
                events, matched, alerts, notRouted, unwrapped, readingNothing, readingNothingAt, looping, windows);
    }

    /** Gives up on the items in flight (the batch failed). */
    public void abandon() {
        pipeline.abandon();
    }

    /** On a worker: parses, decides an event by the stateless rules, shapes its alerts, finds its feeds. */
    private Outcome<I, S> decide(Read<R> read) {
        I item = listener.parse(read.raw());
        Event event = item.event();
        if (event == null) {
            return new Outcome<>(item, null, null, null, null, 0, read.bytes(), false, List.of());
        }
        try {
            long started = System.nanoTime();
            Plan.Decided decided = plan.decide(event, settings.includeEvent());
            Evaluation evaluation = decided.evaluation();
            listener.measured(evaluation, System.nanoTime() - started);
            S shaped = evaluation.matched() ? listener.shape(item, evaluation) : null;
            long time = plan.windowed() ? order.time(0, event) : 0;
            boolean readsNothing = !evaluation.matched() && plan.readsNothingOf(event);
            List<String> loops = event.alertDocument() == null ? List.of() : plan.loopingRules(event);
            return new Outcome<>(
                    item,
                    evaluation,
                    shaped,
                    null,
                    feeds(event, decided.stateful()),
                    time,
                    read.bytes(),
                    readsNothing,
                    loops);
        } catch (RuntimeException e) {
            // one event's failure (a time out of range, a value that cannot be written) is that event's error
            return new Outcome<>(item, null, null, e, null, 0, read.bytes(), false, List.of());
        }
    }

    /**
     * The event's stateful rules split by lane, and by whether they take the event or its alert document, each
     * with the time and tiebreaker of what it takes: usually one.
     */
    private Feed[] feeds(Event event, int[] stateful) {
        if (stateful.length == 0) {
            return null;
        }
        Feed[] feeds = new Feed[0];
        boolean[] done = new boolean[stateful.length];
        for (int i = 0; i < stateful.length; i++) {
            if (done[i]) {
                continue;
            }
            int lane = order.lane(stateful[i]);
            boolean alert = stateful[i] < 0;
            int[] positions = NONE;
            for (int j = i; j < stateful.length; j++) {
                if (!done[j] && order.lane(stateful[j]) == lane && stateful[j] < 0 == alert) {
                    done[j] = true;
                    positions = java.util.Arrays.copyOf(positions, positions.length + 1);
                    positions[positions.length - 1] = stateful[j];
                }
            }
            Event fed = alert ? event.alertDocument() : event;
            feeds = java.util.Arrays.copyOf(feeds, feeds.length + 1);
            feeds[feeds.length - 1] = new Feed(
                    lane,
                    positions,
                    order.time(lane, fed),
                    order.breaksTies(lane) ? order.tiebreaker(lane, fed) : null);
        }
        return feeds;
    }

    /** On the feeding thread, in input order: counts, the listener, chaining, holding for the stateful rules. */
    private void account(Outcome<I, S> outcome) {
        I item = outcome.item();
        Evaluation evaluation = outcome.evaluation();
        if (evaluation == null) {
            listener.rejected(item, outcome.failure());
            return;
        }
        Event event = item.event();
        if (outcome.feeds() != null) {
            // stateful rules need the window's events in their order: they get them once it is read
            for (Feed feed : outcome.feeds()) {
                held.add(new Held<>(item, event, feed, heldEvents));
            }
            heldEvents++;
            heldBytes += outcome.bytes() + HELD_EVENT;
        }
        if (plan.windowed()
                && outcome.time() != FeedOrder.NO_TIME
                && (latestItem == null || outcome.time() > latestTime)) {
            latestTime = outcome.time();
            latestItem = item;
        }
        events++;
        notRouted += evaluation.notRouted();
        if (!event.envelope().isEmpty()) {
            unwrapped.merge(event.envelope().get(0), 1, Integer::sum);
        }
        outcome.looping().forEach(ruleId -> looping.merge(ruleId, 1, Integer::sum));
        if (outcome.readsNothing() && readingNothing++ < BatchTotals.NAMED) {
            readingNothingAt.add(item.position());
        }
        if (evaluation.matched()) {
            matchedItems.set(item.position());
            matched++;
            alerts += evaluation.alerts().size();
        }
        listener.decided(item, evaluation, outcome.shaped());
        chain(item, evaluation.alerts());
        if (heldBytes >= settings.windowBytes()) {
            feedHeld();
        }
    }

    /**
     * The stateful rules over the held events, lane by lane, each in its order; the ticks of the ES|QL rules run
     * in lane 0 before an event later than they are joins their windows. Their alerts go to the items that
     * completed them.
     */
    private void feedHeld() {
        if (held.isEmpty()) {
            return;
        }
        windows++;
        held.sort((a, b) -> {
            int c = Integer.compare(a.feed().lane(), b.feed().lane());
            c = c != 0 ? c : Long.compare(a.feed().time(), b.feed().time());
            c = c != 0
                    ? c
                    : FeedOrder.compareTiebreakers(
                            a.feed().tiebreaker(), b.feed().tiebreaker());
            return c != 0 ? c : Integer.compare(a.order(), b.order());
        });
        boolean ticks = plan.windowed();
        for (Held<I> h : held) {
            Feed feed = h.feed();
            if (ticks && feed.lane() == 0 && feed.time() != FeedOrder.NO_TIME) {
                release(h.item(), () -> plan.advance(feed.time(), settings.includeEvent()));
            }
            release(h.item(), () -> plan.feed(h.event(), feed.positions(), settings.includeEvent()));
        }
        held.clear();
        heldEvents = 0;
        heldBytes = 0;
    }

    /** Runs a stateful step for {@code item} and releases what it decided to the listener, then chains it. */
    private void release(I item, Supplier<Evaluation> step) {
        Evaluation released;
        try {
            released = step.get();
        } catch (RuntimeException e) {
            listener.failed(item, e);
            return;
        }
        take(item, released, false);
    }

    private void take(I item, Evaluation released, boolean chained) {
        if (!released.matched() && released.failures().isEmpty()) {
            return;
        }
        if (!listener.released(item, released, chained)) {
            return;
        }
        alerts += released.alerts().size();
        if (released.matched() && !matchedItems.get(item.position())) {
            matchedItems.set(item.position());
            matched++;
        }
        if (!chained) {
            chain(item, released.alerts());
        }
    }

    /**
     * What the rules over the alerts index make of {@code released}, the alerts of {@code item}: released like
     * them. Their own alerts are not chained again (one level), so this ends there.
     */
    private void chain(I item, List<Alert> released) {
        if (chain == null || released.isEmpty()) {
            return;
        }
        take(item, chain.apply(released), true);
    }
}
