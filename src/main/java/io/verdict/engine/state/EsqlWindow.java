package io.verdict.engine.state;

import io.verdict.esql.EsqlDocument;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * The documents an ES|QL rule that needs many rows (it aggregates, or sorts, limits or inline-aggregates) will run
 * over, kept in event time until the ticks whose windows hold them have run. Kibana runs such a rule every
 * {@code interval} over the documents of {@code [tick - lookBack, tick]} (both ends included); here a tick runs once
 * event time has passed it, over the same documents. Ticks are multiples of the interval since the epoch, so runs
 * are the same however events are split into requests.
 *
 * <p>Bounded in documents and in estimated bytes: past either, the oldest documents go first (counted as
 * evictions). A document older than every window still to run is late and dropped (counted). Thread-safe.
 */
public final class EsqlWindow {

    private static final LongConsumer NO_TOTAL = bytes -> {};
    private static final long PER_DOCUMENT = 128;

    /** A tick due to run: its time and the documents of its window, in event-time order. */
    public record Tick(long at, long from, List<EsqlDocument> documents) {}

    private record Held(long time, long order, EsqlDocument document, long bytes) {}

    private final long interval;
    private final long lookBack;
    private final int maxDocuments;
    private final long maxBytes;
    /** Ordered by time, then arrival: most documents arrive in order, so an insert is an append. */
    private final ArrayList<Held> held = new ArrayList<>();

    private long arrivals;
    /** The first tick not run yet; {@link Long#MIN_VALUE} before the first document. */
    private long nextTick = Long.MIN_VALUE;

    private long bytes;
    private long evictions;
    private long late;
    private long ticksRun;
    private LongConsumer total = NO_TOTAL;
    /**
     * For a rule that alerts per document: the alerts made, with the tick that made them, so that the same document
     * found again by an overlapping window makes no second alert (Kibana's alert ids do the same).
     */
    private final java.util.LinkedHashMap<String, Long> emitted = new java.util.LinkedHashMap<>();

    public EsqlWindow(long intervalMillis, long lookBackMillis, int maxDocuments, long maxBytes) {
        if (intervalMillis <= 0) {
            throw new IllegalArgumentException("the interval must be positive");
        }
        this.interval = intervalMillis;
        this.lookBack = Math.max(0, lookBackMillis);
        this.maxDocuments = Math.max(1, maxDocuments);
        this.maxBytes = maxBytes;
    }

    /** Keeps a document of event time {@code time}; {@code size} is its estimated bytes. Returns false when late. */
    public synchronized boolean accept(EsqlDocument document, long time, long size) {
        if (nextTick == Long.MIN_VALUE) {
            nextTick = ceil(time);
        } else if (time < nextTick - lookBack) {
            late++;
            return false;
        }
        Held entry = new Held(time, arrivals++, document, size + PER_DOCUMENT);
        int at = held.size();
        while (at > 0 && held.get(at - 1).time() > time) {
            at--;
        }
        held.add(at, entry);
        grow(entry.bytes());
        while (held.size() > maxDocuments || bytes > maxBytes && held.size() > 1) {
            evictOldest();
        }
        return true;
    }

    /**
     * The ticks event time {@code now} has passed (a tick at {@code t} is passed when {@code now > t}), each with the
     * documents of its window; a tick whose window holds none is skipped (it would find nothing to alert on).
     * Documents no later window can hold are forgotten.
     */
    public synchronized List<Tick> due(long now) {
        if (nextTick == Long.MIN_VALUE || now <= nextTick) {
            return List.of();
        }
        List<Tick> out = new ArrayList<>(1);
        int first = 0;
        while (nextTick < now) {
            long from = nextTick - lookBack;
            while (first < held.size() && held.get(first).time() < from) {
                first++;
            }
            if (first == held.size()) {
                // nothing left for this or any later tick before now: jump to the first tick after now
                nextTick = Math.max(nextTick + interval, ceil(now));
                break;
            }
            long earliest = held.get(first).time();
            if (earliest > nextTick) {
                // the next window with a document is the first tick at or after it
                nextTick = ceil(earliest);
                continue;
            }
            List<EsqlDocument> documents = new ArrayList<>();
            for (int i = first; i < held.size() && held.get(i).time() <= nextTick; i++) {
                documents.add(held.get(i).document());
            }
            out.add(new Tick(nextTick, from, documents));
            ticksRun++;
            nextTick += interval;
        }
        forgetBefore(nextTick - lookBack);
        return out;
    }

    /** Whether an alert of this id is new; remembered for as long as a window can find its document again. */
    public synchronized boolean firstEmission(String id, long tick) {
        emitted.values().removeIf(t -> t < tick - lookBack - interval);
        while (emitted.size() >= maxDocuments) {
            emitted.remove(emitted.keySet().iterator().next());
        }
        return emitted.putIfAbsent(id, tick) == null;
    }

    /** The earliest event time at which a tick becomes due; {@link Long#MAX_VALUE} when none is waiting. */
    public synchronized long nextDue() {
        return nextTick == Long.MIN_VALUE || held.isEmpty()
                ? Long.MAX_VALUE
                : Math.max(nextTick, held.get(0).time());
    }

    private long ceil(long time) {
        return Math.floorDiv(time, interval) * interval + (Math.floorMod(time, interval) == 0 ? 0 : interval);
    }

    private void forgetBefore(long from) {
        int drop = 0;
        while (drop < held.size() && held.get(drop).time() < from) {
            grow(-held.get(drop).bytes());
            drop++;
        }
        if (drop > 0) {
            held.subList(0, drop).clear();
        }
    }

    private void evictOldest() {
        grow(-held.remove(0).bytes());
        evictions++;
    }

    private void grow(long delta) {
        bytes += delta;
        total.accept(delta);
    }

    /** What the window holds, as plain data: the next tick and each document with its time. */
    public synchronized java.util.Map<String, Object> snapshot() {
        List<java.util.Map<String, Object>> documents = new ArrayList<>(held.size());
        for (Held h : held) {
            EsqlDocument d = h.document();
            java.util.Map<String, Object> out = new java.util.LinkedHashMap<>();
            out.put("time", h.time());
            out.put("bytes", h.bytes() - PER_DOCUMENT);
            out.put("id", d.id());
            out.put("index", d.index());
            out.put("version", d.version());
            out.put("source", d.event().root());
            documents.add(out);
        }
        java.util.Map<String, Object> out = new java.util.LinkedHashMap<>();
        out.put("next_tick", nextTick);
        out.put("documents", documents);
        return out;
    }

    /** Takes back a {@link #snapshot()}: the documents it held and the tick it was at. */
    public synchronized void restore(java.util.Map<String, Object> snapshot) {
        tools.jackson.databind.ObjectMapper json = new tools.jackson.databind.ObjectMapper();
        List<Held> restored = new ArrayList<>();
        for (Object item : (List<?>) snapshot.get("documents")) {
            java.util.Map<?, ?> d = (java.util.Map<?, ?>) item;
            io.verdict.event.Event event = io.verdict.event.Event.of(json.valueToTree(d.get("source")));
            Object index = d.get("index");
            restored.add(new Held(
                    ((Number) d.get("time")).longValue(),
                    arrivals++,
                    new EsqlDocument(
                            event,
                            d.get("id") == null ? null : d.get("id").toString(),
                            index == null ? null : index.toString(),
                            ((Number) d.get("version")).longValue()),
                    ((Number) d.get("bytes")).longValue() + PER_DOCUMENT));
        }
        forgetBefore(Long.MAX_VALUE);
        restored.sort(java.util.Comparator.comparingLong(Held::time).thenComparingLong(Held::order));
        for (Held h : restored) {
            held.add(h);
            grow(h.bytes());
        }
        nextTick = ((Number) snapshot.get("next_tick")).longValue();
        while (held.size() > maxDocuments || bytes > maxBytes && held.size() > 1) {
            evictOldest();
        }
    }

    /** Has the window report its bytes to {@code total} (null: to nobody) from now on. */
    public synchronized void countInto(LongConsumer total) {
        this.total.accept(-bytes);
        this.total = total == null ? NO_TOTAL : total;
        this.total.accept(bytes);
    }

    public synchronized long memoryBytes() {
        return bytes;
    }

    /** Forgets the oldest documents (counted as evictions) until at most {@code maxBytes} are held. */
    public synchronized void shrinkTo(long maxBytes) {
        while (bytes > maxBytes && !held.isEmpty()) {
            evictOldest();
        }
    }

    public synchronized int documents() {
        return held.size();
    }

    public synchronized long evictions() {
        return evictions;
    }

    public synchronized long late() {
        return late;
    }

    public synchronized long ticksRun() {
        return ticksRun;
    }
}
