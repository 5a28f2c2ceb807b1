package io.verdict.eql.sequence;

/**
 * One partial sequence of one key: the events of its stages so far, kept as JSON text (smaller than a parsed tree,
 * and the form a snapshot stores). Mutable, like Elasticsearch's own: advancing a stage moves the same object to the
 * next slot of its {@link KeyState}. Owned by one {@link SequenceState}; never shared.
 */
final class Pending {

    static final long NONE = Long.MIN_VALUE;

    final JoinKey key;
    final long[] times;
    final long[] seqs;
    final String[] events;
    /** The last stage matched. */
    int stage;
    /** A missing-event stage between two matched ones saw an event: the sequence runs on but is never returned. */
    boolean discarded;
    /** Latest leading missing-event time before the first stage; {@link #NONE} when none was seen. */
    long leading = NONE;
    /** When waiting for trailing missing events: the end of the window in which one would cancel it. */
    long deadline = NONE;
    /** Cancelled while waiting for trailing missing events. */
    boolean dropped;
    /** Estimated bytes of the events' texts (see {@link Footprint}). */
    int eventBytes;

    Pending(JoinKey key, int stages) {
        this.key = key;
        this.times = new long[stages];
        this.seqs = new long[stages];
        this.events = new String[stages];
    }

    void put(int stage, long time, long seq, String json) {
        this.stage = stage;
        times[stage] = time;
        seqs[stage] = seq;
        events[stage] = json;
        eventBytes += (int) Footprint.string(json);
    }

    long start(int firstPositive) {
        return times[firstPositive];
    }

    long lastSeq() {
        return seqs[stage];
    }

    long lastTime() {
        return times[stage];
    }
}
