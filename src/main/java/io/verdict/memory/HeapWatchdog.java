package io.verdict.memory;

import io.verdict.config.HeapShare;
import io.verdict.config.VerdictProperties;
import io.verdict.engine.Detections;
import io.verdict.engine.StateStore;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryNotificationInfo;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the heap from filling up whatever the byte estimates of the state say: when the old generation is still
 * above the high-water mark ({@code verdict.state.heap-high-water}, 85%) after a collection, the state budget is
 * lowered to half of what the state holds and the least recently used state is forgotten at once; again after each
 * collection that still finds the heap above the mark (at most once a second), so the budget keeps halving while
 * the pressure lasts. Once the heap after a collection is back under the mark minus 15 points, the configured budget
 * returns. Told by the JVM right after a collection that crosses the mark (a collection-usage threshold on the
 * tenured pool) and, in case a collector does not tell, it looks every second. Logged once at the first lowering
 * and at the return.
 */
final class HeapWatchdog {

    private static final Logger log = LoggerFactory.getLogger(HeapWatchdog.class);
    /** How far under the high-water mark the heap must be before the configured budget returns. */
    private static final double HYSTERESIS = 0.15;

    private static final long MIN_BUDGET = 1 << 20;

    private final StateStore store;
    private final double highWater;
    private final DoubleSupplier heapAfterCollection;
    private final MemoryPoolMXBean pool;
    private ScheduledExecutorService timer;
    private NotificationListener listener;
    private long lastLowered;
    private boolean lowered;
    private boolean warned;
    private long lowerings;

    HeapWatchdog(Detections detections, VerdictProperties properties) {
        this(
                detections.state(),
                HeapShare.fraction(properties.state().heapHighWater(), "verdict.state.heap-high-water"),
                tenuredPool());
    }

    private HeapWatchdog(StateStore store, double highWater, MemoryPoolMXBean pool) {
        this(store, highWater, pool == null ? () -> 0 : () -> fraction(pool.getCollectionUsage()), pool);
    }

    /** A watchdog reading the share of the heap used after the last collection from {@code heapAfterCollection}. */
    HeapWatchdog(StateStore store, double highWater, DoubleSupplier heapAfterCollection, MemoryPoolMXBean pool) {
        this.store = store;
        this.highWater = highWater;
        this.heapAfterCollection = heapAfterCollection;
        this.pool = pool;
    }

    @PostConstruct
    void start() {
        if (pool == null) {
            log.warn("No heap pool reports its usage after collection: the heap watchdog is off; the state stays"
                    + " within verdict.state.max-memory by its estimates alone");
            return;
        }
        long max = pool.getUsage().getMax();
        if (pool.isCollectionUsageThresholdSupported() && max > 0) {
            pool.setCollectionUsageThreshold((long) (max * highWater));
            listener = (notification, handback) -> {
                if (MemoryNotificationInfo.MEMORY_COLLECTION_THRESHOLD_EXCEEDED.equals(notification.getType())) {
                    check();
                }
            };
            ((NotificationEmitter) ManagementFactory.getMemoryMXBean()).addNotificationListener(listener, null, null);
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "verdict-heap-watchdog");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(this::check, 1, 1, TimeUnit.SECONDS);
    }

    /** Looks at the heap after the last collection; lowers or restores the state budget. */
    synchronized void check() {
        double used = heapAfterCollection.getAsDouble();
        long now = System.nanoTime();
        if (used >= highWater && (!lowered || now - lastLowered >= TimeUnit.SECONDS.toNanos(1))) {
            long before = store.memoryBytes();
            long budget = Math.max(MIN_BUDGET, before / 2);
            long after = store.lowerMemoryBudget(budget);
            lowered = true;
            lastLowered = now;
            lowerings++;
            if (!warned) {
                warned = true;
                log.warn(
                        "Heap after collection at {} of its maximum (high-water mark {}): the state of stateful rules"
                                + " is cut to a budget of {} MB, from {} MB to {} MB held, forgetting the least recently used;"
                                + " further cuts while the pressure lasts are not logged",
                        percent(used),
                        percent(highWater),
                        budget >> 20,
                        before >> 20,
                        after >> 20);
            } else {
                log.debug("Heap after collection at {}: state budget {} MB", percent(used), budget >> 20);
            }
        } else if (lowered && used < highWater - HYSTERESIS) {
            lowered = false;
            warned = false;
            store.restoreMemoryBudget();
            log.info(
                    "Heap after collection back at {}: the state budget is {} MB again ({} cuts meanwhile)",
                    percent(used),
                    store.maxMemoryBytes() >> 20,
                    lowerings);
        }
    }

    /** How often the budget was lowered since the start. */
    synchronized long lowerings() {
        return lowerings;
    }

    @PreDestroy
    void stop() {
        if (timer != null) {
            timer.shutdownNow();
        }
        if (listener != null) {
            try {
                ((NotificationEmitter) ManagementFactory.getMemoryMXBean()).removeNotificationListener(listener);
            } catch (javax.management.ListenerNotFoundException e) {
                // already gone
            }
        }
    }

    /**
     * The pool the old generation lives in: the heap pool that reports usage after collection, by name the tenured
     * one (G1 Old Gen, PS Old Gen, Tenured Gen), else the largest (a single-pool collector's heap).
     */
    static MemoryPoolMXBean tenuredPool() {
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP && p.isCollectionUsageThresholdSupported())
                .toList();
        return heap.stream()
                .filter(p -> {
                    String name = p.getName().toLowerCase(Locale.ROOT);
                    return name.contains("old") || name.contains("tenured");
                })
                .findFirst()
                .orElseGet(() -> heap.stream()
                        .max(Comparator.comparingLong(p -> p.getUsage().getMax()))
                        .orElse(null));
    }

    private static double fraction(MemoryUsage usage) {
        return usage == null || usage.getMax() <= 0 ? 0 : usage.getUsed() / (double) usage.getMax();
    }

    private static String percent(double fraction) {
        return Math.round(fraction * 100) + "%";
    }
}
