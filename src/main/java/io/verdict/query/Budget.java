package io.verdict.query;

/**
 * The time one rule may spend deciding one event, kept cooperatively. Nothing reads the clock per rule or per
 * event: only work that can be long — a pattern list or a regex over a long value, a string function on a long
 * text — {@link #charge charges} what it is about to do, and the meter of the thread starts its clock at the rule's
 * first such charge and reads it again only every {@link #CHECK_EVERY} units of work (a unit is about one
 * character compared). Past the limit, the charge throws {@link Exceeded}, which ends the rule's work on the event.
 *
 * <p>An evaluation {@link #open opens} the meter of its thread with a limit, {@link #begin begins} each rule and
 * {@link #close closes} it after the event; a charge on a thread with no open meter (a query run outside an
 * evaluation: compiling, explaining) costs one thread-local read and nothing else. Work below {@link #SMALL} units
 * is not charged at all, so the ordinary event never touches the meter.
 */
public final class Budget {

    /** Work below this many units (characters compared) is not worth a charge. */
    public static final int SMALL = 4096;
    /** Units of work between two reads of the clock: tens of microseconds. */
    static final long CHECK_EVERY = 1 << 16;

    private static final ThreadLocal<Budget> CURRENT = ThreadLocal.withInitial(Budget::new);

    /** Nanoseconds a rule may spend on an event; 0 when no evaluation has the meter open. */
    private long limit;

    private boolean started;
    private long startedAt;
    private long sinceCheck;

    private Budget() {}

    /** The rule went over its budget on the event: its work on it ends here. Carries no stack trace. */
    public static final class Exceeded extends RuntimeException {
        private final long limitNanos;

        Exceeded(long limitNanos) {
            super(null, null, false, false);
            this.limitNanos = limitNanos;
        }

        public long limitNanos() {
            return limitNanos;
        }

        @Override
        public String getMessage() {
            return "took longer than its evaluation budget of " + Math.max(1, limitNanos / 1_000_000)
                    + " ms on this event";
        }
    }

    /** The meter of this thread, open with {@code limitNanos} per rule (positive) until {@link #close}. */
    public static Budget open(long limitNanos) {
        Budget meter = CURRENT.get();
        meter.limit = limitNanos;
        meter.started = false;
        return meter;
    }

    /** A new rule: its clock starts at its first charge. */
    public void begin() {
        started = false;
    }

    /** No evaluation holds the meter any more: charges are free again. */
    public void close() {
        limit = 0;
        started = false;
    }

    /**
     * Work of about {@code units} characters compared is about to be done for the current rule (callers charge
     * only work of at least {@link #SMALL} units, or add it up to that). Throws {@link Exceeded} when the rule has
     * spent its budget.
     */
    public static void charge(long units) {
        Budget meter = CURRENT.get();
        if (meter.limit > 0) {
            meter.spend(units);
        }
    }

    private void spend(long units) {
        if (!started) {
            started = true;
            startedAt = System.nanoTime();
            sinceCheck = units;
            return;
        }
        sinceCheck += units;
        if (sinceCheck >= CHECK_EVERY) {
            sinceCheck = 0;
            if (System.nanoTime() - startedAt > limit) {
                throw new Exceeded(limit);
            }
        }
    }
}
