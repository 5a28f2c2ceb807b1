package io.verdict.config;

import io.verdict.engine.StateStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The bounds of the service's {@link StateStore} from the {@code verdict.state} properties and the maximum heap. */
final class StateLimits {

    private static final Logger log = LoggerFactory.getLogger(StateLimits.class);

    private StateLimits() {}

    static StateStore.Limits of(VerdictProperties.State state) {
        return of(state, Runtime.getRuntime().maxMemory());
    }

    static StateStore.Limits of(VerdictProperties.State state, long maxHeap) {
        long total = HeapShare.bytes(state.maxMemory(), maxHeap, maxHeap / 4, "verdict.state.max-memory");
        long perRule = Math.min(
                total, HeapShare.bytes(state.maxMemoryPerRule(), maxHeap, total, "verdict.state.max-memory-per-rule"));
        log.info(
                "State of stateful rules: at most {} MB in all ({} of a {} MB heap), {} MB per rule",
                total >> 20,
                state.maxMemory(),
                maxHeap >> 20,
                perRule >> 20);
        return new StateStore.Limits(
                state.maxKeysPerRule(),
                state.maxTermsPerRule(),
                state.maxKeysTotal(),
                state.allowedLateness().toMillis(),
                total,
                perRule,
                state.maxIndicators());
    }
}
