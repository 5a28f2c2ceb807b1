package io.verdict.config;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.verdict.engine.Detections;
import org.springframework.stereotype.Component;

/** Gauges of the current rule set ({@code verdict.rules.loaded}, {@code .errors}, {@code .load.time}) and state. */
@Component
class RuleMetrics implements MeterBinder {

    private final Detections detections;

    RuleMetrics(Detections detections) {
        this.detections = detections;
    }

    private static double sum(Detections detections, String stat) {
        return detections.state().stats().values().stream()
                .mapToLong(m -> m.getOrDefault(stat, 0L))
                .sum();
    }

    @Override
    public void bindTo(MeterRegistry meters) {
        Gauge.builder("verdict.rules.loaded", detections, d -> d.rules().size())
                .description("rules in the current rule set")
                .register(meters);
        Gauge.builder(
                        "verdict.rules.errors",
                        detections,
                        d -> d.rules().errors().size())
                .description("problems that kept rule files from loading")
                .register(meters);
        Gauge.builder(
                        "verdict.rules.load.time",
                        detections,
                        d -> d.rules().loadTime().toMillis())
                .baseUnit("milliseconds")
                .description("how long the last load of the rule paths took")
                .register(meters);
        Gauge.builder("verdict.state.entries", detections, d -> d.state().size())
                .description("groups, terms and sequence keys remembered by stateful rules")
                .register(meters);
        Gauge.builder("verdict.state.evictions", detections, d -> sum(d, "evictions"))
                .description("entries stateful rules forgot to stay within their bounds")
                .register(meters);
        Gauge.builder("verdict.state.memory", detections, d -> d.state().memoryBytes())
                .baseUnit("bytes")
                .description("estimated heap held by the state of all stateful rules")
                .register(meters);
        Gauge.builder("verdict.state.memory.max", detections, d -> d.state().maxMemoryBytes())
                .baseUnit("bytes")
                .description("what the state of all stateful rules may hold now (lowered while the heap is under"
                        + " pressure)")
                .register(meters);
    }
}
