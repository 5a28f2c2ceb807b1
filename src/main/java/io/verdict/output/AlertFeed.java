package io.verdict.output;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The newest released alerts, in a ring bounded by count and by estimated bytes: past either bound the oldest go.
 * Each alert has a sequence number one above the one before, so a reader pages with a cursor ({@code after}) and
 * is told how many alerts went from the ring before it read them. Thread-safe: appends and reads take one lock for
 * the few steps they need (positions are computed from sequence numbers, never searched).
 */
public final class AlertFeed {

    private final int maxAlerts;
    private final long maxBytes;
    /** Grown on demand up to maxAlerts, so a large bound costs nothing until alerts come. */
    private ReleasedAlert[] array;
    /** Index in {@link #array} of the oldest kept alert. */
    private int head;

    private int size;
    private long bytes;
    /** The last sequence number given; the oldest kept is {@code last - size + 1}. */
    private long last;

    private long evicted;

    public AlertFeed(int maxAlerts, long maxBytes) {
        this.maxAlerts = maxAlerts;
        this.maxBytes = maxBytes;
        this.array = new ReleasedAlert[Math.min(maxAlerts, 1024)];
    }

    /** What a read found. */
    public record Page(
            List<ReleasedAlert> alerts, long next, long oldest, long newest, long missed, boolean restarted) {}

    /** Counts of the ring now. */
    public record Stats(int size, long bytes, long oldest, long newest, long evicted, int maxAlerts, long maxBytes) {}

    /** Appends an alert made by {@code make} with the next sequence number; returns it. */
    public synchronized ReleasedAlert append(java.util.function.LongFunction<ReleasedAlert> make) {
        ReleasedAlert alert = make.apply(last + 1);
        last++;
        if (size == array.length && size < maxAlerts) {
            grow();
        }
        if (size == maxAlerts) {
            dropOldest();
        }
        array[(head + size) % array.length] = alert;
        size++;
        bytes += alert.bytes();
        while (bytes > maxBytes && size > 1) {
            dropOldest();
        }
        return alert;
    }

    private void grow() {
        ReleasedAlert[] larger = new ReleasedAlert[(int) Math.min(maxAlerts, (long) array.length * 2)];
        for (int i = 0; i < size; i++) {
            larger[i] = array[(head + i) % array.length];
        }
        array = larger;
        head = 0;
    }

    private void dropOldest() {
        ReleasedAlert oldest = array[head];
        array[head] = null;
        head = (head + 1) % array.length;
        size--;
        bytes -= oldest.bytes();
        evicted++;
    }

    /**
     * Up to {@code limit} alerts that pass {@code filter}, oldest first. With a cursor ({@code after} not null):
     * those after it, and {@code next} the last sequence number looked at, to pass as the next cursor; a cursor
     * past the newest (the feed began again with the service) reads from the oldest and says so. Without one: the
     * newest that pass. {@code missed}: alerts after the cursor that went from the ring before this read.
     */
    public synchronized Page read(Long after, int limit, Predicate<ReleasedAlert> filter) {
        long oldest = last - size + 1;
        List<ReleasedAlert> found = new ArrayList<>(Math.min(limit, size));
        if (after == null) {
            for (int i = size - 1; i >= 0 && found.size() < limit; i--) {
                ReleasedAlert alert = at(i);
                if (filter.test(alert)) {
                    found.add(alert);
                }
            }
            java.util.Collections.reverse(found);
            return new Page(found, last, oldest, last, 0, false);
        }
        boolean restarted = after > last;
        long from = restarted ? 0 : Math.max(after, 0);
        long missed = from < oldest - 1 ? oldest - 1 - from : 0;
        long next = Math.max(from, oldest - 1);
        for (int i = (int) Math.max(0, from + 1 - oldest); i < size && found.size() < limit; i++) {
            ReleasedAlert alert = at(i);
            next = alert.seq();
            if (filter.test(alert)) {
                found.add(alert);
            }
        }
        if (found.size() < limit) {
            next = last; // everything kept was looked at
        }
        return new Page(found, next, oldest, last, restarted ? 0 : missed, restarted);
    }

    private ReleasedAlert at(int i) {
        return array[(head + i) % array.length];
    }

    public synchronized Stats stats() {
        return new Stats(size, bytes, last - size + 1, last, evicted, maxAlerts, maxBytes);
    }
}
